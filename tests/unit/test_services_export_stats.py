"""The operator's export and stats, over the remembering unit of work: which complaints a
range holds, when phone numbers are in and how that is recorded, and the counts."""

from collections import Counter
from collections.abc import Collection
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.clock import FakeClock
from bot.domain.notices import Notices
from bot.domain.response_policy import load_policy
from bot.services.accounts import AccountService
from bot.services.deadlines import Deadlines
from bot.services.export import PHONE_COLUMN, ExportService, columns_of
from bot.services.intake import Draft, IntakeService
from bot.services.stats import Grouping, gather_stats
from storage.models import Complaint, ComplaintEvent, Survey
from tests.fakes.unit_of_work import FakeUnitOfWork

TEHRAN = ZoneInfo("Asia/Tehran")
DEADLINES = Deadlines(load_policy(None, TEHRAN))
PHONE = "+989121234567"


class BulkReads:
    """The bulk reads an export and the stats make, over the fake's rows."""

    def __init__(self, uow: FakeUnitOfWork, ladder: dict[str, int] | None = None) -> None:
        self._uow = uow
        self._ladder = ladder or {"at_risk": 0, "breached": 0, "unassigned": 0}

    def _filed(self, start: datetime | None, end: datetime | None) -> list[Complaint]:
        rows = sorted(self._uow.complaints.rows.values(), key=lambda c: c.id)
        return [
            c
            for c in rows
            if (start is None or c.created_at >= start) and (end is None or c.created_at < end)
        ]

    async def filed_between(self, start: datetime, end: datetime) -> list[Complaint]:
        return self._filed(start, end)

    async def histories(self, ids: Collection[int]) -> dict[int, list[ComplaintEvent]]:
        return {i: [e for e in self._uow.complaints.events if e.complaint_id == i] for i in ids}

    async def surveys(self, ids: Collection[int]) -> dict[int, Survey]:
        return {i: s for i, s in self._uow.surveys.rows.items() if i in ids}

    async def counts_by(
        self, grouping: Grouping, start: datetime | None = None, end: datetime | None = None
    ) -> dict[str, int]:
        return dict(Counter(str(getattr(c, grouping)) for c in self._filed(start, end)))

    async def first_responses(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[tuple[datetime, datetime]]:
        return [
            (c.created_at, c.first_responded_at)
            for c in self._filed(start, end)
            if c.first_responded_at is not None
        ]

    async def counts(self, at_risk: int, breached: int) -> dict[str, int]:
        return self._ladder


async def filed(uow: FakeUnitOfWork, clock: FakeClock, user_id: int, category: str) -> Complaint:
    person = await AccountService(uow, clock).ensure(user_id, user_id, "fa", "Sara")  # type: ignore[arg-type]
    draft = Draft(category, "It came late.", "refund", clock.now(), phone=PHONE)
    service = IntakeService(uow, clock, DEADLINES, Notices())  # type: ignore[arg-type]
    return (await service.submit(person, draft, f"key-{user_id}")).complaint


def export(uow: FakeUnitOfWork, clock: FakeClock) -> ExportService:
    return ExportService(uow, BulkReads(uow), clock, TEHRAN)  # type: ignore[arg-type]


def tehran_day(moment: datetime) -> date:
    return moment.astimezone(TEHRAN).date()


async def test_an_export_holds_the_days_asked_for_and_no_phone_numbers() -> None:
    uow, clock = FakeUnitOfWork(), FakeClock()
    first = await filed(uow, clock, 1, "delay")
    clock.advance(days=3)
    await filed(uow, clock, 2, "billing")
    day = tehran_day(first.created_at)
    rows = await export(uow, clock).rows(day, day)
    assert [row["tracking_code"] for row in rows] == [first.tracking_code]
    assert rows[0]["category"] == "delay"
    assert rows[0]["description"] == "It came late."
    assert PHONE_COLUMN not in columns_of(rows, with_phones=False)
    assert all(PHONE not in str(value) for value in rows[0].values())
    assert "exported" not in uow.complaints.kinds(first.id)


async def test_phone_numbers_come_only_when_asked_and_each_complaint_records_it() -> None:
    uow, clock = FakeUnitOfWork(), FakeClock()
    complaint = await filed(uow, clock, 1, "delay")
    day = tehran_day(complaint.created_at)
    rows = await export(uow, clock).rows(day, day, with_phones=True)
    assert rows[0][PHONE_COLUMN] == complaint.contact_phone
    assert uow.complaints.kinds(complaint.id)[-1] == "exported"


async def test_a_range_ends_with_its_last_day_in_the_organisations_time_zone() -> None:
    uow, clock = FakeUnitOfWork(), FakeClock()
    complaint = await filed(uow, clock, 1, "delay")
    day = tehran_day(complaint.created_at)
    earlier = day - timedelta(days=1)
    assert await export(uow, clock).rows(earlier, earlier) == []
    assert len(await export(uow, clock).rows(earlier, day)) == 1


async def test_stats_count_by_kind_and_take_the_median_first_response() -> None:
    uow, clock = FakeUnitOfWork(), FakeClock()
    answered = [await filed(uow, clock, n, "delay") for n in (1, 2, 3)]
    await filed(uow, clock, 4, "billing")
    for complaint, hours in zip(answered, (1, 2, 6), strict=True):
        complaint.first_responded_at = complaint.created_at + timedelta(hours=hours)
        complaint.status = "in_progress"
    ladder = {"at_risk": 1, "breached": 2, "unassigned": 1}
    reads = BulkReads(uow, ladder)
    stats = await gather_stats(reads, reads)
    assert stats.by_category == {"delay": 3, "billing": 1}
    assert stats.by_status == {"in_progress": 3, "received": 1}
    assert (stats.total, stats.open) == (4, 4)
    assert (stats.overdue, stats.at_risk, stats.unassigned) == (2, 1, 1)
    assert stats.median_first_response == timedelta(hours=2)
    assert stats.first_responses == 3

"""Every figure of a report against a hand count over six complaints, a week and a moved clock.

The week is Saturday 21 – Friday 27 November 2026 in Tehran; the desk works Saturday–Wednesday
08–16 and Thursday 08–12 (the default calendar). Times below are Tehran wall-clock times."""

from datetime import UTC, date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import FakeClock
from bot.domain.report_period import Period
from bot.domain.response_policy import load_policy
from bot.services.reports import Assignee, Bucket, Durations, Figures, ReportService, durations
from bot.services.unit_of_work import UnitOfWork
from storage.models import Complaint, Survey
from tests.fakes.unit_of_work import FakeUnitOfWork

TEHRAN = ZoneInfo("Asia/Tehran")
WEEK = Period(date(2026, 11, 21), date(2026, 11, 28))
REZA, ALI = 501, 502
SERIAL = count(1)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A Tehran wall-clock moment in November 2026, as the database keeps it (UTC)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=TEHRAN).astimezone(UTC)


async def complaint(uow: UnitOfWork, owner: int, **values: object) -> Complaint:
    n = next(SERIAL)
    row = Complaint(
        tracking_code=f"{n:012d}",
        submission_key=f"report-{n}",
        complainant_id=owner,
        description="…",
        remedy="apology",
        language="fa",
        consent_at=values["created_at"],
        updated_at=values["created_at"],
        ladder=0,
        **values,
    )
    return await uow.complaints.add(row)


async def moved(uow: UnitOfWork, row: Complaint, old: str, new: str, when: datetime) -> None:
    await uow.complaints.log(
        complaint_id=row.id,
        kind="status_changed",
        actor_kind="staff",
        actor_id=row.assignee_id,
        at=when,
        old_status=old,
        new_status=new,
    )


async def survey(uow: UnitOfWork, row: Complaint, sent: datetime, *answers: int | None) -> None:
    done = sent + timedelta(hours=1) if answers else None
    values = dict(zip(("overall", "timeliness", "informed", "fairness"), answers, strict=False))
    await uow.surveys.add(Survey(complaint_id=row.id, sent_at=sent, completed_at=done, **values))


async def the_week(uow: UnitOfWork) -> None:
    """Six complaints of five complainants (ids 1–5), with their moves and surveys."""
    far = at(30, 12)
    # 1: normal, answered after 2 working hours, resolved after 7 + 2 = 9, then closed.
    one = await complaint(
        uow, 1, category="delay", priority="normal", status="closed", created_at=at(21, 9),
        first_responded_at=at(21, 11), resolved_at=at(22, 10), closed_at=at(23, 9),
        first_response_due=at(22, 9), resolution_due=far, assignee_id=REZA, assignee_name="Reza",
    )  # fmt: skip
    await moved(uow, one, "received", "in_progress", at(21, 11))
    await moved(uow, one, "in_progress", "resolved", at(22, 10))
    await moved(uow, one, "resolved", "closed", at(23, 9))
    await survey(uow, one, at(23, 9), 5, 4, 5, 4)
    # 2: the same person again; high, answered after 1 + 2 working hours; rejected.
    two = await complaint(
        uow, 1, category="billing", priority="high", status="rejected", created_at=at(21, 15),
        first_responded_at=at(22, 10), first_response_due=at(22, 11), resolution_due=far,
        assignee_id=ALI, assignee_name="Ali",
    )  # fmt: skip
    await moved(uow, two, "in_progress", "rejected", at(23, 12))
    await survey(uow, two, at(23, 13), 2, 1, None, 3)
    # 3: urgent, counted in real hours: answered after 3 h, one hour past its due; still open.
    await complaint(
        uow, 2, category="billing", priority="urgent", status="in_progress", created_at=at(24, 10),
        first_responded_at=at(24, 13), first_response_due=at(24, 12), resolution_due=at(25, 10),
        assignee_id=REZA, assignee_name="Reza",
    )  # fmt: skip
    # 4: nobody has answered, and its due date (8 working hours on) is before the clock.
    await complaint(
        uow, 3, category="billing", priority="normal", status="received", created_at=at(25, 9),
        first_response_due=at(26, 9), resolution_due=far,
    )  # fmt: skip
    # 5: filed the week before, reopened and resolved again this week: 7+4+8+8+8+3 = 38 h.
    five = await complaint(
        uow, 4, category="delay", priority="normal", status="resolved", created_at=at(18, 9),
        first_responded_at=at(18, 10), resolved_at=at(24, 11), first_response_due=at(19, 9),
        resolution_due=far, assignee_id=ALI, assignee_name="Ali",
    )  # fmt: skip
    await moved(uow, five, "resolved", "reopened", at(23, 10))
    await moved(uow, five, "reopened", "resolved", at(24, 11))
    await survey(uow, five, at(24, 12))
    # 6: withdrawn at once, before anyone answered: neither late nor a closure of anyone's.
    six = await complaint(
        uow, 5, category="other", priority="low", status="withdrawn", created_at=at(26, 8, 30),
        first_response_due=far, resolution_due=far,
    )  # fmt: skip
    await moved(uow, six, "received", "withdrawn", at(26, 9))


@pytest.fixture
async def figures() -> Figures:
    uow = FakeUnitOfWork()
    await the_week(uow)
    clock = FakeClock(at(26, 12))
    return await ReportService(uow, clock, load_policy(None, TEHRAN)).figures(WEEK)


async def test_counts_of_the_complaints_filed(figures: Figures) -> None:
    assert figures.new == 5
    assert figures.by_status == {
        "closed": 1, "rejected": 1, "in_progress": 1, "received": 1, "withdrawn": 1
    }  # fmt: skip
    assert figures.by_category == {"delay": 1, "billing": 3, "other": 1}
    assert figures.by_priority == {"normal": 2, "high": 1, "urgent": 1, "low": 1}
    assert figures.repeat_complainants == 1


async def test_new_and_closed_per_day(figures: Figures) -> None:
    days = [date(2026, 11, d) for d in range(21, 28)]
    assert figures.buckets == [
        Bucket(day, new, closed)
        for day, new, closed in zip(
            days, [2, 0, 0, 1, 1, 1, 0], [0, 1, 1, 1, 0, 1, 0], strict=True
        )
    ]


async def test_times_in_working_hours_where_the_target_counts_them(figures: Figures) -> None:
    hours = lambda n: timedelta(hours=n)  # noqa: E731
    assert figures.first_response == Durations(3, hours(3), hours(3))
    assert figures.resolution == Durations(2, hours(23.5), hours(38))


async def test_past_target_and_reopened(figures: Figures) -> None:
    assert figures.past_target == 2
    assert (figures.reopened, figures.settled) == (1, 3)


async def test_surveys(figures: Figures) -> None:
    assert (figures.surveys_sent, figures.surveys_answered) == (3, 2)
    assert figures.question_averages == {
        "overall": 3.5, "timeliness": 2.5, "informed": 5.0, "fairness": 3.5
    }  # fmt: skip
    assert figures.category_scores == {"delay": 5.0, "billing": 2.0}


async def test_top_assignees(figures: Figures) -> None:
    assert figures.top_closers == [
        Assignee(ALI, "Ali", 2, 2.0, 1),
        Assignee(REZA, "Reza", 1, 5.0, 1),
    ]
    assert [a.user_id for a in figures.top_scored] == [REZA, ALI]


async def test_a_long_period_is_counted_per_week() -> None:
    uow = FakeUnitOfWork()
    await the_week(uow)
    period = Period(date(2026, 11, 7), date(2026, 12, 12))  # five weeks
    found = await ReportService(uow, FakeClock(at(26, 12)), load_policy(None, TEHRAN)).figures(
        period
    )
    assert [b.first for b in found.buckets] == [
        date(2026, 11, 7) + timedelta(days=7 * i) for i in range(5)
    ]
    assert [b.new for b in found.buckets] == [0, 1, 5, 0, 0]  # 5 was filed on the 18th
    assert [b.closed for b in found.buckets] == [0, 0, 4, 0, 0]


def test_percentiles_by_nearest_rank() -> None:
    ten = [timedelta(minutes=m) for m in range(1, 11)]
    assert durations(ten) == Durations(10, timedelta(minutes=5.5), timedelta(minutes=9))
    assert durations([]) == Durations(0, None, None)

"""What a complainant may do after filing, and what a code tells whom, by the services' rules."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import FakeClock
from bot.domain.notices import CardChanged, Notices, TellComplainant, TellStaff, TellSupervisors
from bot.domain.response_policy import load_policy
from bot.services.accounts import AccountService
from bot.services.deadlines import Deadlines
from bot.services.follow_up import (
    FOLLOW_UPS_PER_HOUR,
    FollowUpService,
    NotAwaitingAnswer,
    NotOpen,
    NotYours,
    TooLate,
    TooMany,
)
from bot.services.intake import Draft, IntakeService
from bot.services.status_lookup import (
    Locked,
    NeedPhoneDigits,
    NoMatch,
    OwnerView,
    StatusLookupService,
    StrangerView,
)
from storage.models import Complainant, Complaint
from tests.fakes.unit_of_work import FakeUnitOfWork

DEADLINES = Deadlines(load_policy(None, ZoneInfo("Asia/Tehran")))
GRACE = timedelta(days=14)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def filed(
    uow: FakeUnitOfWork, clock: FakeClock, user_id: int = 7, status: str = "received"
) -> tuple[Complainant, Complaint]:
    """A complainant and one complaint of theirs, moved straight to `status`."""
    person = await AccountService(uow, clock).ensure(user_id, user_id, "fa", "Sara")  # type: ignore[arg-type]
    draft = Draft("delay", "It came late.", "refund", clock.now(), phone="+989121234567")
    service = IntakeService(uow, clock, DEADLINES, Notices())  # type: ignore[arg-type]
    complaint = (await service.submit(person, draft, f"key-{user_id}-{status}")).complaint
    complaint.status = status
    if status == "closed":
        complaint.closed_at = clock.now()
    return person, complaint


def follow_up(uow: FakeUnitOfWork, clock: FakeClock, notices: Notices) -> FollowUpService:
    return FollowUpService(uow, clock, DEADLINES, notices)  # type: ignore[arg-type]


async def test_withdrawing_keeps_the_complaint_and_tells_staff(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    notices = Notices()
    person, complaint = await filed(uow, clock)
    await follow_up(uow, clock, notices).withdraw(person, complaint.tracking_code)
    assert complaint.status == "withdrawn" and complaint.id in uow.complaints.locked
    assert notices.items == [TellStaff(complaint.id, "withdrawn"), CardChanged(complaint.id)]
    with pytest.raises(NotOpen):
        await follow_up(uow, clock, Notices()).withdraw(person, complaint.tracking_code)


async def test_nobody_acts_on_someone_elses_code(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    _, complaint = await filed(uow, clock, user_id=1)
    stranger, _ = await filed(uow, clock, user_id=2)
    service = follow_up(uow, clock, Notices())
    with pytest.raises(NotYours):
        await service.withdraw(stranger, complaint.tracking_code)
    with pytest.raises(NotYours):
        await service.add_information(stranger, complaint.tracking_code, "mine now", [])
    assert complaint.status == "received"


@pytest.mark.parametrize("status", ["waiting", "rejected", "closed", "in_progress"])
async def test_accept_and_not_resolved_only_answer_a_resolution(
    uow: FakeUnitOfWork, clock: FakeClock, status: str
) -> None:
    notices = Notices()
    person, complaint = await filed(uow, clock, status=status)
    service = follow_up(uow, clock, notices)
    with pytest.raises(NotAwaitingAnswer):
        await service.accept_resolution(person, complaint.tracking_code)
    with pytest.raises(NotAwaitingAnswer):
        await service.refuse_resolution(person, complaint.tracking_code)
    assert complaint.status == status and notices.items == []


async def test_accepting_closes_and_asks_for_the_survey(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    notices = Notices()
    person, complaint = await filed(uow, clock, status="resolved")
    await follow_up(uow, clock, notices).accept_resolution(person, complaint.tracking_code)
    assert complaint.status == "closed" and complaint.id in uow.surveys.rows
    assert TellComplainant(complaint.id, "survey") in notices.items


async def test_not_resolved_reopens_and_brings_in_the_supervisors(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    notices = Notices()
    person, complaint = await filed(uow, clock, status="resolved")
    await follow_up(uow, clock, notices).refuse_resolution(person, complaint.tracking_code)
    assert complaint.status == "reopened"
    assert TellSupervisors(complaint.id, "not_resolved") in notices.items


async def test_reopening_is_only_for_a_closed_complaint_within_the_grace_period(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    person, complaint = await filed(uow, clock, status="closed")
    _, rejected = await filed(uow, clock, status="rejected")
    service = follow_up(uow, clock, Notices())
    with pytest.raises(NotOpen):
        await service.reopen(person, rejected.tracking_code, GRACE)
    clock.advance(days=15)
    with pytest.raises(TooLate) as late:
        await service.reopen(person, complaint.tracking_code, GRACE)
    assert late.value.until == complaint.closed_at + GRACE  # type: ignore[operator]
    clock.set(complaint.closed_at + timedelta(days=3))  # type: ignore[operator]
    await service.reopen(person, complaint.tracking_code, GRACE)
    assert complaint.status == "reopened"


async def test_follow_ups_are_capped_per_hour_and_say_when_more_may_come(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    person, complaint = await filed(uow, clock)
    service = follow_up(uow, clock, Notices())
    first = clock.now()
    for number in range(FOLLOW_UPS_PER_HOUR):
        await service.add_information(person, complaint.tracking_code, f"detail {number}", [])
        clock.advance(seconds=10)
    with pytest.raises(TooMany) as refused:
        await service.add_information(person, complaint.tracking_code, "one more", [])
    assert refused.value.until == first + timedelta(hours=1)
    assert uow.complaints.kinds(complaint.id).count("info_added") == FOLLOW_UPS_PER_HOUR
    clock.set(first + timedelta(hours=1, seconds=1))
    await service.add_information(person, complaint.tracking_code, "later", [])


async def test_the_owner_sees_the_card_and_a_stranger_must_know_the_phone(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    _, complaint = await filed(uow, clock, user_id=7)
    lookup = StatusLookupService(uow, clock)  # type: ignore[arg-type]
    code = complaint.tracking_code
    assert isinstance(await lookup.lookup(7, code), OwnerView)
    assert await lookup.lookup(99, code) == NeedPhoneDigits(code)
    assert await lookup.verify(99, code, "0000") == NoMatch()
    seen = await lookup.verify(99, code, "4567")
    assert isinstance(seen, StrangerView) and seen.status == "received"
    assert await lookup.verify(99, "000000000000", "4567") == NoMatch()


async def test_many_accounts_cannot_guess_one_codes_digits(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    _, complaint = await filed(uow, clock, user_id=7)
    lookup = StatusLookupService(uow, clock)  # type: ignore[arg-type]
    code = complaint.tracking_code
    for guesser in range(100, 105):
        await lookup.verify(guesser, code, f"{guesser:04d}")
    assert isinstance(await lookup.verify(200, code, "4567"), Locked)
    assert isinstance(await lookup.lookup(7, code), OwnerView)
    clock.advance(minutes=16)
    assert isinstance(await lookup.verify(200, code, "4567"), StrangerView)

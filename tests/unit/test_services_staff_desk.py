"""The staff desk's rules, over the remembering unit of work: who may do what, at which stage,
and who is told."""

import json
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import FakeClock
from bot.domain.notices import CardChanged, Notices, TellComplainant, TellStaff
from bot.domain.response_policy import load_policy
from bot.domain.status import MoveNotAllowed
from bot.services.accounts import AccountService
from bot.services.deadlines import Deadlines, Sweep
from bot.services.intake import Draft, IntakeService
from bot.services.staff_desk import HeldByOther, NotAllowed, StaffDesk, StaffMember
from storage.models import Complaint
from tests.fakes.unit_of_work import FakeUnitOfWork

DEADLINES = Deadlines(load_policy(None, ZoneInfo("Asia/Tehran")))
ALI = StaffMember(8001, "Ali")
REZA = StaffMember(8002, "Reza")
MINA = StaffMember(9001, "Mina", supervisor=True)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def a_complaint(uow: FakeUnitOfWork, clock: FakeClock, user_id: int = 7) -> Complaint:
    person = await AccountService(uow, clock).ensure(user_id, user_id, "fa", "Sara")  # type: ignore[arg-type]
    draft = Draft("delay", "It came late.", "refund", clock.now(), phone="+989121234567")
    service = IntakeService(uow, clock, DEADLINES, Notices())  # type: ignore[arg-type]
    return (await service.submit(person, draft, f"key-{user_id}")).complaint


def desk(uow: FakeUnitOfWork, clock: FakeClock, notices: Notices | None = None) -> StaffDesk:
    return StaffDesk(uow, clock, DEADLINES, notices or Notices())  # type: ignore[arg-type]


async def test_take_moves_a_new_complaint_on_and_tells_the_complainant(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    notices = Notices()
    complaint = await a_complaint(uow, clock)
    await desk(uow, clock, notices).take(complaint, ALI)
    assert (complaint.status, complaint.assignee_id) == ("in_progress", ALI.user_id)
    assert TellComplainant(complaint.id, "in_progress") in notices.items
    assert uow.complaints.kinds(complaint.id) == ["filed", "assigned", "status_changed"]


async def test_only_a_supervisor_takes_over_a_colleagues_complaint(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    complaint = await a_complaint(uow, clock)
    service = desk(uow, clock)
    await service.take(complaint, ALI)
    with pytest.raises(HeldByOther) as held:
        await service.take(complaint, REZA)
    assert held.value.holder == "Ali" and complaint.assignee_id == ALI.user_id
    await service.take(complaint, MINA)
    assert complaint.assignee_id == MINA.user_id


async def test_an_agent_cannot_reassign_reopen_or_export(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    complaint = await a_complaint(uow, clock)
    service = desk(uow, clock)
    await service.seen(REZA)
    await service.take(complaint, ALI)
    with pytest.raises(NotAllowed):
        await service.assign(complaint, REZA, REZA.user_id)
    await service.resolve(complaint, ALI, "Refunded.")
    with pytest.raises(NotAllowed):
        await service.reopen(complaint, ALI)
    with pytest.raises(NotAllowed):
        await service.export(complaint, ALI)
    await service.reopen(complaint, MINA)
    assert complaint.status == "reopened"
    record = json.loads(await service.export(complaint, MINA))
    assert record["contact_phone"] == "+989121234567"
    assert uow.complaints.kinds(complaint.id)[-1] == "exported"


async def test_a_reply_is_the_first_response_and_a_note_stays_internal(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    notices = Notices()
    complaint = await a_complaint(uow, clock)
    service = desk(uow, clock, notices)
    await service.note(complaint, ALI, "Called the courier.")
    assert complaint.first_responded_at is None
    assert notices.items == [TellStaff(complaint.id, "note", "Called the courier.", actor="Ali")]
    clock.advance(minutes=5)
    await service.reply(complaint, ALI, "We are on it.", [])
    assert complaint.first_responded_at == clock.now()
    assert complaint.assignee_id == ALI.user_id
    told = [n for n in notices.items if isinstance(n, TellComplainant) and n.kind == "message"]
    assert [n.text for n in told] == ["We are on it."]


async def test_a_question_waits_for_the_answer_and_the_answer_resumes(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    notices = Notices()
    complaint = await a_complaint(uow, clock)
    service = desk(uow, clock, notices)
    await service.ask(complaint, ALI, "Your order number?")
    assert complaint.status == "waiting" and complaint.waiting_since == clock.now()
    due = complaint.resolution_due
    clock.advance(hours=30)
    await service.answer_received(complaint, 7, "It is 555.", [])
    assert complaint.status == "in_progress"
    assert complaint.resolution_due is not None and due is not None
    assert complaint.resolution_due > due
    assert TellStaff(complaint.id, "answer", "It is 555.") in notices.items
    assert CardChanged(complaint.id) in notices.items


async def test_nothing_is_decided_twice(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    complaint = await a_complaint(uow, clock)
    service = desk(uow, clock)
    await service.reject(complaint, ALI, "Out of warranty.")
    for act in (
        service.resolve(complaint, ALI, "Refunded."),
        service.reply(complaint, ALI, "hello", []),
        service.take(complaint, ALI),
    ):
        with pytest.raises(MoveNotAllowed):
            await act
    assert complaint.status == "rejected"


async def test_a_refused_press_is_on_record_only_where_the_presser_could_see_it(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    complaint = await a_complaint(uow, clock, user_id=7)
    service = desk(uow, clock)
    assert not await service.refused(complaint, 666, "take", seen_there=False)
    assert await service.refused(complaint, 7, "take", seen_there=False)
    assert await service.refused(complaint, 666, "take", seen_there=True)
    assert uow.complaints.kinds(complaint.id).count("refused") == 2


async def test_the_not_relayed_hint_comes_once_per_complaint(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    first = await a_complaint(uow, clock, user_id=7)
    second = await a_complaint(uow, clock, user_id=8)
    service = desk(uow, clock)
    assert await service.hint_due(first, -100, 10)
    assert not await service.hint_due(first, -100, 11)
    assert await service.hint_due(second, -100, 12)


async def sweep(uow: FakeUnitOfWork, clock: FakeClock, notices: Notices) -> None:
    policy = load_policy(None, ZoneInfo("Asia/Tehran"))
    await Sweep(uow, clock, policy, notices).run()  # type: ignore[arg-type]


async def test_the_sweep_pings_an_untaken_complaint_once(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    notices = Notices()
    complaint = await a_complaint(uow, clock)
    clock.advance(minutes=31)
    await sweep(uow, clock, notices)
    await sweep(uow, clock, notices)
    unassigned = [n for n in notices.items if isinstance(n, TellStaff)]
    assert [n.kind for n in unassigned] == ["unassigned"]
    assert uow.complaints.kinds(complaint.id).count("ping") == 1


async def test_an_unanswered_question_is_reminded_then_closed_with_a_survey(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    notices = Notices()
    complaint = await a_complaint(uow, clock)
    await desk(uow, clock).ask(complaint, ALI, "Your order number?")
    clock.advance(days=3, minutes=1)
    await sweep(uow, clock, notices)
    assert TellComplainant(complaint.id, "waiting_reminder") in notices.items
    assert complaint.status == "waiting"
    clock.advance(days=4)
    await sweep(uow, clock, notices)
    assert complaint.status == "closed" and complaint.id in uow.surveys.rows
    assert TellComplainant(complaint.id, "waiting_expired") in notices.items

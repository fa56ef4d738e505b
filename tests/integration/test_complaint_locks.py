"""Two changes to one complaint at once, on PostgreSQL: the second waits for the first and
decides on what the first left, so the final row and the history's moves agree."""

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.clock import FakeClock
from bot.domain.events import EventKind
from bot.domain.notices import Notices
from bot.domain.response_policy import load_policy
from bot.domain.status import MoveNotAllowed, Status
from bot.services.deadlines import Deadlines, Sweep
from bot.services.follow_up import FollowUpService
from bot.services.intake import Draft, IntakeService
from bot.services.staff_desk import StaffDesk, StaffMember
from storage.database import create_engine, create_session_factory
from storage.models import Complainant, Complaint
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

POLICY = load_policy(None, ZoneInfo("Asia/Tehran"))
START = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USER = 7001
AGENT = StaffMember(9001, "Reza")
# How long the first change keeps its transaction open while the second is under way.
OVERLAP = 0.3

Change = Callable[[UnitOfWork], Awaitable[object]]


@pytest.fixture
async def pg_units(postgres_url: str) -> AsyncIterator[UnitOfWorkFactory]:
    engine: AsyncEngine = create_engine(postgres_url)
    try:
        yield UnitOfWorkFactory(create_session_factory(engine))
    finally:
        await engine.dispose()


async def file_one(units: UnitOfWorkFactory) -> tuple[int, str]:
    """A complainant with one freshly filed complaint; its id and tracking code."""
    clock = FakeClock(START)
    async with units() as unit:
        complainant = await unit.complainants.add(
            Complainant(telegram_user_id=USER, chat_id=USER, language="en", created_at=START)
        )
        draft = Draft(category="delay", description="late", remedy="none", consent_at=START)
        filed = await IntakeService(unit, clock, Deadlines(POLICY)).submit(
            complainant, draft, "draft-1"
        )
        await unit.commit()
        return filed.complaint.id, filed.complaint.tracking_code


async def overlapped(
    units: UnitOfWorkFactory, first: Change, second: Change
) -> list[BaseException | None]:
    """`first` changes the complaint and keeps its transaction open while `second` starts on
    the same complaint in another; then `first` commits, and `second` goes on to commit."""
    changed = asyncio.Event()

    async def run_first() -> None:
        async with units() as unit:
            await first(unit)
            changed.set()
            await asyncio.sleep(OVERLAP)
            await unit.commit()

    async def run_second() -> None:
        await changed.wait()
        async with units() as unit:
            await second(unit)
            await unit.commit()

    results = await asyncio.gather(run_first(), run_second(), return_exceptions=True)
    return [r if isinstance(r, BaseException) else None for r in results]


async def moves_agree(units: UnitOfWorkFactory, complaint_id: int) -> list[tuple[str, str]]:
    """The history's moves, checked to chain from filing to the row's final status."""
    async with units() as unit:
        complaint = await unit.complaints.by_id(complaint_id)
        assert complaint is not None
        history = await unit.complaints.history(complaint_id)
    moves = [
        (str(e.old_status), str(e.new_status))
        for e in history
        if e.kind in (EventKind.FILED, EventKind.STATUS_CHANGED)
    ]
    reached = [new for _, new in moves]
    for (_, before), (old, _) in itertools.pairwise(moves):
        assert old == before, f"a move from {old} after reaching {before}: {moves}"
    assert reached[-1] == complaint.status, f"history ends at {reached[-1]}: {moves}"
    return moves[1:]


def withdraw(code: str, at: timedelta) -> Change:
    async def change(unit: UnitOfWork) -> Complaint:
        complainant = await unit.complainants.by_chat(USER)
        assert complainant is not None
        service = FollowUpService(unit, FakeClock(START + at), Deadlines(POLICY))
        return await service.withdraw(complainant, code)

    return change


def desk(unit: UnitOfWork, at: timedelta) -> StaffDesk:
    return StaffDesk(unit, FakeClock(START + at), Deadlines(POLICY), Notices())


def take(complaint_id: int, at: timedelta) -> Change:
    async def change(unit: UnitOfWork) -> Complaint:
        staff_desk = desk(unit, at)
        return await staff_desk.take(await staff_desk.find(complaint_id), AGENT)

    return change


def answer(complaint_id: int, at: timedelta) -> Change:
    async def change(unit: UnitOfWork) -> None:
        staff_desk = desk(unit, at)
        complaint = await staff_desk.find(complaint_id)
        await staff_desk.answer_received(complaint, USER, "order 12345", [])

    return change


def sweep(at: timedelta) -> Change:
    async def change(unit: UnitOfWork) -> int:
        return await Sweep(unit, FakeClock(START + at), POLICY, Notices()).run()

    return change


async def waiting_and_reminded(units: UnitOfWorkFactory) -> int:
    """A complaint that asked its complainant a question, was reminded, and is due to close."""
    complaint_id, _ = await file_one(units)
    async with units() as unit:
        staff_desk = desk(unit, timedelta(minutes=5))
        await staff_desk.ask(await staff_desk.find(complaint_id), AGENT, "Which order?")
        await unit.commit()
    reminder = timedelta(minutes=5) + POLICY.waiting_reminder_after + timedelta(minutes=1)
    async with units() as unit:
        assert await sweep(reminder)(unit) == 1
        await unit.commit()
    return complaint_id


@pytest.mark.postgres
async def test_a_take_after_an_uncommitted_withdrawal_finds_it_withdrawn(
    pg_units: UnitOfWorkFactory,
) -> None:
    complaint_id, code = await file_one(pg_units)
    first, second = await overlapped(
        pg_units, withdraw(code, timedelta(minutes=1)), take(complaint_id, timedelta(minutes=2))
    )
    assert await moves_agree(pg_units, complaint_id) == [("received", "withdrawn")]
    assert first is None
    assert isinstance(second, MoveNotAllowed)


@pytest.mark.postgres
async def test_a_withdrawal_after_an_uncommitted_take_withdraws_from_in_progress(
    pg_units: UnitOfWorkFactory,
) -> None:
    complaint_id, code = await file_one(pg_units)
    results = await overlapped(
        pg_units, take(complaint_id, timedelta(minutes=1)), withdraw(code, timedelta(minutes=2))
    )
    assert results == [None, None]
    assert await moves_agree(pg_units, complaint_id) == [
        ("received", "in_progress"),
        ("in_progress", "withdrawn"),
    ]


@pytest.mark.postgres
async def test_an_answer_during_the_automatic_close_finds_the_complaint_closed(
    pg_units: UnitOfWorkFactory,
) -> None:
    complaint_id = await waiting_and_reminded(pg_units)
    due = timedelta(days=8)
    results = await overlapped(pg_units, sweep(due), answer(complaint_id, due))
    assert results == [None, None]
    moves = await moves_agree(pg_units, complaint_id)
    assert moves[-1] == (Status.WAITING, Status.CLOSED)


@pytest.mark.postgres
async def test_the_automatic_close_leaves_a_complaint_being_answered_alone(
    pg_units: UnitOfWorkFactory,
) -> None:
    complaint_id = await waiting_and_reminded(pg_units)
    due = timedelta(days=8)
    results = await overlapped(pg_units, answer(complaint_id, due), sweep(due))
    assert results == [None, None]
    moves = await moves_agree(pg_units, complaint_id)
    assert moves[-1] == (Status.WAITING, Status.IN_PROGRESS)


async def test_locking_a_complaint_rereads_it_on_every_database(
    units: UnitOfWorkFactory,
) -> None:
    complaint_id, _ = await file_one(units)
    async with units() as unit:
        complaint = await unit.complaints.by_id(complaint_id)
        assert complaint is not None
        assert await unit.complaints.lock(complaint) is complaint
        assert complaint.status == Status.RECEIVED
        complaint.status = Status.IN_PROGRESS
        assert await unit.complaints.lock(complaint) is complaint
        assert complaint.status == Status.IN_PROGRESS, "a change made before is not lost"
        await unit.commit()

"""The staff desk's trust rules at the service and in the message refs, on a real SQLite file:
who may take a complaint someone else holds, who leaves a refused press in its history, and
which refs lead a staff reply to the complainant."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import FakeClock
from bot.domain.notices import Notices
from bot.domain.response_policy import load_policy
from bot.messages.notifier import (
    card_ref,
    complaint_of_ref,
    internal_ref,
    ref_kind,
    relay_ref,
    topic_ref,
)
from bot.services.deadlines import Deadlines
from bot.services.staff_desk import HeldByOther, StaffDesk, StaffMember
from storage.database import create_engine, create_session_factory
from storage.models import Complainant, Complaint
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

T0 = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
OWNER = 1001
REZA = StaffMember(8002, "Reza")
ALI = StaffMember(8001, "Ali")
MINA = StaffMember(9001, "Mina", supervisor=True)


@pytest.fixture
async def units(sqlite_url: str) -> AsyncIterator[UnitOfWorkFactory]:
    engine = create_engine(sqlite_url)
    try:
        yield UnitOfWorkFactory(create_session_factory(engine))
    finally:
        await engine.dispose()


def desk_over(unit: UnitOfWork) -> StaffDesk:
    policy = load_policy(None, ZoneInfo("Asia/Tehran"))
    return StaffDesk(unit, FakeClock(T0), Deadlines(policy), Notices())


async def filed(units: UnitOfWorkFactory) -> int:
    """One new complaint of OWNER's, nobody assigned."""
    async with units() as unit:
        owner = await unit.complainants.add(
            Complainant(telegram_user_id=OWNER, chat_id=OWNER, language="fa", created_at=T0)
        )
        complaint = await unit.complaints.add(
            Complaint(
                tracking_code="123456789012",
                submission_key="submission-1",
                complainant_id=owner.id,
                category="delay",
                description="The parcel was late.",
                remedy="refund",
                language="fa",
                status="received",
                consent_at=T0,
                created_at=T0,
                updated_at=T0,
            )
        )
        await unit.commit()
        return complaint.id


async def take(units: UnitOfWorkFactory, complaint_id: int, staff: StaffMember) -> str | None:
    """`staff` takes the complaint; the assignee's name afterwards."""
    async with units() as unit:
        desk = desk_over(unit)
        complaint = await desk.find(complaint_id)
        try:
            await desk.take(complaint, staff)
        finally:
            await unit.commit()
        return complaint.assignee_name


async def kinds(units: UnitOfWorkFactory, complaint_id: int) -> list[str]:
    async with units() as unit:
        return [e.kind for e in await unit.complaints.history(complaint_id)]


async def test_only_a_supervisor_takes_over_a_complaint_someone_else_holds(
    units: UnitOfWorkFactory,
) -> None:
    complaint_id = await filed(units)
    assert await take(units, complaint_id, REZA) == "Reza"
    assert await take(units, complaint_id, REZA) == "Reza"
    with pytest.raises(HeldByOther) as refused:
        await take(units, complaint_id, ALI)
    assert refused.value.holder == "Reza"
    assert (await kinds(units, complaint_id)).count("assigned") == 2
    assert await take(units, complaint_id, MINA) == "Mina"
    with pytest.raises(HeldByOther):
        await take(units, complaint_id, REZA)


async def test_a_refused_press_is_on_record_only_where_the_presser_could_see_it(
    units: UnitOfWorkFactory,
) -> None:
    complaint_id = await filed(units)
    async with units() as unit:
        desk = desk_over(unit)
        complaint = await desk.find(complaint_id)
        assert not await desk.refused(complaint, 7777, "take", seen_there=False)
        assert not await desk.refused(None, 7777, "take", seen_there=True)
        assert await desk.refused(complaint, OWNER, "take", seen_there=False)
        assert await desk.refused(complaint, 7777, "take", seen_there=True)
        await unit.commit()
    assert (await kinds(units, complaint_id)).count("refused") == 2


async def test_a_thread_is_hinted_once(units: UnitOfWorkFactory) -> None:
    complaint_id = await filed(units)
    for expected in (True, False):
        async with units() as unit:
            desk = desk_over(unit)
            complaint = await desk.find(complaint_id)
            assert await desk.hint_due(complaint, -100, 50) is expected
            await unit.commit()


def test_refs_tell_internal_messages_from_the_complainants_own() -> None:
    assert [ref_kind(r(7)) for r in (card_ref, topic_ref, relay_ref, internal_ref)] == [
        "card",
        "topic",
        "relay",
        "internal",
    ]
    assert {complaint_of_ref(r(7)) for r in (card_ref, topic_ref, relay_ref, internal_ref)} == {7}
    # Refs stored before internal messages had a kind of their own stay the complainant's.
    assert ref_kind("relay:7") == "relay" and complaint_of_ref("relay:7") == 7
    assert complaint_of_ref("prompt:note:7") is None and complaint_of_ref("staff-hint:7") is None

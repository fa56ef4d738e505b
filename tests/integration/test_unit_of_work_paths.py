"""The two ways a unit of work reaches the database (prebuilt statements on the SQLite driver,
the ORM session) must behave as one transaction, and SQLite's units must take turns."""

import asyncio
import gc
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine, create_session_factory
from storage.models import (
    Attachment,
    Complainant,
    Complaint,
    ComplaintEvent,
    DialogueState,
    OutboxMessage,
)
from storage.repositories import dialogue_states
from storage.sqlite.unit_of_work import SQLiteUnitOfWork
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.statements import statements_reaching

AT = datetime(2026, 12, 1, 9, 30, 15, 123456, tzinfo=UTC)


def person(user_id: int = 1001) -> Complainant:
    return Complainant(telegram_user_id=user_id, chat_id=user_id, language="fa", created_at=AT)


async def test_rows_written_without_the_orm_read_back_through_it_unchanged(
    units: UnitOfWorkFactory,
) -> None:
    payload = {"text": "سلام ي ك", "reply_markup": {"inline_keyboard": [[{"text": "۱"}]]}}
    async with units() as unit:
        await unit.dialogue_states.put(
            "k", AT, state="Intake:x", data={"n": 1}, set_state=True, set_data=True
        )
        [row_id] = await unit.outbox.add_many([(7, "sendMessage", payload, "ref-1")], AT)
        await unit.commit()
    async with units() as unit:
        session = await unit.session()
        stored = await session.get(DialogueState, "k")
        assert stored is not None
        assert (stored.state, stored.data, stored.updated_at) == ("Intake:x", {"n": 1}, AT)
        message = await session.get(OutboxMessage, row_id)
        assert message is not None
        assert (message.chat_id, message.payload, message.ref) == (7, payload, "ref-1")
        assert message.created_at == AT and message.created_at.tzinfo is not None
        stored.data = {"written": "by the orm"}
        await unit.commit()
    async with units() as unit:
        found = await unit.dialogue_states.get("k")
        assert found is not None
        assert found.data == {"written": "by the orm"} and found.updated_at == AT


async def test_orm_and_prebuilt_statements_commit_or_roll_back_together(
    units: UnitOfWorkFactory,
) -> None:
    async with units() as unit:
        await unit.complainants.add(person())
        await unit.outbox.add(1001, "sendMessage", {"text": "a"}, AT)
    async with units() as unit:
        assert await unit.complainants.by_user(1001) is None
        assert await unit.outbox.for_chat(1001) == []
        await unit.outbox.add(1001, "sendMessage", {"text": "b"}, AT)
        await unit.complainants.add(person())
        await unit.commit()
    async with units() as unit:
        assert await unit.complainants.by_user(1001) is not None
        assert [m.payload for m in await unit.outbox.for_chat(1001)] == [{"text": "b"}]


async def test_changes_to_a_complainant_read_without_the_session_are_kept(
    units: UnitOfWorkFactory,
) -> None:
    async with units() as unit:
        await unit.complainants.add(person())
        await unit.commit()
    async with units() as unit:
        found = await unit.complainants.by_user(1001)
        assert found is not None
        found.language, found.language_chosen = "en", True
        await unit.commit()
        # On SQLite one prebuilt UPDATE wrote it; the session never had to start.
        assert unit._session is None or not isinstance(unit, SQLiteUnitOfWork)
        found.name = "Sara A."  # a second change in the same unit, after its commit
        await unit.commit()
    async with units() as unit:
        again = await unit.complainants.by_user(1001)
        assert again is not None
        assert (again.language, again.language_chosen, again.name) == ("en", True, "Sara A.")
        assert await unit.complainants.by_id(again.id) is again, "one object per row"
        again.phone = "+989121234567"
        await unit.rollback()
    async with units() as unit:
        last = await unit.complainants.by_user(1001)
        assert last is not None and last.phone is None


async def test_a_prebuilt_statement_fails_with_sqlalchemys_error(units: UnitOfWorkFactory) -> None:
    row = {"key": "k", "state": None, "data": {}, "updated_at": AT}
    async with units() as unit:
        await unit.count(dialogue_states.CREATE, row)
        with pytest.raises(IntegrityError):
            await unit.count(dialogue_states.CREATE, row)


async def test_sqlite_units_take_turns_and_hold_nothing_between_transactions(
    sqlite_url: str,
) -> None:
    engine: AsyncEngine = create_engine(sqlite_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    order: list[str] = []
    first_began, first_may_commit = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with units() as unit:
            await unit.outbox.add(1, "sendMessage", {"text": "first"}, AT)
            order.append("first wrote")
            first_began.set()
            await first_may_commit.wait()
            await unit.commit()
            order.append("first committed")
            await asyncio.sleep(0.05)  # still open, but between transactions
            order.append("first closed")

    async def second() -> None:
        await first_began.wait()
        async with units() as unit:
            await unit.outbox.add(1, "sendMessage", {"text": "second"}, AT)
            order.append("second wrote")
            await unit.commit()

    try:
        tasks = [asyncio.create_task(first()), asyncio.create_task(second())]
        await first_began.wait()
        await asyncio.sleep(0.05)
        assert order == ["first wrote"], "a second transaction ran inside the first"
        first_may_commit.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 5)
        assert order == ["first wrote", "first committed", "second wrote", "first closed"]
        async with units() as unit:
            texts = (await (await unit.session()).scalars(select(OutboxMessage.payload))).all()
            assert texts == [{"text": "first"}, {"text": "second"}]
    finally:
        await engine.dispose()


async def test_a_complaint_just_filed_is_rendered_without_reading_it_back(
    units: UnitOfWorkFactory, engine: AsyncEngine
) -> None:
    seen: list[str] = []
    with statements_reaching(engine, seen.append):
        async with units() as unit:
            owner = await unit.complainants.add(person())
            filed_id = await _file_and_forget(unit, new_complaint(owner.id, 1))
            photo = Attachment(
                complaint_id=filed_id,
                kind="photo",
                file_id="f1",
                file_unique_id="u1",
                created_at=AT,
            )
            await unit.complaints.add_attachments([photo])
            found = await unit.complaints.many({filed_id})
            filed = found[filed_id]
            assert (filed.location, filed.assignee_id, filed.attachments) == (None, None, [photo])
            await unit.commit()
    reads = [s for s in seen if s.lstrip().upper().startswith("SELECT") and "complaints" in s]
    assert reads == [], "the complaint was read back"
    async with units() as unit:
        again = await unit.complaints.many({filed_id})
        assert [a.file_id for a in again[filed_id].attachments] == ["f1"]
        assert again[filed_id].location is None


async def _file_and_forget(unit: UnitOfWork, complaint: Complaint) -> int:
    """File it and keep nothing of it but its id, as a handler does before its card is
    drawn: the session alone holds clean objects only weakly."""
    filed_id = (await unit.complaints.add(complaint)).id
    del complaint
    gc.collect()
    return filed_id


async def test_a_complaint_rolled_back_is_not_drawn_from_memory(units: UnitOfWorkFactory) -> None:
    async with units() as unit:
        owner = await unit.complainants.add(person())
        await unit.commit()
    async with units() as unit:
        filed_id = (await unit.complaints.add(new_complaint(owner.id, 2))).id
        await unit.rollback()
        assert await unit.complaints.many({filed_id}) == {}


def new_complaint(owner_id: int, number: int) -> Complaint:
    """A complaint as the intake files it, with only what every complaint has."""
    return Complaint(
        tracking_code=f"DR-{number:06d}",
        submission_key=f"draft-{number}",
        complainant_id=owner_id,
        category="delay",
        description="late",
        remedy="refund",
        language="fa",
        status="received",
        ladder=0,
        consent_at=AT,
        created_at=AT,
        updated_at=AT,
    )


async def test_new_rows_written_without_the_orm_read_back_with_their_defaults(
    units: UnitOfWorkFactory,
) -> None:
    async with units() as unit:
        owner, filed, event = await _filed_with_history(unit, 3)
        assert owner.id and filed.id and event.id
        assert (owner.language_chosen, filed.priority, filed.attachments) == (False, "normal", [])
        await unit.commit()
    async with units() as unit:
        session = await unit.session()
        stored = await session.get(Complaint, filed.id)
        assert stored is not None and stored is not filed
        columns = Complaint.__table__.columns.keys()
        assert {c: getattr(stored, c) for c in columns} == {c: getattr(filed, c) for c in columns}
        history = await unit.complaints.history(filed.id)
        assert [(e.id, e.kind, e.payload, e.at) for e in history] == [(event.id, "filed", {}, AT)]
        assert (await session.get(Complainant, owner.id)).script_hint_sent is False


async def test_the_history_stays_append_only_for_lines_written_on_the_driver(
    units: UnitOfWorkFactory,
) -> None:
    async with units() as unit:
        *_, event = await _filed_with_history(unit, 4)
        event.kind = "rewritten"
        with pytest.raises(PermissionError):
            await unit.commit()


async def test_a_rollback_forgets_rows_written_before_the_session_started(
    units: UnitOfWorkFactory,
) -> None:
    async with units() as unit:
        owner = await unit.complainants.add(person())
        await unit.commit()
    async with units() as unit:
        filed = await unit.complaints.add(new_complaint(owner.id, 5))
        filed_id = filed.id
        session = await unit.session()
        assert filed in session
        await unit.rollback()
        assert filed not in session
        assert await unit.complaints.many({filed_id}) == {}


async def _filed_with_history(
    unit: UnitOfWork, number: int
) -> tuple[Complainant, Complaint, ComplaintEvent]:
    """A new complainant, their complaint and its first history line, written now."""
    owner = await unit.complainants.add(person())
    filed = await unit.complaints.add(new_complaint(owner.id, number))
    event = await unit.complaints.log(
        complaint_id=filed.id,
        kind="filed",
        actor_kind="complainant",
        actor_id=1,
        at=AT,
        flush=True,
    )
    return owner, filed, event

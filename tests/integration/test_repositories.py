"""Repositories, units of work and the FSM storage against real SQLite and PostgreSQL."""

import asyncio
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import count

import pytest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine, create_session_factory
from storage.fsm_storage import DatabaseStorage, storage_key
from storage.models import Attachment, Complainant, Complaint, ComplaintEvent
from storage.repositories import inbox, outbox
from storage.sqlite.unit_of_work import SQLiteUnitOfWork
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory, ambient
from tests.integration.conftest import SQLITE, UnitsFor
from tests.statements import statements_reaching

T0 = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
TEHRAN = timezone(timedelta(hours=3, minutes=30))
KEY = StorageKey(bot_id=1, chat_id=2, user_id=2)
_serial = count(1)


class Intake(StatesGroup):
    """A stand-in dialogue, so states are passed as aiogram State objects."""

    description = State()


def complainant(user_id: int = 1001) -> Complainant:
    """A complainant row with every required field filled."""
    return Complainant(telegram_user_id=user_id, chat_id=user_id, language="fa", created_at=T0)


def complaint(owner: Complainant, *, created_at: datetime = T0, **fields: object) -> Complaint:
    """A complaint with unique code and submission key unless the test chooses them."""
    n = next(_serial)
    values: dict[str, object] = {
        "tracking_code": f"DR-{n:06d}",
        "submission_key": f"submission-{n}",
        "complainant_id": owner.id,
        "category": "service",
        "description": "The counter was closed during opening hours.",
        "remedy": "apology",
        "language": "fa",
        "status": "received",
        "consent_at": created_at,
        "created_at": created_at,
        "updated_at": created_at,
    }
    values.update(fields)
    return Complaint(**values)


def event(filed: Complaint, at: datetime, kind: str = "note") -> ComplaintEvent:
    """One history line of a complaint."""
    return ComplaintEvent(
        complaint_id=filed.id, kind=kind, actor_kind="complainant", actor_id=1001, at=at
    )


async def _owner(units: UnitOfWorkFactory, user_id: int = 1001) -> Complainant:
    """A committed complainant to hang complaints on."""
    async with units() as unit:
        owner = await unit.complainants.add(complainant(user_id))
        await unit.commit()
    return owner


def fsm_storage(units: UnitOfWorkFactory) -> DatabaseStorage:
    """The FSM storage as the dispatcher builds it."""
    return DatabaseStorage(units, lambda: datetime.now(UTC))


async def _dialogue_row(
    units: UnitOfWorkFactory,
) -> tuple[str | None, dict[str, object], datetime] | None:
    """The committed dialogue row of KEY, read in a fresh transaction."""
    async with units() as unit:
        row = await unit.dialogue_states.get(storage_key(KEY))
        return None if row is None else (row.state, row.data, row.updated_at)


# --- unit of work -------------------------------------------------------------------------


async def test_each_path_runs_its_own_unit_of_work(
    units: UnitOfWorkFactory, storage_path: str
) -> None:
    """The contract compares implementations: SQLite's fast path, and the plain unit."""
    async with units() as unit:
        expected = SQLiteUnitOfWork if storage_path == SQLITE else UnitOfWork
        assert type(unit) is expected


async def test_unit_of_work_rolls_back_without_commit(units: UnitOfWorkFactory) -> None:
    """Leaving a unit without commit() must leave no trace, so a failed handler changes nothing."""
    async with units() as unit:
        added = await unit.complainants.add(complainant())
        assert added.id is not None
        assert await unit.complainants.by_user(1001) is not None
    async with units() as fresh:
        assert await fresh.complainants.by_user(1001) is None


async def test_unit_of_work_rolls_back_on_error(units: UnitOfWorkFactory) -> None:
    """An exception inside the unit discards its writes."""
    with pytest.raises(RuntimeError, match="handler failed"):
        async with units() as unit:
            await unit.complainants.add(complainant())
            raise RuntimeError("handler failed")
    async with units() as fresh:
        assert await fresh.complainants.by_user(1001) is None


async def test_unit_of_work_commit_persists(units: UnitOfWorkFactory) -> None:
    """commit() makes the writes visible to every later unit."""
    async with units() as unit:
        await unit.complainants.add(complainant())
        await unit.commit()
    async with units() as fresh:
        found = await fresh.complainants.by_user(1001)
        assert found is not None
        assert found.language == "fa"


async def test_explicit_rollback_discards_only_uncommitted_work(
    units: UnitOfWorkFactory,
) -> None:
    """rollback() throws away what came after the last commit, not before."""
    async with units() as unit:
        await unit.complainants.add(complainant(1))
        await unit.commit()
        await unit.complainants.add(complainant(2))
        await unit.rollback()
        await unit.complainants.add(complainant(3))
        await unit.commit()
    async with units() as fresh:
        assert await fresh.complainants.by_user(1) is not None
        assert await fresh.complainants.by_user(2) is None
        assert await fresh.complainants.by_user(3) is not None


# --- complainants -------------------------------------------------------------------------


async def test_complainant_lookups(units: UnitOfWorkFactory) -> None:
    """by_user and by_id find the same row; unknown ids find nothing."""
    owner = await _owner(units)
    async with units() as unit:
        by_user = await unit.complainants.by_user(1001)
        by_id = await unit.complainants.by_id(owner.id)
        assert by_user is not None and by_id is not None
        assert by_user.id == by_id.id == owner.id
        assert by_user.language_chosen is False
        assert by_user.script_hint_sent is False
        assert by_user.blocked_at is None
        assert await unit.complainants.by_user(999) is None
        assert await unit.complainants.by_id(owner.id + 1000) is None


async def test_complainant_telegram_user_is_unique(units: UnitOfWorkFactory) -> None:
    """One row per Telegram account, enforced by the database."""
    await _owner(units)
    async with units() as unit:
        with pytest.raises(IntegrityError):
            await unit.complainants.add(complainant(1001))
            await unit.commit()


async def test_mark_blocked_sets_blocked_at_once(units: UnitOfWorkFactory) -> None:
    """The first 403 is the moment the user blocked us; later ones must not move it."""
    owner = await _owner(units)
    other = await _owner(units, 2002)
    async with units() as unit:
        await unit.complainants.mark_blocked(owner.chat_id, T0)
        await unit.commit()
    async with units() as unit:
        await unit.complainants.mark_blocked(owner.chat_id, T0 + timedelta(days=1))
        await unit.commit()
    async with units() as unit:
        blocked = await unit.complainants.by_id(owner.id)
        untouched = await unit.complainants.by_id(other.id)
        assert blocked is not None and untouched is not None
        assert blocked.blocked_at == T0
        assert untouched.blocked_at is None


# --- complaints ---------------------------------------------------------------------------


async def test_complaint_with_attachments_and_event(units: UnitOfWorkFactory) -> None:
    """A filed complaint comes back by code with its files, and its event is recorded."""
    owner = await _owner(units)
    async with units() as unit:
        filed = await unit.complaints.add(
            complaint(
                owner, tracking_code="DR-ABC123", occurred_on=date(2026, 3, 1), priority="high"
            )
        )
        opened = await unit.complaints.add_event(
            ComplaintEvent(
                complaint_id=filed.id,
                kind="filed",
                actor_kind="complainant",
                actor_id=1001,
                at=T0,
                new_status="received",
                payload={"channel": "telegram", "files": 2},
            )
        )
        await unit.complaints.add_attachments(
            [
                Attachment(
                    complaint_id=filed.id,
                    event_id=opened.id,
                    kind=kind,
                    file_id=f"file-{kind}",
                    file_unique_id=f"unique-{kind}",
                    caption="رسید" if kind == "photo" else None,
                    created_at=T0,
                )
                for kind in ("photo", "document")
            ]
        )
        await unit.commit()

    async with units() as unit:
        found = await unit.complaints.by_code("DR-ABC123")
        assert found is not None
        assert found.id == filed.id
        assert found.occurred_on == date(2026, 3, 1)
        assert found.priority == "high"
        assert [a.kind for a in found.attachments] == ["photo", "document"]
        assert [a.event_id for a in found.attachments] == [opened.id, opened.id]
        assert found.attachments[0].caption == "رسید"
        assert await unit.complaints.code_taken("DR-ABC123") is True
        assert await unit.complaints.code_taken("DR-ZZZ999") is False
        assert await unit.complaints.by_code("DR-ZZZ999") is None
        again = await unit.complaints.by_submission(found.submission_key)
        assert again is not None and again.id == filed.id
        [logged] = await unit.complaints.history(filed.id)
        assert logged.kind == "filed"
        assert logged.new_status == "received"
        assert logged.old_status is None
        assert logged.payload == {"channel": "telegram", "files": 2}


async def test_default_priority_and_payload(units: UnitOfWorkFactory) -> None:
    """Model defaults are filled in when a caller leaves them out."""
    owner = await _owner(units)
    async with units() as unit:
        filed = await unit.complaints.add(complaint(owner))
        await unit.complaints.add_event(event(filed, T0))
        await unit.commit()
    async with units() as unit:
        found = await unit.complaints.by_code(filed.tracking_code)
        assert found is not None
        assert found.priority == "normal"
        assert found.attachments == []
        [logged] = await unit.complaints.history(filed.id)
        assert logged.payload == {}


@pytest.mark.parametrize("column", ["tracking_code", "submission_key"])
async def test_complaint_unique_keys_are_enforced_by_the_database(
    units: UnitOfWorkFactory, column: str
) -> None:
    """Two racing Confirm presses or a code collision must not create a second complaint."""
    owner = await _owner(units)
    async with units() as unit:
        first = await unit.complaints.add(complaint(owner))
        await unit.commit()
    duplicate = complaint(owner, **{column: getattr(first, column)})
    async with units() as unit:
        with pytest.raises(IntegrityError) as raised:
            await unit.complaints.add(duplicate)
            await unit.commit()
    assert raised.value.orig is not None
    async with units() as unit:
        total = await unit.complaints.page_for(owner.id, 0, 10)
        assert [c.id for c in total[0]] == [first.id]


async def test_page_for_is_newest_first_and_paginates(units: UnitOfWorkFactory) -> None:
    """The 'my complaints' list shows the latest first, with a total for the pager."""
    owner = await _owner(units)
    stranger = await _owner(units, 2002)
    async with units() as unit:
        filed = [
            await unit.complaints.add(complaint(owner, created_at=T0 + timedelta(hours=hours)))
            for hours in (2, 0, 4, 1, 3)
        ]
        same_moment = await unit.complaints.add(
            complaint(owner, created_at=T0 + timedelta(hours=4))
        )
        await unit.complaints.add(complaint(stranger, created_at=T0 + timedelta(hours=9)))
        await unit.commit()
    by_hour = {c.created_at: c.id for c in filed}
    newest_first = [same_moment.id] + [by_hour[T0 + timedelta(hours=h)] for h in (4, 3, 2, 1, 0)]

    async with units() as unit:
        first, total = await unit.complaints.page_for(owner.id, 0, 4)
        last, total_again = await unit.complaints.page_for(owner.id, 4, 4)
        beyond, total_beyond = await unit.complaints.page_for(owner.id, 8, 4)
        none, nothing = await unit.complaints.page_for(owner.id + 1000, 0, 4)
        assert total == total_again == total_beyond == 6
        assert [c.id for c in first] == newest_first[:4]
        assert [c.id for c in last] == newest_first[4:]
        assert beyond == []
        assert (none, nothing) == ([], 0)


async def test_history_is_oldest_first(units: UnitOfWorkFactory) -> None:
    """A complaint's history reads like a timeline, whatever order it was written in."""
    owner = await _owner(units)
    async with units() as unit:
        filed = await unit.complaints.add(complaint(owner))
        other = await unit.complaints.add(complaint(owner))
        late = await unit.complaints.add_event(event(filed, T0 + timedelta(hours=2), "late"))
        early = await unit.complaints.add_event(event(filed, T0, "early"))
        tie = await unit.complaints.add_event(event(filed, T0, "tie"))
        await unit.complaints.add_event(event(other, T0 - timedelta(days=1), "elsewhere"))
        await unit.commit()
    async with units() as unit:
        history = [e.id for e in await unit.complaints.history(filed.id)]
    assert history == [early.id, tie.id, late.id]


async def test_logged_after_counts_one_complainants_own_kinds_in_the_window(
    units: UnitOfWorkFactory,
) -> None:
    """The follow-up cap counts the complainant's own messages on all their complaints."""
    owner = await _owner(units)
    stranger = await _owner(units, 1002)
    async with units() as unit:
        first = await unit.complaints.add(complaint(owner))
        second = await unit.complaints.add(complaint(owner))
        theirs = await unit.complaints.add(complaint(stranger))
        for filed, minutes, kind in [
            (first, 0, "info_added"),  # exactly at the window's start: outside
            (first, 10, "info_added"),
            (second, 5, "answer_received"),
            (second, 20, "note"),
            (theirs, 15, "info_added"),
        ]:
            await unit.complaints.add_event(event(filed, T0 + timedelta(minutes=minutes), kind))
        staff = event(first, T0 + timedelta(minutes=30), "info_added")
        staff.actor_kind = "staff"
        await unit.complaints.add_event(staff)
        await unit.commit()
    async with units() as unit:
        moments = await unit.complaints.logged_after(
            owner.id, "complainant", ("info_added", "answer_received"), T0
        )
    assert moments == [T0 + timedelta(minutes=5), T0 + timedelta(minutes=10)]


async def test_utc_datetimes_round_trip_aware(units: UnitOfWorkFactory) -> None:
    """Times come back as the same instant in aware UTC on both databases, never naive."""
    owner = await _owner(units)
    in_tehran = datetime(2026, 3, 21, 1, 30, 15, 123456, tzinfo=TEHRAN)
    async with units() as unit:
        filed = await unit.complaints.add(
            complaint(owner, consent_at=in_tehran, first_response_due=in_tehran)
        )
        await unit.commit()
    async with units() as unit:
        found = await unit.complaints.by_code(filed.tracking_code)
        reloaded_owner = await unit.complainants.by_id(owner.id)
        assert found is not None and reloaded_owner is not None
        moments = [found.consent_at, found.first_response_due, found.created_at]
        owner_created = reloaded_owner.created_at
    for value in [*moments, owner_created]:
        assert value is not None
        assert value.tzinfo is UTC
    consent_at, due, created_at = moments
    assert consent_at == due == in_tehran
    assert (consent_at.day, consent_at.hour, consent_at.minute) == (20, 22, 0)
    assert consent_at.microsecond == 123456
    assert created_at == owner_created == T0


async def test_naive_datetimes_are_refused(units: UnitOfWorkFactory) -> None:
    """A naive time would be silently misread as UTC later, so it is rejected up front."""
    async with units() as unit:
        naive = complainant()
        naive.created_at = datetime(2026, 3, 20, 12, 0)
        with pytest.raises(StatementError) as raised:
            await unit.complainants.add(naive)
    assert isinstance(raised.value.orig, ValueError)


# --- the append-only event log ------------------------------------------------------------


async def _one_event(units: UnitOfWorkFactory) -> ComplaintEvent:
    """A committed complaint with one history line."""
    owner = await _owner(units)
    async with units() as unit:
        filed = await unit.complaints.add(complaint(owner))
        logged = await unit.complaints.add_event(event(filed, T0, "filed"))
        await unit.commit()
    return logged


async def test_events_cannot_be_updated(units: UnitOfWorkFactory) -> None:
    """History is evidence (ISO 10002 audit trail): rewriting a line must fail."""
    logged = await _one_event(units)
    async with units() as unit:
        [loaded] = await unit.complaints.history(logged.complaint_id)
        loaded.kind = "rewritten"
        with pytest.raises(PermissionError, match="append-only"):
            await unit.commit()
    async with units() as unit:
        [kept] = await unit.complaints.history(logged.complaint_id)
        assert kept.kind == "filed"


async def test_events_cannot_be_deleted(units: UnitOfWorkFactory, engine: AsyncEngine) -> None:
    """Deleting a history line through the ORM must fail and leave it in place."""
    logged = await _one_event(units)
    async with create_session_factory(engine)() as session:
        loaded = await session.get(ComplaintEvent, logged.id)
        assert loaded is not None
        await session.delete(loaded)
        with pytest.raises(PermissionError, match="append-only"):
            await session.commit()
    async with units() as unit:
        assert [e.id for e in await unit.complaints.history(logged.complaint_id)] == [logged.id]


# --- status lookups -----------------------------------------------------------------------


async def test_failures_since_window(units: UnitOfWorkFactory) -> None:
    """Only this user's failed lookups at or after the window start count, oldest first."""
    async with units() as unit:
        for minutes, succeeded in ((30, False), (-1, False), (0, False), (10, True), (5, False)):
            await unit.lookups.record(1001, T0 + timedelta(minutes=minutes), succeeded)
        await unit.lookups.record(2002, T0 + timedelta(minutes=1), False)
        await unit.commit()
    async with units() as unit:
        failures = await unit.lookups.failures_since(1001, T0)
        later = await unit.lookups.failures_since(1001, T0 + timedelta(minutes=31))
        assert await unit.lookups.count() == 6
    assert failures == [T0, T0 + timedelta(minutes=5), T0 + timedelta(minutes=30)]
    assert all(moment.tzinfo is UTC for moment in failures)
    assert later == []


async def test_lookup_prune(units: UnitOfWorkFactory) -> None:
    """Pruning drops only attempts older than the cut-off."""
    async with units() as unit:
        await unit.lookups.record(1001, T0 - timedelta(days=2), False)
        await unit.lookups.record(1001, T0, False)
        await unit.commit()
    async with units() as unit:
        await unit.lookups.prune(T0 - timedelta(days=1))
        await unit.commit()
    async with units() as unit:
        assert await unit.lookups.count() == 1
        assert await unit.lookups.failures_since(1001, T0 - timedelta(days=3)) == [T0]


# --- inbox --------------------------------------------------------------------------------


async def test_inbox_store_returns_only_new_ids(units: UnitOfWorkFactory) -> None:
    """A re-delivered update is stored once, and only the first call reports it as new."""
    async with units() as unit:
        assert await unit.inbox.store([], T0) == []
        first = await unit.inbox.store([(11, 5, {"n": 1}), (10, 5, {"n": 0})], T0)
        await unit.commit()
    async with units() as unit:
        again = await unit.inbox.store([(11, 5, {"n": "changed"})], T0)
        mixed = await unit.inbox.store([(10, 5, {}), (12, 6, {"n": 2})], T0)
        await unit.commit()
    assert first == [10, 11]
    assert again == []
    assert mixed == [12]
    async with units() as unit:
        assert await unit.inbox.count() == 3
        kept = await unit.inbox.get(11)
        assert kept is not None
        assert kept.payload == {"n": 1}
        assert kept.status == inbox.PENDING
        assert kept.attempts == 0
        assert kept.received_at == T0


async def test_inbox_lanes(units: UnitOfWorkFactory) -> None:
    """Each chat's updates come out in update_id order, untouched by other chats."""
    async with units() as unit:
        await unit.inbox.store([(30, 7, {}), (20, 8, {}), (25, 7, {}), (40, 9, {})], T0)
        await unit.commit()
    async with units() as unit:
        assert await unit.inbox.pending_ids(7) == [25, 30]
        assert await unit.inbox.pending_chat_keys() == [8, 7, 9]
        assert await unit.inbox.pending_ids(1234) == []
        assert await unit.inbox.mark_done(25, T0)
        assert not await unit.inbox.mark_done(25, T0), "an update was marked done twice"
        assert await unit.inbox.pending_ids(7) == [30]
        assert await unit.inbox.pending_payload(25) is None
        assert await unit.inbox.pending_payload(30) == {}
        await unit.inbox.mark_done(30, T0)
        await unit.inbox.mark_done(40, T0)
        await unit.commit()
    async with units() as unit:
        assert await unit.inbox.pending_ids(7) == []
        assert await unit.inbox.pending_chat_keys() == [8]


async def test_inbox_mark_done_clears_payload(units: UnitOfWorkFactory) -> None:
    """A handled update keeps no personal data and is never handed out again."""
    async with units() as unit:
        await unit.inbox.store([(1, 5, {"message": {"text": "my phone is ..."}})], T0)
        await unit.commit()
    async with units() as unit:
        await unit.inbox.mark_done(1, T0 + timedelta(seconds=1))
        await unit.commit()
    async with units() as unit:
        row = await unit.inbox.get(1)
        assert row is not None
        assert row.status == inbox.DONE
        assert row.payload == {}
        assert row.handled_at == T0 + timedelta(seconds=1)
        assert await unit.inbox.pending_ids(5) == []
        assert await unit.inbox.count(inbox.PENDING) == 0
        assert await unit.inbox.count(inbox.DONE) == 1


async def test_inbox_record_failure_counts_and_parks(units: UnitOfWorkFactory) -> None:
    """Failures are counted; a parked update leaves the lane so the chat is not stuck."""
    async with units() as unit:
        await unit.inbox.store([(1, 5, {}), (2, 5, {})], T0)
        await unit.commit()
    async with units() as unit:
        assert await unit.inbox.record_failure(1, "boom", park=False, at=T0) == 1
        assert await unit.inbox.record_failure(1, "x" * 5000, park=False, at=T0) == 2
        await unit.commit()
    async with units() as unit:
        retried = await unit.inbox.get(1)
        assert retried is not None
        assert retried.status == inbox.PENDING
        assert retried.last_error == "x" * 2000
        assert retried.handled_at is None
        assert await unit.inbox.record_failure(1, "gave up", park=True, at=T0) == 3
        await unit.commit()
    async with units() as unit:
        parked = await unit.inbox.get(1)
        assert parked is not None
        assert parked.status == inbox.PARKED
        assert parked.attempts == 3
        assert parked.last_error == "gave up"
        assert parked.handled_at == T0
        assert await unit.inbox.pending_ids(5) == [2]


async def test_inbox_newest_update_id(units: UnitOfWorkFactory) -> None:
    """Polling resumes after the highest id ever stored, handled or not."""
    async with units() as unit:
        assert await unit.inbox.newest_update_id() is None
        await unit.inbox.store([(900_000_001, 5, {}), (900_000_003, 6, {})], T0)
        await unit.inbox.mark_done(900_000_003, T0)
        assert await unit.inbox.newest_update_id() == 900_000_003


async def test_inbox_prune(units: UnitOfWorkFactory) -> None:
    """Pruning forgets old handled rows only; anything pending survives however old."""
    cut_off = T0 - timedelta(days=1)
    async with units() as unit:
        await unit.inbox.store([(n, 5, {}) for n in (1, 2, 3, 4, 5)], T0 - timedelta(days=9))
        await unit.inbox.mark_done(1, cut_off - timedelta(seconds=1))
        await unit.inbox.record_failure(2, "bad", park=True, at=cut_off - timedelta(hours=1))
        await unit.inbox.mark_done(3, cut_off + timedelta(seconds=1))
        await unit.inbox.mark_done(4, cut_off)
        await unit.commit()
    async with units() as unit:
        await unit.inbox.prune(cut_off)
        await unit.commit()
    async with units() as unit:
        remaining = [n for n in (1, 2, 3, 4, 5) if await unit.inbox.get(n) is not None]
    assert remaining == [3, 4, 5]


# --- outbox -------------------------------------------------------------------------------


async def test_outbox_pending_in_order(units: UnitOfWorkFactory) -> None:
    """Calls are sent in the order they were decided."""
    async with units() as unit:
        queued = [
            await unit.outbox.add(chat, "sendMessage", {"text": str(chat)}, T0)
            for chat in (3, 1, 2)
        ]
        await unit.commit()
    ids = queued
    async with units() as unit:
        pending = await unit.outbox.pending()
        assert [m.id for m in pending] == ids
        assert [m.chat_id for m in pending] == [3, 1, 2]
        assert pending[0].payload == {"text": "3"}
        assert pending[0].status == outbox.PENDING
        assert pending[0].not_before == T0
        assert [m.id for m in await unit.outbox.pending(limit=2)] == ids[:2]
        assert [m.id for m in await unit.outbox.pending(after_id=ids[0])] == ids[1:]


async def test_committed_outbox_rows_are_handed_over_at_commit_only(
    units: UnitOfWorkFactory,
) -> None:
    """The sender gets a unit's rows when it commits, in id order; nothing when it does not."""
    handed: list[list[outbox.QueuedCall]] = []
    units.hand_committed_calls_to(handed.append)
    async with units() as unit:
        await unit.outbox.add_many(
            [(7, "sendMessage", {"n": 1}, None), (8, "sendMessage", {"n": 2}, "card:1")], T0
        )
        assert handed == []
        await unit.commit()
    [rows] = handed
    assert [(r.chat_id, r.payload, r.ref) for r in rows] == [
        (7, {"n": 1}, None),
        (8, {"n": 2}, "card:1"),
    ]
    assert rows[0].id < rows[1].id
    async with units() as unit:
        await unit.outbox.add(9, "sendMessage", {}, T0)
        await unit.rollback()
        await unit.commit()
    async with units() as unit:
        await unit.outbox.add(9, "sendMessage", {}, T0)
    assert len(handed) == 1
    async with units() as unit:
        assert [m.chat_id for m in await unit.outbox.pending()] == [7, 8]


async def test_outbox_mark_sent_in_bulk(units: UnitOfWorkFactory) -> None:
    """One statement marks several sends, each with its own Telegram message id."""
    async with units() as unit:
        first, second, third = [
            await unit.outbox.add(7, "sendMessage", {"n": n}, T0) for n in range(3)
        ]
        await unit.commit()
    sent_at = T0 + timedelta(seconds=2)
    async with units() as unit:
        await unit.outbox.mark_sent([(first, 501), (third, None)], sent_at)
        await unit.outbox.mark_sent([], sent_at)
        await unit.commit()
    async with units() as unit:
        assert [m.id for m in await unit.outbox.pending()] == [second]
        rows = {
            m.id: (m.status, m.result_message_id, m.sent_at) for m in await unit.outbox.for_chat(7)
        }
    assert rows == {
        first: (outbox.SENT, 501, sent_at),
        second: (outbox.PENDING, None, None),
        third: (outbox.SENT, None, sent_at),
    }


async def test_outbox_give_up_leaves_the_queue(units: UnitOfWorkFactory) -> None:
    """A hopeless call is no longer pending, and says why."""
    async with units() as unit:
        kept = await unit.outbox.add(7, "sendMessage", {}, T0)
        hopeless = await unit.outbox.add(8, "sendMessage", {}, T0)
        await unit.commit()
    async with units() as unit:
        await unit.outbox.give_up(hopeless, outbox.UNDELIVERABLE, "403 blocked", T0)
        await unit.commit()
    async with units() as unit:
        [pending] = await unit.outbox.pending()
        [gone] = await unit.outbox.for_chat(8)
        assert pending.id == kept
        assert await unit.outbox.pending_chats() == [7]
        assert gone.status == outbox.UNDELIVERABLE
        assert gone.error == "403 blocked"
        assert gone.sent_at == T0


async def test_message_refs_find_the_newest_message_and_what_a_message_stands_for(
    units: UnitOfWorkFactory,
) -> None:
    """Editing a card targets its newest message; a staff reply finds its complaint."""
    async with units() as unit:
        await unit.message_refs.add("card:1", -100, 10, T0)
        await unit.message_refs.add("card:1", -100, 11, T0)
        await unit.message_refs.add("relay:1", -100, 12, T0)
        await unit.commit()
    async with units() as unit:
        newest = await unit.message_refs.newest("card:1")
        assert newest is not None and newest.message_id == 11
        assert await unit.message_refs.newest("card:2") is None
        assert await unit.message_refs.refs_of(-100, 12) == ["relay:1"]
        assert await unit.message_refs.refs_of(-100, 99) == []


# --- dialogue states (aiogram FSM storage) ------------------------------------------------


async def test_fsm_state_and_data(units: UnitOfWorkFactory) -> None:
    """The storage answers aiogram's calls the way its memory storage would."""
    storage = fsm_storage(units)
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}

    await storage.set_state(KEY, Intake.description)
    assert await storage.get_state(KEY) == "Intake:description"
    await storage.set_data(KEY, {"category": "service"})
    assert await storage.update_data(KEY, {"remedy": "apology"}) == {
        "category": "service",
        "remedy": "apology",
    }
    assert await storage.get_data(KEY) == {"category": "service", "remedy": "apology"}
    assert await storage.get_value(KEY, "remedy") == "apology"
    assert await storage.get_state(KEY) == "Intake:description"

    other = StorageKey(bot_id=1, chat_id=3, user_id=3)
    assert await storage.get_state(other) is None
    assert await storage.get_data(other) == {}
    await storage.close()


async def test_fsm_clearing_deletes_the_row(units: UnitOfWorkFactory) -> None:
    """A finished dialogue leaves no row behind; clearing one that never existed is fine."""
    storage = fsm_storage(units)
    context = FSMContext(storage=storage, key=KEY)
    await context.clear()
    assert await _dialogue_row(units) is None

    await context.set_state(Intake.description)
    await context.update_data(category="service")
    row = await _dialogue_row(units)
    assert row is not None
    state, data, updated_at = row
    assert (state, data) == ("Intake:description", {"category": "service"})
    assert updated_at.tzinfo is UTC

    await context.set_state(None)
    assert await _dialogue_row(units) is not None
    await context.set_data({})
    assert await _dialogue_row(units) is None

    await context.set_data({"draft": "x"})
    await context.clear()
    assert await _dialogue_row(units) is None
    assert await context.get_state() is None
    assert await context.get_data() == {}


async def test_fsm_joins_ambient_unit_that_rolls_back(units: UnitOfWorkFactory) -> None:
    """If the update's transaction fails, the dialogue step it took is undone with it."""
    storage = fsm_storage(units)
    async with units() as unit:
        with ambient(unit):
            await storage.set_state(KEY, Intake.description)
            await storage.update_data(KEY, {"category": "service"})
            assert await storage.get_state(KEY) == "Intake:description"
            assert await storage.get_data(KEY) == {"category": "service"}
            row = await unit.dialogue_states.get(storage_key(KEY))
            assert row is not None and row.state == "Intake:description"
    assert await _dialogue_row(units) is None
    assert await storage.get_state(KEY) is None


async def test_fsm_joins_ambient_unit_that_commits(units: UnitOfWorkFactory) -> None:
    """The dialogue step is committed together with the update's other writes."""
    storage = fsm_storage(units)
    async with units() as unit:
        with ambient(unit):
            await unit.complainants.add(complainant())
            await storage.set_state(KEY, Intake.description)
            await storage.set_data(KEY, {"category": "service"})
        await unit.commit()
    async with units() as unit:
        assert await unit.complainants.by_user(1001) is not None
    assert await storage.get_state(KEY) == "Intake:description"
    assert await storage.get_data(KEY) == {"category": "service"}


async def test_fsm_steps_of_one_update_are_written_once(
    units: UnitOfWorkFactory, engine: AsyncEngine
) -> None:
    """State and data set by one update reach the table in one statement, at commit."""
    storage = fsm_storage(units)
    await storage.set_state(KEY, "Intake:category")
    writes: list[str] = []

    def record(statement: str) -> None:
        if "dialogue_states" in statement and not statement.startswith("SELECT"):
            writes.append(statement.split()[0])

    with statements_reaching(engine, record):
        async with units() as unit:
            with ambient(unit):
                await storage.set_state(KEY, Intake.description)
                await storage.update_data(KEY, {"category": "service"})
                await storage.update_data(KEY, {"when": "today"})
                assert writes == []
            await unit.commit()
        assert writes == ["UPDATE"]
        async with units() as unit:
            with ambient(unit):
                await storage.set_state(KEY, Intake.description)
            await unit.commit()
        assert writes == ["UPDATE"], "an unchanged dialogue was written again"
    row = await _dialogue_row(units)
    assert row is not None
    assert row[:2] == ("Intake:description", {"category": "service", "when": "today"})


async def test_a_rolled_back_unit_forgets_its_dialogue_changes(units: UnitOfWorkFactory) -> None:
    """After rollback() the unit reads the dialogue as it is stored, and commits nothing of it."""
    storage = fsm_storage(units)
    await storage.set_state(KEY, "Intake:category")
    async with units() as unit:
        with ambient(unit):
            await storage.set_state(KEY, Intake.description)
        await unit.rollback()
        found = await unit.dialogue_states.get(storage_key(KEY))
        assert found is not None and found.state == "Intake:category"
        await unit.commit()
    assert await storage.get_state(KEY) == "Intake:category"


async def test_fsm_ambient_unit_rolling_back_keeps_earlier_committed_state(
    units: UnitOfWorkFactory,
) -> None:
    """A failed step returns the dialogue to where it was, not to nothing."""
    storage = fsm_storage(units)
    await storage.set_state(KEY, "Intake:category")
    await storage.set_data(KEY, {"category": "service"})
    async with units() as unit:
        with ambient(unit):
            await storage.set_state(KEY, None)
            await storage.set_data(KEY, {})
            assert await unit.dialogue_states.get(storage_key(KEY)) is None
    assert await storage.get_state(KEY) == "Intake:category"
    assert await storage.get_data(KEY) == {"category": "service"}


async def test_fsm_without_ambient_unit_commits_each_call(units: UnitOfWorkFactory) -> None:
    """Outside an update (e.g. a scheduled job) every call is its own committed transaction."""
    storage = fsm_storage(units)
    await storage.set_state(KEY, Intake.description)
    row = await _dialogue_row(units)
    assert row is not None and row[:2] == ("Intake:description", {})
    await storage.set_data(KEY, {"n": 1})
    row = await _dialogue_row(units)
    assert row is not None and row[:2] == ("Intake:description", {"n": 1})


async def test_fsm_state_survives_a_restart(
    database_url: str, units: UnitOfWorkFactory, units_for: UnitsFor
) -> None:
    """A second process (own engine, own storage) picks up the dialogue where it stopped."""
    await fsm_storage(units).set_state(KEY, Intake.description)
    await fsm_storage(units).set_data(KEY, {"category": "service", "files": ["a", "b"]})
    restarted = create_engine(database_url)
    try:
        storage = fsm_storage(units_for(restarted))
        assert await storage.get_state(KEY) == "Intake:description"
        assert await storage.get_data(KEY) == {"category": "service", "files": ["a", "b"]}
    finally:
        await restarted.dispose()


# --- concurrency ----------------------------------------------------------------------------


async def _store_one(units: UnitOfWorkFactory, update_id: int) -> None:
    """Read then write in one unit, the pattern that deadlocks deferred SQLite transactions."""
    async with units() as unit:
        await unit.inbox.newest_update_id()
        await asyncio.sleep(0)
        assert await unit.inbox.store([(update_id, update_id % 3, {"n": update_id})], T0) == [
            update_id
        ]
        await asyncio.sleep(0)
        await unit.commit()


async def test_concurrent_units_do_not_lock_each_other_out(units: UnitOfWorkFactory) -> None:
    """Twenty updates arriving at once are all stored, none fails with 'database is locked'."""
    await asyncio.gather(*(_store_one(units, n) for n in range(1, 21)))
    async with units() as unit:
        assert await unit.inbox.count(inbox.PENDING) == 20
        assert await unit.inbox.newest_update_id() == 20
        assert await unit.inbox.pending_chat_keys() == [1, 2, 0]

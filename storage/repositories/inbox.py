"""The inbox: every update Telegram handed over, kept until it has been handled once."""

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update

from storage import advisory_lock
from storage.models import InboxUpdate
from storage.transaction import Transaction
from storage.upsert import insert_ignoring_conflicts

PENDING = "pending"
DONE = "done"
PARKED = "parked"

TABLE = InboxUpdate.__table__
# Built once, for the statements every update runs.
PENDING_PAYLOAD = select(TABLE.c.payload).where(
    TABLE.c.update_id == bindparam("update_id"), TABLE.c.status == PENDING
)
PENDING_IDS = (
    select(TABLE.c.update_id)
    .where(TABLE.c.status == PENDING, TABLE.c.chat_key == bindparam("chat_key"))
    .order_by(TABLE.c.update_id)
    .limit(bindparam("limit"))
)
MARK_DONE = (
    update(TABLE)
    .where(TABLE.c.update_id == bindparam("done_id"), TABLE.c.status == PENDING)
    .values(status=DONE, handled_at=bindparam("at"), payload={})
)


class InboxRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit

    async def store(
        self, updates: list[tuple[int, int, dict[str, Any]]], at: datetime
    ) -> list[int]:
        """Keep (update_id, chat_key, payload) rows; returns the ids that were new."""
        if not updates:
            return []
        rows = [
            {
                "update_id": update_id,
                "chat_key": chat_key,
                "payload": payload,
                "status": PENDING,
                "attempts": 0,
                "received_at": at,
            }
            for update_id, chat_key, payload in updates
        ]
        statement = insert_ignoring_conflicts(self._unit.dialect.name, TABLE, "update_id")
        return sorted(row[0] for row in await self._unit.rows(statement, rows))

    async def lock_lane(self, chat_key: int) -> None:
        """Hold one chat's lane until this transaction ends, across processes.

        PostgreSQL: a transaction-scoped advisory lock. SQLite: every transaction already
        holds the database's write lock from its first statement (BEGIN IMMEDIATE)."""
        if self._unit.dialect.name == "postgresql":
            await self._unit.rows(advisory_lock.HOLD, {"name": f"inbox:{chat_key}"})

    async def pending_ids(self, chat_key: int, limit: int = 200) -> list[int]:
        """The chat's unhandled updates, oldest first."""
        found = await self._unit.rows(PENDING_IDS, {"chat_key": chat_key, "limit": limit})
        return [row[0] for row in found]

    async def pending_chat_keys(self) -> list[int]:
        """Chats with unhandled updates, e.g. left over from a crash."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(InboxUpdate.chat_key)
            .where(InboxUpdate.status == PENDING)
            .group_by(InboxUpdate.chat_key)
            .order_by(func.min(InboxUpdate.update_id))
        )
        return list(rows)

    async def newest_update_id(self) -> int | None:
        """The highest update id ever stored, from which polling resumes."""
        session = await self._unit.session()
        return await session.scalar(select(func.max(InboxUpdate.update_id)))

    async def pending_payload(self, update_id: int) -> dict[str, Any] | None:
        """What Telegram sent for an update, if it still waits to be handled."""
        found = await self._unit.rows(PENDING_PAYLOAD, {"update_id": update_id})
        return dict(found[0][0]) if found else None

    async def mark_done(self, update_id: int, at: datetime) -> bool:
        """Record that an update had its effect, so a re-delivery has none; False when it
        was no longer pending (then this transaction must not commit its effects)."""
        return await self._unit.count(MARK_DONE, {"done_id": update_id, "at": at}) > 0

    async def record_failure(self, update_id: int, error: str, park: bool, at: datetime) -> int:
        """Count a failed attempt; a parked update is no longer retried. Returns the attempts."""
        session = await self._unit.session()
        values: dict[str, Any] = {"attempts": InboxUpdate.attempts + 1, "last_error": error[:2000]}
        if park:
            values.update(status=PARKED, handled_at=at)
        await session.execute(
            update(InboxUpdate).where(InboxUpdate.update_id == update_id).values(**values)
        )
        attempts = await session.scalar(
            select(InboxUpdate.attempts).where(InboxUpdate.update_id == update_id)
        )
        return int(attempts or 0)

    async def get(self, update_id: int) -> InboxUpdate | None:
        """One stored update."""
        session = await self._unit.session()
        return await session.get(InboxUpdate, update_id)

    async def count(self, status: str | None = None) -> int:
        """How many updates are stored (in one status)."""
        session = await self._unit.session()
        query = select(func.count(InboxUpdate.update_id))
        if status is not None:
            query = query.where(InboxUpdate.status == status)
        return int(await session.scalar(query) or 0)

    async def prune(self, handled_before: datetime) -> None:
        """Forget handled updates older than Telegram's re-delivery window."""
        session = await self._unit.session()
        await session.execute(
            delete(InboxUpdate).where(
                InboxUpdate.status != PENDING, InboxUpdate.handled_at < handled_before
            )
        )

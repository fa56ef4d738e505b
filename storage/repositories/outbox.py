"""The outbox: Bot API calls written with the change that caused them, sent after commit."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from storage import advisory_lock
from storage.models import OutboxMessage
from storage.transaction import Transaction

PENDING = "pending"
SENT = "sent"
UNDELIVERABLE = "undeliverable"
FAILED = "failed"

TABLE = OutboxMessage.__table__


@dataclass(frozen=True, slots=True)
class QueuedCall:
    """One outbox row as the sender needs it."""

    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    ref: str | None = None


# Built once: every update queues rows and every send marks one.
QUEUE = insert(TABLE).returning(TABLE.c.id)
PENDING_FOR = (
    select(OutboxMessage)
    .where(OutboxMessage.status == PENDING, OutboxMessage.chat_id == bindparam("chat_id"))
    .order_by(OutboxMessage.id)
    .limit(bindparam("limit"))
)
MARK_SENT = (
    update(TABLE)
    .where(TABLE.c.id == bindparam("sent_id"))
    .values(status=SENT, sent_at=bindparam("at"), result_message_id=bindparam("message_id"))
)
PENDING_FOR = (
    select(TABLE.c.id, TABLE.c.chat_id, TABLE.c.method, TABLE.c.payload, TABLE.c.ref)
    .where(TABLE.c.chat_id == bindparam("chat_id"), TABLE.c.status == PENDING)
    .order_by(TABLE.c.id)
    .limit(bindparam("limit"))
)


class OutboxRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit
        self.queued: list[QueuedCall] = []

    async def add(
        self,
        chat_id: int,
        method: str,
        payload: dict[str, Any],
        at: datetime,
        ref: str | None = None,
    ) -> int:
        """Queue one call; it is sent only if the surrounding transaction commits."""
        [message_id] = await self.add_many([(chat_id, method, payload, ref)], at)
        return message_id

    async def hold_chat(self, chat_id: int) -> None:
        """Keep other processes from sending to this chat until this transaction ends.

        PostgreSQL: a transaction-scoped advisory lock. SQLite: nothing to do, since one
        process owns a SQLite database (and a no-op leaves no transaction open)."""
        if self._unit.dialect.name == "postgresql":
            await self._unit.rows(advisory_lock.HOLD, {"name": f"outbox:{chat_id}"})

    async def pending_for(self, chat_id: int, limit: int = 100) -> list[OutboxMessage]:
        """One chat's unsent calls, oldest first."""
        session = await self._unit.session()
        return list(await session.scalars(PENDING_FOR, {"chat_id": chat_id, "limit": limit}))

    async def pending_calls(self, chat_id: int, limit: int = 100) -> list[QueuedCall]:
        """One chat's unsent calls, oldest first, as the sender needs them (read on every
        send, so a prebuilt statement)."""
        found = await self._unit.rows(PENDING_FOR, {"chat_id": chat_id, "limit": limit})
        return [QueuedCall(*row) for row in found]

    async def pending_chats(self) -> list[int]:
        """Chats with unsent calls, e.g. left over from a crash."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(OutboxMessage.chat_id)
            .where(OutboxMessage.status == PENDING)
            .group_by(OutboxMessage.chat_id)
        )
        return list(rows)

    async def add_many(
        self, calls: list[tuple[int, str, dict[str, Any], str | None]], at: datetime
    ) -> list[int]:
        """Queue several (chat, method, payload, ref) calls in one statement, in this order;
        returns their ids, which are the order they are sent in."""
        if not calls:
            return []
        rows = [
            {
                "chat_id": chat_id,
                "method": method,
                "payload": payload,
                "status": PENDING,
                "attempts": 0,
                "not_before": at,
                "ref": ref,
                "created_at": at,
            }
            for chat_id, method, payload, ref in calls
        ]
        # Rows are numbered in the order given (one multi-row INSERT, or one each in order).
        ids = sorted(row[0] for row in await self._unit.rows(QUEUE, rows))
        self.queued.extend(QueuedCall(i, *call) for i, call in zip(ids, calls, strict=True))
        return ids

    async def pending(self, limit: int = 1000, after_id: int = 0) -> list[OutboxMessage]:
        """Unsent calls in the order they were decided."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == PENDING, OutboxMessage.id > after_id)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return list(rows)

    async def mark_sent(self, sent: list[tuple[int, int | None]], at: datetime) -> None:
        """Record successful sends as (id, Telegram message id) pairs, in one statement."""
        if sent:
            await self._unit.count(
                MARK_SENT,
                [{"sent_id": row_id, "message_id": result, "at": at} for row_id, result in sent],
            )

    async def give_up(self, message_id: int, status: str, error: str, at: datetime) -> None:
        """Stop trying a call that can never succeed (blocked user, chat gone, bad request)."""
        session = await self._unit.session()
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(status=status, error=error[:2000], sent_at=at)
        )

    async def forget(self, message_id: int) -> None:
        """Delete one call's row (one that must not be kept once it is done)."""
        session = await self._unit.session()
        await session.execute(delete(OutboxMessage).where(OutboxMessage.id == message_id))

    async def prune(self, delivered_before: datetime) -> int:
        """Forget calls sent or given up before a moment: they hold every message's text,
        exports with phone numbers included. Unsent calls stay, however old."""
        session = await self._unit.session()
        result = await session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.status != PENDING, OutboxMessage.sent_at < delivered_before
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def for_chat(self, chat_id: int) -> list[OutboxMessage]:
        """Everything queued for one chat, oldest first (tests, audits)."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id)
            .order_by(OutboxMessage.id)
        )
        return list(rows)

"""What an operator asks of the database: work waiting, updates given up on, who can be
written to."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Complainant, Complaint, InboxUpdate, OutboxMessage
from storage.repositories.inbox import PARKED
from storage.repositories.inbox import PENDING as INBOX_PENDING
from storage.repositories.outbox import PENDING as OUTBOX_PENDING


class HasSession(Protocol):
    async def session(self) -> AsyncSession:
        """The unit's ORM session, in its transaction."""
        ...


@dataclass(frozen=True, slots=True)
class ParkedUpdate:
    """An update tried three times and given up on; its payload (personal text) stays put."""

    update_id: int
    chat_key: int
    kind: str
    attempts: int
    last_error: str | None
    received_at: datetime
    parked_at: datetime | None


@dataclass(frozen=True, slots=True)
class Backlog:
    """Outbox messages not yet sent, and when the oldest was queued."""

    count: int
    oldest: datetime | None


class OperationsRepository:
    """Built on a unit of work (not registered in it): read by `dadres` commands, the doctor
    and the metrics endpoint, outside any update."""

    def __init__(self, unit: HasSession) -> None:
        self._unit = unit

    async def outbox_backlog(self) -> Backlog:
        """How many messages wait to be sent, and the oldest one's queueing time."""
        session = await self._unit.session()
        row = (
            await session.execute(
                select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(
                    OutboxMessage.status == OUTBOX_PENDING
                )
            )
        ).one()
        return Backlog(int(row[0] or 0), row[1])

    async def parked_count(self) -> int:
        """Updates given up on after their tries."""
        session = await self._unit.session()
        query = select(func.count(InboxUpdate.update_id)).where(InboxUpdate.status == PARKED)
        return int(await session.scalar(query) or 0)

    async def parked(self, limit: int = 200) -> list[ParkedUpdate]:
        """Parked updates, oldest first."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(InboxUpdate)
            .where(InboxUpdate.status == PARKED)
            .order_by(InboxUpdate.update_id)
            .limit(limit)
        )
        return [
            ParkedUpdate(
                update_id=row.update_id,
                chat_key=row.chat_key,
                kind=next((key for key in row.payload if key != "update_id"), "?"),
                attempts=row.attempts,
                last_error=row.last_error,
                received_at=row.received_at,
                parked_at=row.handled_at,
            )
            for row in rows
        ]

    async def retry_parked(self, update_id: int) -> bool:
        """Put a parked update back in the queue with fresh tries; False if none is parked
        under that id."""
        session = await self._unit.session()
        result = await session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id, InboxUpdate.status == PARKED)
            .values(status=INBOX_PENDING, attempts=0, handled_at=None)
        )
        return bool(getattr(result, "rowcount", 0))

    async def known_users(self, user_ids: Collection[int]) -> dict[int, bool]:
        """Of these Telegram users, those who have talked to the bot in private, mapped to
        whether they can still be written to (False: they blocked it)."""
        if not user_ids:
            return {}
        session = await self._unit.session()
        rows = await session.execute(
            select(Complainant.telegram_user_id, Complainant.blocked_at).where(
                Complainant.telegram_user_id.in_(list(user_ids))
            )
        )
        return {int(user_id): blocked is None for user_id, blocked in rows}

    async def complaints_by_status(self) -> dict[str, int]:
        """How many complaints are in each status."""
        session = await self._unit.session()
        rows = await session.execute(
            select(Complaint.status, func.count(Complaint.id)).group_by(Complaint.status)
        )
        return {str(status): int(count) for status, count in rows}

"""Status lookups by code, counted so nobody can walk the code space."""

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StatusLookup


class LookupRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self, telegram_user_id: int, at: datetime, succeeded: bool, code: str | None = None
    ) -> None:
        """Note one lookup attempt, with the code tried."""
        self._session.add(
            StatusLookup(telegram_user_id=telegram_user_id, at=at, succeeded=succeeded, code=code)
        )
        await self._session.flush()

    async def failures_since(self, telegram_user_id: int, since: datetime) -> list[datetime]:
        """When this account failed a lookup since a moment, oldest first."""
        rows = await self._session.scalars(
            select(StatusLookup.at)
            .where(
                StatusLookup.telegram_user_id == telegram_user_id,
                StatusLookup.at >= since,
                StatusLookup.succeeded.is_(False),
            )
            .order_by(StatusLookup.at)
        )
        return list(rows)

    async def code_failures_since(self, code: str, since: datetime) -> list[datetime]:
        """When anyone failed a lookup of this code since a moment, oldest first."""
        rows = await self._session.scalars(
            select(StatusLookup.at)
            .where(
                StatusLookup.code == code,
                StatusLookup.at >= since,
                StatusLookup.succeeded.is_(False),
            )
            .order_by(StatusLookup.at)
        )
        return list(rows)

    async def prune(self, before: datetime) -> None:
        """Forget attempts too old to matter for the limit."""
        await self._session.execute(delete(StatusLookup).where(StatusLookup.at < before))

    async def count(self) -> int:
        """How many attempts are on record (for tests and reports)."""
        return int(await self._session.scalar(select(func.count(StatusLookup.id))) or 0)

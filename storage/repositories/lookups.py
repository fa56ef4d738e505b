"""Status lookups by code, counted so nobody can walk the code space."""

from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select

from storage.models import StatusLookup
from storage.transaction import Transaction


class LookupRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit

    async def record(
        self, telegram_user_id: int, at: datetime, succeeded: bool, code: str | None = None
    ) -> None:
        """Note one lookup attempt, with the code tried."""
        session = await self._unit.session()
        session.add(
            StatusLookup(telegram_user_id=telegram_user_id, at=at, succeeded=succeeded, code=code)
        )
        await session.flush()

    async def failures_since(self, telegram_user_id: int, since: datetime) -> list[datetime]:
        """When this account failed a lookup since a moment, oldest first."""
        return await self._failures(StatusLookup.telegram_user_id == telegram_user_id, since)

    async def code_failures_since(self, code: str, since: datetime) -> list[datetime]:
        """When anyone failed a lookup of this code since a moment, oldest first."""
        return await self._failures(StatusLookup.code == code, since)

    async def _failures(self, whose: ColumnElement[bool], since: datetime) -> list[datetime]:
        session = await self._unit.session()
        rows = await session.scalars(
            select(StatusLookup.at)
            .where(whose, StatusLookup.at >= since, StatusLookup.succeeded.is_(False))
            .order_by(StatusLookup.at)
        )
        return list(rows)

    async def prune(self, before: datetime) -> None:
        """Forget attempts too old to matter for the limit."""
        session = await self._unit.session()
        await session.execute(delete(StatusLookup).where(StatusLookup.at < before))

    async def count(self) -> int:
        """How many attempts are on record (for tests and reports)."""
        session = await self._unit.session()
        return int(await session.scalar(select(func.count(StatusLookup.id))) or 0)

"""Staff members the bot has seen act."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StaffMember


class StaffRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def seen(self, telegram_user_id: int, name: str, at: datetime) -> None:
        """Record (or refresh) a staff member."""
        member = await self._session.get(StaffMember, telegram_user_id)
        if member is None:
            self._session.add(
                StaffMember(telegram_user_id=telegram_user_id, name=name, last_seen=at)
            )
        else:
            member.name = name
            member.last_seen = at
        await self._session.flush()

    async def everyone(self) -> list[StaffMember]:
        """Known staff, most recently active first."""
        rows = await self._session.scalars(
            select(StaffMember).order_by(StaffMember.last_seen.desc()).limit(50)
        )
        return list(rows)

    async def get(self, telegram_user_id: int) -> StaffMember | None:
        """One staff member."""
        return await self._session.get(StaffMember, telegram_user_id)

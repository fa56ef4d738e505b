"""Staff members the bot has seen act."""

from datetime import datetime

from sqlalchemy import select

from storage.models import StaffMember
from storage.transaction import Transaction


class StaffRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit

    async def seen(self, telegram_user_id: int, name: str, at: datetime) -> None:
        """Record (or refresh) a staff member."""
        session = await self._unit.session()
        member = await session.get(StaffMember, telegram_user_id)
        if member is None:
            session.add(StaffMember(telegram_user_id=telegram_user_id, name=name, last_seen=at))
        else:
            member.name = name
            member.last_seen = at
        await session.flush()

    async def everyone(self) -> list[StaffMember]:
        """Known staff, most recently active first."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(StaffMember).order_by(StaffMember.last_seen.desc()).limit(50)
        )
        return list(rows)

    async def get(self, telegram_user_id: int) -> StaffMember | None:
        """One staff member."""
        session = await self._unit.session()
        return await session.get(StaffMember, telegram_user_id)

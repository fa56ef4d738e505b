"""Complainants: one row per Telegram user who ever talked to the bot."""

from datetime import datetime

from sqlalchemy import bindparam, select, update

from storage.models import Complainant
from storage.transaction import Transaction

TABLE = Complainant.__table__
# Built once: every private update looks its sender up.
BY_USER = select(*TABLE.c).where(TABLE.c.telegram_user_id == bindparam("user_id"))


class ComplainantRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit

    async def by_user(self, telegram_user_id: int) -> Complainant | None:
        """The complainant behind a Telegram account, if it has been seen."""
        return await self._unit.load(Complainant, BY_USER, {"user_id": telegram_user_id})

    async def by_id(self, complainant_id: int) -> Complainant | None:
        """A complainant by primary key."""
        session = await self._unit.session()
        return await session.get(Complainant, complainant_id)

    async def by_chat(self, chat_id: int) -> Complainant | None:
        """The complainant whose private chat this is."""
        session = await self._unit.session()
        return await session.scalar(select(Complainant).where(Complainant.chat_id == chat_id))

    async def add(self, complainant: Complainant) -> Complainant:
        """Register a new complainant."""
        await self._unit.insert(complainant)
        return complainant

    async def mark_blocked(self, chat_id: int, at: datetime) -> None:
        """Remember that this chat refused our messages (403), so nobody waits on it."""
        session = await self._unit.session()
        await session.execute(
            update(Complainant)
            .where(Complainant.chat_id == chat_id, Complainant.blocked_at.is_(None))
            .values(blocked_at=at)
        )

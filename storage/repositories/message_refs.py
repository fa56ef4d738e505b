"""Which Telegram message stands for what: a complaint's card, its topic, a relayed message."""

from datetime import datetime

from sqlalchemy import insert, select

from storage.models import MessageRef
from storage.transaction import Transaction

# Built once: the outbox records one for every card and status message it sends.
RECORD = insert(MessageRef.__table__)


class MessageRefRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit

    async def add(self, ref: str, chat_id: int, message_id: int, at: datetime) -> None:
        """Remember that a message (or a topic) stands for `ref`."""
        row = {"ref": ref, "chat_id": chat_id, "message_id": message_id, "created_at": at}
        await self._unit.count(RECORD, row)

    async def newest(self, ref: str) -> MessageRef | None:
        """The latest message that stands for `ref`, e.g. to edit a card in place."""
        session = await self._unit.session()
        return await session.scalar(
            select(MessageRef).where(MessageRef.ref == ref).order_by(MessageRef.id.desc()).limit(1)
        )

    async def refs_of(self, chat_id: int, message_id: int) -> list[str]:
        """What a message stands for, to route a staff reply to its complaint."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(MessageRef.ref).where(
                MessageRef.chat_id == chat_id, MessageRef.message_id == message_id
            )
        )
        return list(rows)

"""Dialogue state rows behind aiogram's FSM."""

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DialogueState


class DialogueStateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, key: str) -> DialogueState | None:
        """The stored dialogue of one user in one chat."""
        return await self._session.get(DialogueState, key)

    async def put(
        self,
        key: str,
        at: datetime,
        *,
        state: str | None = None,
        data: dict[str, Any] | None = None,
        set_state: bool = False,
        set_data: bool = False,
    ) -> None:
        """Write the state and/or the data of one dialogue."""
        row = await self._session.get(DialogueState, key)
        if row is None:
            row = DialogueState(key=key, state=None, data={}, updated_at=at)
            self._session.add(row)
        if set_state:
            row.state = state
        if set_data:
            row.data = dict(data or {})
        row.updated_at = at
        if row.state is None and not row.data:
            await self._session.delete(row)
        await self._session.flush()

    async def drop(self, key: str) -> None:
        """Forget one dialogue."""
        await self._session.execute(delete(DialogueState).where(DialogueState.key == key))

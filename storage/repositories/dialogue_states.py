"""Dialogue state rows behind aiogram's FSM."""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DialogueState


class DialogueStateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._seen: dict[str, DialogueState | None] = {}

    async def get(self, key: str) -> DialogueState | None:
        """The stored dialogue of one user in one chat (read once per unit of work)."""
        if key not in self._seen:
            self._seen[key] = await self._session.get(DialogueState, key)
        return self._seen[key]

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
        row = await self.get(key)
        state_now = state if set_state else (row.state if row else None)
        data_now = dict(data or {}) if set_data else (dict(row.data) if row else {})
        if state_now is None and not data_now:
            if row is not None:
                await self._session.delete(row)
                self._seen[key] = None
            return
        if row is None:
            row = DialogueState(key=key, state=None, data={}, updated_at=at)
            self._session.add(row)
            self._seen[key] = row
        row.state = state_now
        row.data = data_now
        row.updated_at = at

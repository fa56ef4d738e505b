"""Dialogue state rows behind aiogram's FSM, read once and written once per update.

Every update reads and most write this row, so it goes through plain table statements:
the ORM's identity map and flush cost more than the two statements themselves."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DialogueState

TABLE = DialogueState.__table__
# Built once: SQLAlchemy then reuses their cache keys and compiled forms.
READ = select(TABLE.c.state, TABLE.c.data, TABLE.c.updated_at).where(
    TABLE.c.key == bindparam("key")
)
CREATE = insert(TABLE)
CHANGE = update(TABLE).where(TABLE.c.key == bindparam("the_key"))
FORGET = delete(TABLE).where(TABLE.c.key == bindparam("key"))


@dataclass(frozen=True, slots=True)
class Dialogue:
    state: str | None
    data: dict[str, Any]
    updated_at: datetime


class DialogueStateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._seen: dict[str, Dialogue | None] = {}

    async def get(self, key: str) -> Dialogue | None:
        """The stored dialogue of one user in one chat (read once per unit of work)."""
        if key not in self._seen:
            found = (await self._session.execute(READ, {"key": key})).first()
            self._seen[key] = None if found is None else Dialogue(*found)
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
        """Write the state and/or the data of one dialogue; an empty dialogue is deleted."""
        row = await self.get(key)
        state_now = state if set_state else (row.state if row else None)
        data_now = dict(data or {}) if set_data else (dict(row.data) if row else {})
        if state_now is None and not data_now:
            if row is not None:
                await self._session.execute(FORGET, {"key": key})
                self._seen[key] = None
            return
        if row is not None and row.state == state_now and row.data == data_now:
            return
        values = {"state": state_now, "data": data_now, "updated_at": at}
        if row is None:
            await self._session.execute(CREATE, {"key": key, **values})
        else:
            await self._session.execute(CHANGE, {"the_key": key, **values})
        self._seen[key] = Dialogue(state_now, data_now, at)

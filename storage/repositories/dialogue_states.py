"""Dialogue state rows behind aiogram's FSM, read once and written once per update.

Every update reads and most write this row, so it goes through plain table statements:
the ORM's identity map and flush cost more than the two statements themselves."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from storage.models import DialogueState
from storage.transaction import Transaction

TABLE = DialogueState.__table__
# Built once: SQLAlchemy then reuses their cache keys and compiled forms.
READ = select(TABLE.c.state, TABLE.c.data, TABLE.c.updated_at).where(
    TABLE.c.key == bindparam("key")
)
CREATE = insert(TABLE)
CHANGE = update(TABLE).where(TABLE.c.key == bindparam("the_key"))
FORGET = delete(TABLE).where(TABLE.c.key == bindparam("key"))
EXPIRE = delete(TABLE).where(
    TABLE.c.state.like(bindparam("pattern"), escape="\\"),
    TABLE.c.updated_at < bindparam("before"),
)


@dataclass(frozen=True, slots=True)
class Dialogue:
    state: str | None
    data: dict[str, Any]
    updated_at: datetime


class DialogueStateRepository:
    """Reads a dialogue once per unit of work and keeps changes until the unit commits, so
    that the several FSM calls of one update (state, then data) cost one write."""

    def __init__(self, unit: Transaction) -> None:
        self._unit = unit
        self._seen: dict[str, Dialogue | None] = {}
        self._stored: dict[str, bool] = {}
        self._changed: set[str] = set()

    async def get(self, key: str) -> Dialogue | None:
        """The dialogue of one user in one chat, as this unit of work has left it."""
        if key not in self._seen:
            found = await self._unit.rows(READ, {"key": key})
            self._seen[key] = Dialogue(*found[0]) if found else None
            self._stored[key] = bool(found)
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
        """Change the state and/or the data of one dialogue; written by `flush`."""
        row = await self.get(key)
        state_now = state if set_state else (row.state if row else None)
        data_now = dict(data or {}) if set_data else (dict(row.data) if row else {})
        if state_now is None and not data_now:
            if row is not None:
                self._seen[key] = None
                self._changed.add(key)
        elif row is None or row.state != state_now or row.data != data_now:
            self._seen[key] = Dialogue(state_now, data_now, at)
            self._changed.add(key)

    async def expire(self, state_prefix: str, idle_before: datetime) -> int:
        """Delete dialogues in states starting with a prefix, untouched since a moment (an
        abandoned draft should not keep what someone typed forever); how many went."""
        escaped = "".join("\\" + ch if ch in "\\%_" else ch for ch in state_prefix)
        return await self._unit.count(EXPIRE, {"pattern": escaped + "%", "before": idle_before})

    async def flush(self) -> None:
        """Write what changed: an emptied dialogue is deleted, the rest inserted or updated."""
        for key in sorted(self._changed):
            now, stored = self._seen[key], self._stored[key]
            if now is None:
                if stored:
                    await self._unit.count(FORGET, {"key": key})
            elif stored:
                await self._unit.count(CHANGE, {"the_key": key, **_values(now)})
            else:
                await self._unit.count(CREATE, {"key": key, **_values(now)})
            self._stored[key] = now is not None
        self._changed.clear()


def _values(dialogue: Dialogue) -> dict[str, Any]:
    return {"state": dialogue.state, "data": dialogue.data, "updated_at": dialogue.updated_at}

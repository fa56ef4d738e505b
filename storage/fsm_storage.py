"""aiogram FSM storage in the database, inside the update's own transaction when there is one."""

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from storage.unit_of_work import UnitOfWork, ambient_unit


@lru_cache(maxsize=4096)
def storage_key(key: StorageKey) -> str:
    """A flat primary key for aiogram's composite dialogue key (kept: aiogram asks for one
    dialogue several times per update)."""
    return ":".join(
        str(part)
        for part in (
            key.bot_id,
            key.chat_id,
            key.user_id,
            key.thread_id or 0,
            key.business_connection_id or "",
            key.destiny,
        )
    )


class DatabaseStorage(BaseStorage):
    """Dialogue state committed with the update that changed it, so a crash rolls both back."""

    def __init__(
        self, unit_factory: Callable[[], UnitOfWork], now: Callable[[], datetime]
    ) -> None:
        self._unit_factory = unit_factory
        self._now = now

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, state=value, set_state=True)

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self._read(key)
        return row[0] if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=dict(data), set_data=True)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self._read(key)
        return dict(row[1]) if row else {}

    async def close(self) -> None:
        return None

    async def _read(self, key: StorageKey) -> tuple[str | None, dict[str, Any]] | None:
        unit = ambient_unit()
        if unit is not None:
            row = await unit.dialogue_states.get(storage_key(key))
            return (row.state, row.data) if row else None
        async with self._unit_factory() as own:
            row = await own.dialogue_states.get(storage_key(key))
            return (row.state, row.data) if row else None

    async def _write(self, key: StorageKey, **changes: Any) -> None:
        unit = ambient_unit()
        if unit is not None:
            await unit.dialogue_states.put(storage_key(key), self._now(), **changes)
            return
        async with self._unit_factory() as own:
            await own.dialogue_states.put(storage_key(key), self._now(), **changes)
            await own.commit()

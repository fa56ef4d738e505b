"""What repositories ask of the transaction they run in (the unit of work): its ORM session,
prebuilt statements, new rows written at once, and the database's dialect."""

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

Params = Mapping[str, Any]


class Transaction(Protocol):
    @property
    def dialect(self) -> Dialect: ...

    async def session(self) -> AsyncSession: ...

    async def rows(
        self, statement: Executable, params: Params | Sequence[Params]
    ) -> list[tuple[Any, ...]]: ...

    async def count(self, statement: Executable, params: Params | Sequence[Params]) -> int: ...

    async def load[T](
        self, model: type[T], statement: Select[Any], params: Params
    ) -> T | None: ...

    async def insert(self, instance: object, *, flush: bool = True) -> None: ...

    def holds(self, instance: object) -> bool: ...

"""Whose turn it is on the SQLite file, and the connection that goes with the turn.

One process owns a SQLite file and writes one transaction at a time, so its units of work
take turns, first come first served. A turn is a connection straight from the pool; the
SQLAlchemy connection an ORM session needs is wrapped around it only when a unit asks, since
most units run only prebuilt statements on the driver."""

import asyncio

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection

from storage.sqlite.driver import Connection as InlineConnection


class Turn:
    """One unit's hold on the database, from its first statement to its commit or end."""

    __slots__ = ("_connection", "_engine", "_pooled", "driver")

    def __init__(self, engine: AsyncEngine, pooled: PoolProxiedConnection) -> None:
        driver = pooled.driver_connection
        assert isinstance(driver, InlineConnection), "SQLite runs on storage.sqlite.driver"
        self.driver = driver
        self._engine = engine
        self._pooled = pooled
        self._connection: AsyncConnection | None = None

    def connection(self) -> AsyncConnection:
        """The same connection as SQLAlchemy knows it, for an ORM session."""
        if self._connection is None:
            sync = Connection(self._engine.sync_engine, connection=self._pooled)
            self._connection = AsyncConnection(self._engine, sync)
        return self._connection

    async def release(self) -> None:
        """Roll back what was left uncommitted and give the connection back to the pool."""
        try:
            if self.driver.sqlite.in_transaction:
                self.driver.sqlite.rollback()
        finally:
            if self._connection is not None:
                await self._connection.close()
            else:
                self._pooled.close()


class SQLiteGate:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._lock = asyncio.Lock()

    async def enter(self) -> Turn:
        """Wait for the turn; it is the caller's, with no transaction begun, until `leave`."""
        await self._lock.acquire()
        try:
            return Turn(self.engine, await self.engine.raw_connection())
        except BaseException:
            self._lock.release()
            raise

    async def leave(self, turn: Turn) -> None:
        """End the turn; whatever its holder left uncommitted is rolled back."""
        try:
            await turn.release()
        finally:
            self._lock.release()

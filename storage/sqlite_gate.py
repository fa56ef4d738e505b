"""Whose turn it is on the SQLite file, and the connection that goes with the turn.

One process owns a SQLite file and writes one transaction at a time, so its units of work
take turns, first come first served. A turn is a connection from the pool, handed straight on
to the next unit when one is waiting (a checkout and checkin per transaction were a few per
cent of a busy bot's CPU) and given back once nobody is; the SQLAlchemy connection an ORM
session needs is wrapped around it only when a unit asks, since most units run only prebuilt
statements on the driver."""

import asyncio

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection

from storage.inline_sqlite import Connection as InlineConnection


class Turn:
    """One unit's hold on the database, from its first statement to its commit or end."""

    __slots__ = ("_connection", "_engine", "_pooled", "driver")

    def __init__(self, engine: AsyncEngine, pooled: PoolProxiedConnection) -> None:
        driver = pooled.driver_connection
        assert isinstance(driver, InlineConnection), "SQLite runs on storage.inline_sqlite"
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

    async def release(self, *, keep: bool) -> PoolProxiedConnection | None:
        """Roll back what was left uncommitted; give the connection back to the pool, or,
        with `keep`, return it for the next turn (unless an ORM session wrapped it: closing
        the wrapper gives it back)."""
        try:
            if self.driver.sqlite.in_transaction:
                self.driver.sqlite.rollback()
        except BaseException:
            keep = False
            raise
        finally:
            if self._connection is not None:
                await self._connection.close()
            elif not keep:
                self._pooled.close()
        return self._pooled if keep and self._connection is None else None


class SQLiteGate:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._lock = asyncio.Lock()
        self._waiting = 0
        self._handed_on: PoolProxiedConnection | None = None

    async def enter(self) -> Turn:
        """Wait for the turn; it is the caller's, with no transaction begun, until `leave`."""
        self._waiting += 1
        try:
            await self._lock.acquire()
        finally:
            self._waiting -= 1
        try:
            pooled, self._handed_on = self._handed_on, None
            return Turn(self.engine, pooled or await self.engine.raw_connection())
        except BaseException:
            self._lock.release()
            raise

    async def leave(self, turn: Turn) -> None:
        """End the turn; whatever its holder left uncommitted is rolled back."""
        try:
            self._handed_on = await turn.release(keep=self._waiting > 0)
        finally:
            self._lock.release()

    def close(self) -> None:
        """Give back a connection kept for a unit that stopped waiting (before a dispose)."""
        pooled, self._handed_on = self._handed_on, None
        if pooled is not None:
            pooled.close()

"""aiosqlite's interface, run on the event loop's own thread.

A statement on a local SQLite file in WAL mode takes microseconds, but aiosqlite hands every
call (cursor, execute, fetch, close) to its worker thread and back: about a hundred
microseconds of CPU each, four per statement, and the GIL bounced between two threads. One
process owns a SQLite file (see `storage.database`), so its statements never wait on a lock
long enough to be worth a thread; this module lets SQLAlchemy's aiosqlite dialect call
sqlite3 directly. When another process does hold the file (a migration, a test reading it),
SQLite is told not to wait, and the wait happens here, asleep, so the event loop keeps
running."""

import asyncio
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.exc import DBAPIError

DatabaseError = sqlite3.DatabaseError
Error = sqlite3.Error
IntegrityError = sqlite3.IntegrityError
NotSupportedError = sqlite3.NotSupportedError
OperationalError = sqlite3.OperationalError
ProgrammingError = sqlite3.ProgrammingError
sqlite_version = sqlite3.sqlite_version
sqlite_version_info = sqlite3.sqlite_version_info


async def _value[T](value: T) -> T:
    return value


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "database is locked" in text or "database is busy" in text


async def _patiently[T](call: Callable[[], T], patience: float) -> T:
    """Run `call`; while another process holds the write lock, sleep and try again."""
    deadline: float | None = None
    delay = 0.001
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
            now = time.monotonic()
            deadline = deadline if deadline is not None else now + patience
            if now >= deadline:
                raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)


class Cursor:
    """A sqlite3 cursor whose calls are awaitables that are already done."""

    __slots__ = ("_cursor", "_patience")

    def __init__(self, cursor: sqlite3.Cursor, patience: float) -> None:
        self._cursor = cursor
        self._patience = patience

    async def __aenter__(self) -> "Cursor":
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> "Cursor":
        await _patiently(lambda: self._cursor.execute(sql, parameters), self._patience)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> "Cursor":
        rows = list(parameters)
        await _patiently(lambda: self._cursor.executemany(sql, rows), self._patience)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class _Immediate:
    """Stands in for aiosqlite's request queue: runs the call at once, settles the future."""

    __slots__ = ()

    def put_nowait(self, item: tuple[Any, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:
            future.set_exception(error)
        else:
            future.set_result(result)


class Connection:
    """The parts of `aiosqlite.Connection` that SQLAlchemy's dialect uses."""

    def __init__(self, connection: sqlite3.Connection, patience: float) -> None:
        self._conn: sqlite3.Connection | None = connection
        self._patience = patience
        self._tx = _Immediate()
        self._thread = SimpleNamespace(daemon=True)  # the dialect marks aiosqlite's daemonic

    def __await__(self) -> Any:
        return _value(self).__await__()

    @property
    def _connection(self) -> sqlite3.Connection | None:
        return self._conn

    @property
    def sqlite(self) -> sqlite3.Connection:
        """The driver connection itself, for statements run without SQLAlchemy."""
        assert self._conn is not None
        return self._conn

    async def begin(self) -> None:
        """Take the write lock for a new transaction, waiting out another process's."""
        connection = self.sqlite
        try:
            await _patiently(lambda: connection.execute("BEGIN IMMEDIATE"), self._patience)
        except sqlite3.Error as error:
            raise DBAPIError.instance("BEGIN IMMEDIATE", (), error, sqlite3.Error) from error

    @property
    def isolation_level(self) -> str | None:
        assert self._conn is not None
        return self._conn.isolation_level

    def cursor(self) -> Cursor:
        assert self._conn is not None
        return Cursor(self._conn.cursor(), self._patience)

    async def commit(self) -> None:
        assert self._conn is not None
        await _patiently(self._conn.commit, self._patience)

    async def rollback(self) -> None:
        assert self._conn is not None
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        assert self._conn is not None
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def connect(database: str, *, timeout: float = 30.0, **kwargs: Any) -> Connection:
    """Open the file now (SQLAlchemy awaits the result as it would aiosqlite's); `timeout`
    is how long a statement waits for another process's write lock."""
    return Connection(sqlite3.connect(database, timeout=0, **kwargs), patience=timeout)


def dbapi() -> AsyncAdapt_aiosqlite_dbapi:
    """The DBAPI module to give `create_async_engine(..., module=...)`."""
    return AsyncAdapt_aiosqlite_dbapi(sys.modules[__name__], sqlite3)

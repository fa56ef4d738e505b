"""Engine and session factory, with SQLite tuned to behave like a real single-writer server."""

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from storage import json_codec
from storage.sqlite import driver as inline_sqlite

# Seconds a pooled server connection may sit unused before it is checked on its way out.
PING_AFTER_IDLE = 10.0
IDLE_SINCE = "dadres_idle_since"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Build the async engine; on SQLite every transaction takes the write lock up front."""
    parsed = make_url(url)
    # Parameters are what people typed (names, phones, complaints): an error's text, which
    # is logged and stored with the update, must not carry them.
    kwargs.setdefault("hide_parameters", True)
    kwargs.setdefault("json_serializer", json_codec.dumps)
    kwargs.setdefault("json_deserializer", json_codec.loads)
    if parsed.get_backend_name() != "sqlite":
        if "poolclass" not in kwargs:
            kwargs.setdefault("pool_size", 10)
            kwargs.setdefault("max_overflow", 20)
        engine = create_async_engine(url, **kwargs)
        if not kwargs.get("pool_pre_ping"):
            _ping_when_idle(engine)
        return engine
    if parsed.database in (None, "", ":memory:"):
        raise ValueError("use a SQLite file: an in-memory database shares one connection")
    kwargs.setdefault("connect_args", {"timeout": 30})  # for another process's write lock
    kwargs.setdefault("module", inline_sqlite.dbapi())
    if "poolclass" not in kwargs:
        # One process owns a SQLite file: its units of work take turns, one pooled connection
        # each (storage.sqlite.gate: fair, no sleeping in SQLite's busy handler); the overflow
        # is for anything using the engine directly, and another process's lock is waited
        # out asleep.
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 4)
        kwargs.setdefault("pool_timeout", 120)
    # A unit of work always ends its transaction before its connection goes back.
    kwargs.setdefault("pool_reset_on_return", None)
    engine = create_async_engine(url, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA cache_size=-32000")
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        driver = connection.connection.driver_connection
        if not driver.sqlite.in_transaction:  # a unit of work may have begun it already
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Before a connection idle for a while is handed out, make sure the server still has it
    (it may have restarted meanwhile); a dead one is replaced. A connection back from a
    transaction moments ago is handed out as it is: `pool_pre_ping` would cost a round trip
    per transaction, several per update. Should the server go away under load, the one
    statement that meets a dead connection fails (and is retried), and the pool replaces
    every connection it had, as on any disconnect."""
    dialect = engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        idle_since = record.info.get(IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("the server dropped an idle connection") from error


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)

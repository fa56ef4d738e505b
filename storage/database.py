"""Engine and session factory, with SQLite tuned to behave like a real single-writer server."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage import json_codec
from storage.sqlite import driver as inline_sqlite


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Build the async engine; on SQLite every transaction takes the write lock up front."""
    parsed = make_url(url)
    # Parameters are what people typed (names, phones, complaints): an error's text, which
    # is logged and stored with the update, must not carry them.
    kwargs.setdefault("hide_parameters", True)
    kwargs.setdefault("json_serializer", json_codec.dumps)
    kwargs.setdefault("json_deserializer", json_codec.loads)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        if "poolclass" not in kwargs:
            kwargs.setdefault("pool_size", 10)
            kwargs.setdefault("max_overflow", 20)
        return create_async_engine(url, **kwargs)
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


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)

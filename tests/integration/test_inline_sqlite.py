"""SQLite on the event loop's thread: waiting for another process's lock must not stop the loop."""

import asyncio
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError

from storage.database import create_engine, create_session_factory
from storage.unit_of_work import UnitOfWorkFactory

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _file(url: str) -> str:
    return url.split("///", 1)[1]


async def test_a_write_waits_for_another_holder_while_the_loop_runs(sqlite_url: str) -> None:
    other = sqlite3.connect(_file(sqlite_url), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    engine = create_engine(sqlite_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async def write() -> None:
        async with units() as unit:
            await unit.outbox.add(7, "sendMessage", {"text": "hello"}, AT)
            await unit.commit()

    ticker = asyncio.create_task(tick())
    writer = asyncio.create_task(write())
    try:
        await asyncio.sleep(0.3)
        assert not writer.done(), "the write went ahead while another process held the lock"
        assert ticks >= 10, "the event loop stood still while the write waited"
        other.execute("COMMIT")
        await asyncio.wait_for(writer, 5)
        async with units() as unit:
            assert [m.payload for m in await unit.outbox.for_chat(7)] == [{"text": "hello"}]
    finally:
        ticker.cancel()
        other.close()
        await engine.dispose()


async def test_a_lock_held_too_long_is_an_error_not_a_hang(sqlite_url: str) -> None:
    other = sqlite3.connect(_file(sqlite_url), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    engine = create_engine(sqlite_url, connect_args={"timeout": 0.2})
    units = UnitOfWorkFactory(create_session_factory(engine))
    try:
        with pytest.raises(OperationalError, match="locked"):
            async with units() as unit:
                await unit.outbox.add(7, "sendMessage", {}, AT)
    finally:
        other.close()
        await engine.dispose()

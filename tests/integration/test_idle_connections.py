"""PostgreSQL: a pooled connection that sat idle is checked before it is handed out (the
server may have dropped it meanwhile); one back from a transaction moments ago is not, since
a round trip per unit of work is several per update."""

from typing import Any

import asyncpg
import pytest
from sqlalchemy import func, select

from storage import database
from storage.database import create_engine, create_session_factory
from storage.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.postgres


async def backend_of(units: UnitOfWorkFactory) -> int:
    """The server process behind the connection a unit of work was handed."""
    async with units() as unit:
        session = await unit.session()
        return int(await session.scalar(select(func.pg_backend_pid())) or 0)


def counting_pings(engine: Any, pings: list[object]) -> None:
    ping = engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return bool(ping(dbapi_connection))

    engine.dialect.do_ping = counted


async def test_an_idle_connection_the_server_dropped_is_replaced(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 0.0)
    engine = create_engine(postgres_url, pool_size=1, max_overflow=0)
    units = UnitOfWorkFactory(create_session_factory(engine))
    try:
        first = await backend_of(units)
        admin = await asyncpg.connect(postgres_url.replace("postgresql+asyncpg", "postgresql"))
        try:
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", first)
        finally:
            await admin.close()
        second = await backend_of(units)  # without the check: "connection was closed"
        assert second not in (0, first)
    finally:
        await engine.dispose()


async def test_a_connection_back_moments_ago_is_handed_out_unchecked(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=1, max_overflow=0)
    units = UnitOfWorkFactory(create_session_factory(engine))
    pings: list[object] = []
    counting_pings(engine, pings)
    try:
        first = await backend_of(units)
        assert await backend_of(units) == first
        assert pings == []
    finally:
        await engine.dispose()


async def test_a_connection_idle_longer_than_the_limit_is_checked(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(postgres_url, pool_size=1, max_overflow=0)
    units = UnitOfWorkFactory(create_session_factory(engine))
    pings: list[object] = []
    counting_pings(engine, pings)
    try:
        first = await backend_of(units)
        monkeypatch.setattr(database, "PING_AFTER_IDLE", 0.0)
        assert await backend_of(units) == first
        assert len(pings) == 1
    finally:
        await engine.dispose()

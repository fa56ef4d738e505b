"""Databases for tests: a SQLite file always, PostgreSQL when the server is there."""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from storage.migrate import upgrade

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


async def _postgres_reachable() -> str | None:
    import asyncpg

    try:
        connection = await asyncpg.connect(
            POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"), timeout=3
        )
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"PostgreSQL not reachable at {POSTGRES_URL} ({error.__class__.__name__})"
    await connection.close()
    return None


async def _redis_reachable() -> str | None:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        await client.ping()
    except Exception as error:
        return f"Redis not reachable at {REDIS_URL} ({error.__class__.__name__})"
    finally:
        await client.aclose()
    return None


@pytest.fixture(scope="session")
def postgres_skip_reason() -> str | None:
    return asyncio.run(_postgres_reachable())


@pytest.fixture(scope="session")
def redis_skip_reason() -> str | None:
    return asyncio.run(_redis_reachable())


async def _fresh_postgres_database() -> tuple[str, str]:
    import asyncpg

    name = f"dadres_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    base = POSTGRES_URL.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


async def _drop_postgres_database(name: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


@asynccontextmanager
async def _postgres_database(skip_reason: str | None) -> AsyncIterator[str]:
    if skip_reason:
        pytest.skip(skip_reason)
    name, url = await _fresh_postgres_database()
    try:
        await upgrade(url)
        yield url
    finally:
        await _drop_postgres_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_skip_reason: str | None
) -> AsyncIterator[str]:
    """An empty, migrated database: one SQLite file, or one fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'dadres.sqlite3'}"
        await upgrade(url)
        yield url
        return
    async with _postgres_database(postgres_skip_reason) as url:
        yield url


@pytest.fixture
async def postgres_url(postgres_skip_reason: str | None) -> AsyncIterator[str]:
    """A fresh migrated PostgreSQL database, for what only a server database can do."""
    async with _postgres_database(postgres_skip_reason) as url:
        yield url


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite file, for tests that need no second database."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'dadres.sqlite3'}"
    await upgrade(url)
    return url

"""Engines and units of work over the migrated test databases of tests/conftest.py.

The repository suite is a contract: every test that takes `units` runs on each way a unit of
work reaches a database — SQLite's fast path, the plain SQLAlchemy unit of work on SQLite,
and the plain one on PostgreSQL (skipped, with the reason, when no server is there; each
test gets a freshly made database of its own). Tests without `units` run once per database."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.unit_of_work import UnitOfWorkFactory
from tests.conftest import _postgres_database

SQLITE = "sqlite"  # the fast path: storage.sqlite.unit_of_work
SQLITE_PLAIN = "sqlite-plain"  # storage.unit_of_work on a SQLite file
POSTGRES = "postgres"  # storage.unit_of_work on PostgreSQL

UnitsFor = Callable[[AsyncEngine], UnitOfWorkFactory]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "storage_path" not in metafunc.fixturenames:
        return
    paths = [SQLITE, pytest.param(POSTGRES, marks=pytest.mark.postgres)]
    if "units" in metafunc.fixturenames or "units_for" in metafunc.fixturenames:
        paths.insert(1, SQLITE_PLAIN)
    metafunc.parametrize("storage_path", paths, indirect=True)


@pytest.fixture
def storage_path(request: pytest.FixtureRequest) -> str:
    """Which database, and on SQLite which unit of work, the test runs on."""
    return str(request.param)


@pytest.fixture
async def database_url(
    storage_path: str, tmp_path: Path, postgres_skip_reason: str | None
) -> AsyncIterator[str]:
    """An empty, migrated database: one SQLite file, or one fresh PostgreSQL database."""
    if storage_path != POSTGRES:
        url = f"sqlite+aiosqlite:///{tmp_path / 'dadres.sqlite3'}"
        await upgrade(url)
        yield url
        return
    async with _postgres_database(postgres_skip_reason) as url:
        yield url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """One engine per test, disposed before the database is dropped so no connection leaks."""
    engine = create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def units_for(storage_path: str) -> UnitsFor:
    """Units of work over an engine, on the path this test runs on."""

    def units_for(engine: AsyncEngine) -> UnitOfWorkFactory:
        session_factory = create_session_factory(engine)
        return UnitOfWorkFactory(session_factory, sqlite_fast_path=storage_path == SQLITE)

    return units_for


@pytest.fixture
def units(engine: AsyncEngine, units_for: UnitsFor) -> UnitOfWorkFactory:
    """Fresh units of work, the way the bot hands them out."""
    return units_for(engine)

"""Engines and units of work over the migrated test databases of tests/conftest.py."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine, create_session_factory
from storage.unit_of_work import UnitOfWorkFactory


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """One engine per test, disposed before the database is dropped so no connection leaks."""
    engine = create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def units(engine: AsyncEngine) -> UnitOfWorkFactory:
    """Fresh units of work, the way the bot hands them out."""
    return UnitOfWorkFactory(create_session_factory(engine))

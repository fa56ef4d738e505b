"""The Alembic migrations build exactly the schema the models describe, and can be undone."""

import asyncio
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine
from storage.migrate import alembic_config, upgrade
from storage.models import Base

MODEL_TABLES = set(Base.metadata.tables)


def _schema_diff(connection: Connection) -> list[Any]:
    """What autogenerate would still emit: empty when the database matches the models."""
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "render_as_batch": True}
    )
    return compare_metadata(context, Base.metadata)


def _table_names(connection: Connection) -> set[str]:
    """The tables that exist, to see what a migration created or dropped."""
    return set(sa.inspect(connection).get_table_names())


def _current_revision(connection: Connection) -> str | None:
    """The revision Alembic has recorded in the database."""
    return MigrationContext.configure(connection).get_current_revision()


def _head(url: str) -> str | None:
    """The newest revision in the migrations folder."""
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


async def _run(engine: AsyncEngine, check: Any) -> Any:
    """Run a synchronous inspection on a fresh connection of the engine."""
    async with engine.connect() as connection:
        return await connection.run_sync(check)


async def test_migrated_schema_matches_models_exactly(engine: AsyncEngine) -> None:
    """A model change without a migration (or a sloppy migration) must fail here."""
    assert await _run(engine, _schema_diff) == []
    assert MODEL_TABLES <= await _run(engine, _table_names)


async def test_migrations_are_at_head(engine: AsyncEngine, database_url: str) -> None:
    """The fixture's upgrade really went to the newest revision."""
    head = _head(database_url)
    assert head is not None
    assert await _run(engine, _current_revision) == head


async def test_downgrade_to_base_and_upgrade_again(database_url: str) -> None:
    """The downgrade path drops everything cleanly and the schema can be rebuilt on top."""
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "base")
    engine = create_engine(database_url)
    try:
        assert await _run(engine, _table_names) & MODEL_TABLES == set()
        assert await _run(engine, _current_revision) is None

        await upgrade(database_url)
        assert MODEL_TABLES <= await _run(engine, _table_names)
        assert await _run(engine, _current_revision) == _head(database_url)
        assert await _run(engine, _schema_diff) == []
    finally:
        await engine.dispose()


async def test_upgrade_is_idempotent(database_url: str) -> None:
    """Every start of the bot runs upgrade; a second run on an up-to-date schema is a no-op."""
    await upgrade(database_url)
    await upgrade(database_url)
    engine = create_engine(database_url)
    try:
        assert await _run(engine, _current_revision) == _head(database_url)
        assert await _run(engine, _schema_diff) == []
    finally:
        await engine.dispose()

"""Whether a database is reachable and its schema is at the newest migration, asked through
Alembic's public API (for `dadres doctor`)."""

from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import alembic_config


@dataclass(frozen=True, slots=True)
class SchemaState:
    current: frozenset[str]
    newest: frozenset[str]

    @property
    def up_to_date(self) -> bool:
        return self.current == self.newest


def missing_sqlite_file(database_url: str) -> Path | None:
    """The SQLite file the URL names when it does not exist (connecting would create it)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    path = Path(url.database)
    return None if path.exists() else path


async def schema_state(engine: AsyncEngine, database_url: str) -> SchemaState:
    """The revisions the database is at, and the newest this version of Dadres ships."""
    script = ScriptDirectory.from_config(alembic_config(database_url))
    async with engine.connect() as connection:
        current = await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_heads()
        )
    return SchemaState(frozenset(current), frozenset(script.get_heads()))

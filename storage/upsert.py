"""The one place that knows each database's spelling of "insert unless it is already there"."""

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignoring_conflicts(session: AsyncSession, table: Table) -> Any:
    """An INSERT that skips rows whose key already exists, for the session's dialect; give
    it the rows when executing, so that one compiled form serves any number of them."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing()

"""The one place that knows each database's spelling of "insert unless it is already there"."""

from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite


@cache
def insert_ignoring_conflicts(dialect: str, table: Table, *returning: str) -> Any:
    """An INSERT that skips rows whose key already exists, for the named dialect, returning
    the named columns of the rows it did insert. Built once; give it the rows when
    executing, so that one compiled form serves any number of them."""
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).on_conflict_do_nothing()
    if returning:
        statement = statement.returning(*(table.c[name] for name in returning))
    return statement

"""Watching the SQL that reaches a database, whichever way it was sent."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@contextmanager
def statements_reaching(engine: AsyncEngine, record: Callable[[str], None]) -> Iterator[None]:
    """Call `record` with each statement the database runs while inside. SQLite: from the
    driver's trace, which also sees the statements run without SQLAlchemy."""
    sync = engine.sync_engine
    if engine.dialect.name != "sqlite":

        def executed(_conn: object, _cursor: object, statement: str, *_: object) -> None:
            record(statement)

        event.listen(sync, "before_cursor_execute", executed)
        try:
            yield
        finally:
            event.remove(sync, "before_cursor_execute", executed)
        return

    def checked_out(dbapi_connection: Any, *_: object) -> None:
        dbapi_connection.driver_connection.sqlite.set_trace_callback(record)

    def checked_in(dbapi_connection: Any, *_: object) -> None:
        dbapi_connection.driver_connection.sqlite.set_trace_callback(None)

    event.listen(sync.pool, "checkout", checked_out)
    event.listen(sync.pool, "checkin", checked_in)
    try:
        yield
    finally:
        event.remove(sync.pool, "checkout", checked_out)
        event.remove(sync.pool, "checkin", checked_in)

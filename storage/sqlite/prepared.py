"""Core statements compiled once for SQLite and run on its driver connection directly.

A handful of statements run for every update (the dialogue, the inbox, the outbox). Through an
ORM session each costs about a hundred microseconds of SQLAlchemy around ten of SQLite; here
the SQL, the order of its parameters and each column's converters are worked out once, by
SQLAlchemy itself, so rows written this way read back through the ORM exactly as its own."""

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import ClauseElement

from storage.transaction import Params

Convert = Callable[[Any], Any] | None


class Prepared:
    """One statement for one set of parameter names: its SQL and its converters."""

    __slots__ = ("_binds", "_results", "sql")

    def __init__(self, statement: Executable, dialect: Dialect, keys: Sequence[str]) -> None:
        assert isinstance(statement, ClauseElement)
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        self.sql = str(compiled)
        self._binds: list[tuple[str, bool, Any, Convert]] = []
        for name in compiled.positiontup or ():
            bind = compiled.binds[name]
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            self._binds.append((name, bind.required, bind.value, convert))
        columns = getattr(statement, "exported_columns", ())
        self._results: list[Convert] | None = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ]
        if not any(self._results):
            self._results = None

    def parameters(self, params: Params) -> list[Any]:
        """The positional values, each converted as SQLAlchemy would (and a value the
        column refuses raised as SQLAlchemy would, a StatementError)."""
        values = []
        try:
            for name, required, fixed, convert in self._binds:
                value = params[name] if required else params.get(name, fixed)
                values.append(value if convert is None else convert(value))
        except (TypeError, ValueError) as error:
            raise _wrapped(self.sql, dict(params), error) from error
        return values

    def rows(self, connection: sqlite3.Connection, params: Params) -> list[tuple[Any, ...]]:
        """Run it and return what it selected or returned, converted back."""
        values = self.parameters(params)
        try:
            found = connection.execute(self.sql, values).fetchall()
        except sqlite3.Error as error:
            raise _wrapped(self.sql, values, error) from error
        if self._results is None:
            return found
        results = self._results
        return [
            tuple(v if c is None else c(v) for c, v in zip(results, row, strict=True))
            for row in found
        ]

    def count(self, connection: sqlite3.Connection, params: Sequence[Params]) -> int:
        """Run it once per parameter set; how many rows it changed in all."""
        rows = [self.parameters(p) for p in params]
        try:
            return connection.executemany(self.sql, rows).rowcount
        except sqlite3.Error as error:
            raise _wrapped(self.sql, rows, error) from error


def _wrapped(sql: str, params: Any, error: Exception) -> BaseException:
    """The error SQLAlchemy would raise, without the parameters (what people typed) in its
    text, as the engine's hide_parameters does."""
    return DBAPIError.instance(sql, params, error, sqlite3.Error, hide_parameters=True)


class PreparedCache:
    """Each statement compiled once per set of parameter names, for one engine's dialect."""

    __slots__ = ("_dialect", "_known")

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._known: dict[tuple[Executable, tuple[str, ...]], Prepared] = {}

    def __call__(self, statement: Executable, params: Params) -> Prepared:
        keys = tuple(params)
        found = self._known.get((statement, keys))
        if found is None:
            found = self._known[(statement, keys)] = Prepared(statement, self._dialect, keys)
        return found

"""Datetimes are written to SQLite exactly as SQLAlchemy's own two steps would write them."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeDecorator

from storage.column_types import UTCDateTime

DIALECT = sqlite.dialect()
COLUMN = UTCDateTime().dialect_impl(DIALECT)
TEHRAN = timezone(timedelta(hours=3, minutes=30))


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 12, 1, 20, 50, tzinfo=UTC),
        datetime(2026, 12, 1, 0, 5, 1, 123, tzinfo=TEHRAN),
        datetime(5, 1, 1, tzinfo=UTC),
        None,
    ],
)
def test_the_one_step_text_is_sqlalchemys(value: datetime | None) -> None:
    composed = TypeDecorator.bind_processor(COLUMN, DIALECT)
    assert COLUMN.bind_processor(DIALECT)(value) == composed(value)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        COLUMN.bind_processor(DIALECT)(datetime(2026, 1, 1))

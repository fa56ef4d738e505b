"""Which days a period button or a typed range stands for."""

from datetime import date

import pytest

from bot.domain.report_period import (
    Choice,
    Period,
    RangeProblem,
    chosen,
    parse_range,
    week_start_index,
)
from bot.messages.report_keyboards import BUTTON_KEYS, CUSTOM

SATURDAY = week_start_index("saturday")
MONDAY = week_start_index("Monday")
TUESDAY = date(2026, 11, 24)  # 3 Azar 1405


@pytest.mark.parametrize(
    ("choice", "week_start", "expected"),
    [
        (Choice.THIS_WEEK, SATURDAY, Period(date(2026, 11, 21), date(2026, 11, 28))),
        (Choice.LAST_WEEK, SATURDAY, Period(date(2026, 11, 14), date(2026, 11, 21))),
        (Choice.THIS_WEEK, MONDAY, Period(date(2026, 11, 23), date(2026, 11, 30))),
        # Azar 1405 runs from 22 November to 21 December; Aban had 30 days.
        (Choice.THIS_JALALI_MONTH, SATURDAY, Period(date(2026, 11, 22), date(2026, 12, 22))),
        (Choice.LAST_JALALI_MONTH, SATURDAY, Period(date(2026, 10, 23), date(2026, 11, 22))),
        (Choice.THIS_MONTH, SATURDAY, Period(date(2026, 11, 1), date(2026, 12, 1))),
    ],
)  # fmt: skip
def test_buttons(choice: Choice, week_start: int, expected: Period) -> None:
    assert chosen(choice, TUESDAY, week_start) == expected


def test_the_week_starts_on_its_first_day_itself() -> None:
    assert chosen(Choice.THIS_WEEK, date(2026, 11, 21), SATURDAY).first == date(2026, 11, 21)


def test_last_jalali_month_across_the_new_year() -> None:
    farvardin_5 = date(2026, 3, 25)  # 5 Farvardin 1405
    esfand_1404 = chosen(Choice.LAST_JALALI_MONTH, farvardin_5, SATURDAY)
    assert esfand_1404 == Period(date(2026, 2, 20), date(2026, 3, 21))


@pytest.mark.parametrize(
    "text",
    ["1405/09/01 - 1405/09/15", "۱۴۰۵/۰۹/۰۱ تا ۱۴۰۵/۰۹/۱۵", "2026-11-22 - 2026-12-06",
     "١٤٠٥-٩-١ - 2026-12-06"],
)  # fmt: skip
def test_a_typed_range_in_either_calendar_both_days_included(text: str) -> None:
    assert parse_range(text) == Period(date(2026, 11, 22), date(2026, 12, 7))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("last week", RangeProblem.UNREADABLE),
        ("1405/09/01", RangeProblem.UNREADABLE),
        ("1405/09/31 - 1405/12/30", RangeProblem.NO_SUCH_DATE),  # Azar has 30 days
        ("2026-02-30 - 2026-03-01", RangeProblem.NO_SUCH_DATE),
        ("1405/09/15 - 1405/09/01", RangeProblem.BACKWARDS),
        ("2024-01-01 - 2026-01-01", RangeProblem.TOO_LONG),
    ],
)
def test_what_cannot_be_a_range(text: str, problem: RangeProblem) -> None:
    assert parse_range(text) == problem


def test_long_periods_are_counted_in_weeks() -> None:
    assert not Period(date(2026, 11, 1), date(2026, 12, 2)).weekly  # 31 days
    assert Period(date(2026, 11, 1), date(2026, 12, 3)).weekly


def test_every_period_button_stands_for_a_choice() -> None:
    assert set(BUTTON_KEYS) == {c.value for c in Choice} | {CUSTOM}

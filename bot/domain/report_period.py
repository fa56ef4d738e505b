"""The periods a report covers: whole local days, picked by name or typed in either calendar."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum, StrEnum
from zoneinfo import ZoneInfo

from persiantools.jdatetime import JalaliDate

from bot.domain.digits import to_ascii_digits
from bot.domain.response_policy import DAY_NAMES

WEEKLY_AFTER_DAYS = 31
LONGEST_DAYS = 400
_DATE = re.compile(r"([0-9]{4})\s*[/\-.]\s*([0-9]{1,2})\s*[/\-.]\s*([0-9]{1,2})")
_JALALI_YEARS = range(1300, 1500)
_GREGORIAN_YEARS = range(1900, 2101)


class Choice(StrEnum):
    THIS_WEEK = "tw"
    LAST_WEEK = "lw"
    THIS_JALALI_MONTH = "tj"
    LAST_JALALI_MONTH = "lj"
    THIS_MONTH = "tm"


class RangeProblem(Enum):
    UNREADABLE = "unreadable"
    NO_SUCH_DATE = "no_such_date"
    BACKWARDS = "backwards"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class Period:
    """Local days from `first` up to, not including, `end`."""

    first: date
    end: date

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.first).days

    @property
    def weekly(self) -> bool:
        """Longer periods are counted per week, so a chart keeps a readable number of bars."""
        return self.days > WEEKLY_AFTER_DAYS

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The UTC moments the period starts and ends at, midnight on the organisation's clock."""
        start = datetime.combine(self.first, time(0), zone).astimezone(UTC)
        return start, datetime.combine(self.end, time(0), zone).astimezone(UTC)


def week_start_index(name: str) -> int:
    """The weekday number (Monday=0) of a day name such as "saturday"."""
    return DAY_NAMES.index(name.strip().lower())


def chosen(choice: Choice, today: date, week_start: int) -> Period:
    """The period a picker button stands for, as of `today` (a local date)."""
    if choice in (Choice.THIS_WEEK, Choice.LAST_WEEK):
        first = today - timedelta(days=(today.weekday() - week_start) % 7)
        if choice is Choice.LAST_WEEK:
            first -= timedelta(days=7)
        return Period(first, first + timedelta(days=7))
    if choice is Choice.THIS_MONTH:
        first = today.replace(day=1)
        return Period(first, (first + timedelta(days=32)).replace(day=1))
    jalali = JalaliDate(today)
    year, month = jalali.year, jalali.month
    if choice is Choice.LAST_JALALI_MONTH:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    start = JalaliDate(year, month, 1)
    after = JalaliDate(year, month + 1, 1) if month < 12 else JalaliDate(year + 1, 1, 1)
    return Period(start.to_gregorian(), after.to_gregorian())


def parse_range(text: str) -> Period | RangeProblem:
    """Two year-first dates in either calendar ("1405/09/01 - 1405/09/15"), both days included."""
    found = _DATE.findall(to_ascii_digits(text))
    if len(found) != 2:
        return RangeProblem.UNREADABLE
    days = [_calendar_date(*(int(part) for part in parts)) for parts in found]
    first, last = days
    if first is None or last is None:
        return RangeProblem.NO_SUCH_DATE
    if last < first:
        return RangeProblem.BACKWARDS
    if (last - first).days >= LONGEST_DAYS:
        return RangeProblem.TOO_LONG
    return Period(first, last + timedelta(days=1))


def _calendar_date(year: int, month: int, day: int) -> date | None:
    """A date in the calendar its year belongs to (13xx/14xx Jalali), or None."""
    try:
        if year in _JALALI_YEARS:
            return JalaliDate(year, month, day).to_gregorian()
        if year in _GREGORIAN_YEARS:
            return date(year, month, day)
    except ValueError:
        return None
    return None

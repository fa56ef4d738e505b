"""Dates that users type, and how dates and times are shown to them and to staff."""

import datetime
import enum
import re
import zoneinfo

from persiantools.jdatetime import JalaliDate

from bot.domain.digits import to_ascii_digits, to_persian_digits

_JALALI_YEARS = range(1300, 1500)
_GREGORIAN_YEARS = range(1900, 2101)
_MAX_AGE_YEARS = 10
_SEPARATORS = re.compile(r"[/\\\-.\s\u066b\u066c\u2010-\u2015\u2212]+")
_YEAR = re.compile(r"[0-9]{4}")
_SHORT_YEAR = re.compile(r"[0-9]{2}")
_MONTH_OR_DAY = re.compile(r"[0-9]{1,2}")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class DateProblem(enum.Enum):
    """Why typed text could not be taken as the date something happened."""

    UNREADABLE = "unreadable"
    NOT_A_DATE = "not_a_date"
    IN_FUTURE = "in_future"
    TOO_OLD = "too_old"


def _split(text: str, lang: str, today: datetime.date) -> tuple[int, int, int] | None:
    """Read year, month and day from Y/M/D or D/M/Y text, or None when the shape is wrong."""
    parts = [p for p in _SEPARATORS.split(to_ascii_digits(text).strip()) if p]
    if len(parts) != 3:
        return None
    first, middle, last = parts
    if not _MONTH_OR_DAY.fullmatch(middle):
        return None
    if _YEAR.fullmatch(first) and _MONTH_OR_DAY.fullmatch(last):
        return int(first), int(middle), int(last)
    if _YEAR.fullmatch(last) and _MONTH_OR_DAY.fullmatch(first):
        return int(last), int(middle), int(first)
    if lang == "fa" and _SHORT_YEAR.fullmatch(first) and _MONTH_OR_DAY.fullmatch(last):
        year = _full_jalali_year(int(first), today)
        return None if year is None else (year, int(middle), int(last))
    return None


def _full_jalali_year(short: int, today: datetime.date) -> int | None:
    """Expand a two-digit Jalali year to a recent one; far-off years are likely misreadings."""
    this_year = JalaliDate(today).year
    year = this_year - this_year % 100 + short
    if year > this_year:
        year -= 100
    return year if year >= this_year - _MAX_AGE_YEARS - 1 else None


def _ten_years_before(today: datetime.date) -> datetime.date:
    """Find the oldest date still accepted, coping with 29 February."""
    try:
        return today.replace(year=today.year - _MAX_AGE_YEARS)
    except ValueError:
        return today.replace(year=today.year - _MAX_AGE_YEARS, day=28)


def _to_gregorian(year: int, month: int, day: int) -> datetime.date | DateProblem:
    """Build the date in the calendar its year belongs to."""
    try:
        if year in _JALALI_YEARS:
            return JalaliDate(year, month, day).to_gregorian()
        if year in _GREGORIAN_YEARS:
            return datetime.date(year, month, day)
    except ValueError:
        return DateProblem.NOT_A_DATE
    return DateProblem.IN_FUTURE if year >= _GREGORIAN_YEARS.stop else DateProblem.TOO_OLD


def parse_user_date(text: str, lang: str, today: datetime.date) -> datetime.date | DateProblem:
    """Read a date typed in either calendar and check it is a plausible past date."""
    parts = _split(text, lang, today)
    if parts is None:
        return DateProblem.UNREADABLE
    year, month, day = parts
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return DateProblem.NOT_A_DATE
    result = _to_gregorian(year, month, day)
    if isinstance(result, DateProblem):
        return result
    if result > today:
        return DateProblem.IN_FUTURE
    if result < _ten_years_before(today):
        return DateProblem.TOO_OLD
    return result


def format_date(d: datetime.date, lang: str) -> str:
    """Show a date in the calendar and digits the reader uses."""
    if lang == "fa":
        return to_persian_digits(JalaliDate(d).strftime("%Y/%m/%d"))
    return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"


def _local(moment: datetime.datetime, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    """Move an aware moment into the reader's zone; naive ones are refused, not guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(tz)


def format_time(moment: datetime.datetime, lang: str, tz: zoneinfo.ZoneInfo) -> str:
    """Show the wall-clock time in the reader's zone and digits."""
    clock = _local(moment, tz).strftime("%H:%M")
    return to_persian_digits(clock) if lang == "fa" else clock


def format_datetime(moment: datetime.datetime, lang: str, tz: zoneinfo.ZoneInfo) -> str:
    """Show date and time together in the reader's zone, calendar and digits."""
    local = _local(moment, tz)
    day = format_date(local.date(), lang)
    clock = format_time(local, lang, tz)
    return f"{day} ساعت {clock}" if lang == "fa" else f"{day}, {clock}"


def format_both(moment: datetime.datetime, tz: zoneinfo.ZoneInfo, lang: str = "fa") -> str:
    """Show a moment in the reader's calendar, with the other calendar's date beside it, so
    staff of either habit read it at once; all digits are the reader's."""
    local = _local(moment, tz)
    jalali = JalaliDate(local.date()).strftime("%Y/%m/%d")
    if lang == "fa":
        gregorian = local.date().strftime("%Y/%m/%d")
        return to_persian_digits(f"{jalali} ساعت {local.strftime('%H:%M')} ({gregorian})")
    return f"{format_datetime(local, lang, tz)} ({jalali})"

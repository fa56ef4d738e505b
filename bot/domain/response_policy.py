"""Response-time targets per priority (and category), from the [policy] part of a TOML file.

Durations are written like "2h", "90m", "1d" or "1d4h". In a target counted in working time a
"d" is one full working day of 8 working hours (WORKING_DAY), whatever the calendar's hours; in
calendar time, and in every other timer of the policy, a "d" is 24 real hours.
"""

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from persiantools.jdatetime import JalaliDate

from bot.domain.categories import KEY_CHARS
from bot.domain.digits import to_ascii_digits
from bot.domain.working_time import WorkingCalendar

DEFAULT_FILE = Path(__file__).with_name("policy.toml")
PRIORITIES = ("low", "normal", "high", "urgent")
WORKING_DAY = timedelta(hours=8)
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_AT_RISK = 0.75

_DURATION = re.compile(r"(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?")
_SPAN = re.compile(r"([0-9]{1,2}):([0-9]{2})\s*[-–—]\s*([0-9]{1,2}):([0-9]{2})")
_HOLIDAY = re.compile(r"([0-9]{4})\s*[/\-.]\s*([0-9]{1,2})\s*[/\-.]\s*([0-9]{1,2})")
_JALALI_YEARS = range(1300, 1500)
_GREGORIAN_YEARS = range(1900, 2101)
_DURATION_HINT = "is not a duration like 2h, 90m, 1d4h"
_HOLIDAY_HINT = "is not a date like 1405-01-01 or 2026-03-21"

_DEFAULT_TIMERS: dict[str, str] = {
    "unassigned_after": "30m",
    "breach_escalation_after": "4h",
    "waiting_reminder_after": "3d",
    "waiting_close_after": "4d",
    "resolution_confirm_within": "7d",
    "reopen_grace": "14d",
    "survey_reminder_after": "24h",
}
_DEFAULT_DIGEST_HOUR = 9
_DEFAULT_TARGETS: dict[str, dict[str, object]] = {
    "urgent": {"first_response": "2h", "resolution": "1d", "working_time": False},
    "high": {"first_response": "4h", "resolution": "2d", "working_time": True},
    "normal": {"first_response": "1d", "resolution": "5d", "working_time": True},
    "low": {"first_response": "2d", "resolution": "10d", "working_time": True},
}
_DEFAULT_HOURS: dict[str, str] = {
    "saturday": "08:00-16:00",
    "sunday": "08:00-16:00",
    "monday": "08:00-16:00",
    "tuesday": "08:00-16:00",
    "wednesday": "08:00-16:00",
    "thursday": "08:00-12:00",
    "friday": "off",
}
_TARGET_KEYS = frozenset({"first_response", "resolution", "working_time", "at_risk"})
_POLICY_KEYS = frozenset(
    {*_DEFAULT_TIMERS, "digest_hour", "targets", "by_category", "working_hours"}
)

type _Table = dict[str, object]


class PolicyError(ValueError):
    """The policy cannot be used; the message names the key and says why in one line."""


@dataclass(frozen=True, slots=True)
class Target:
    """How soon a complaint must get its first response and its resolution."""

    first_response: timedelta
    resolution: timedelta
    working_time: bool
    at_risk: float = DEFAULT_AT_RISK


@dataclass(frozen=True, slots=True)
class ResponsePolicy:
    """Every timer the desk keeps: targets, reminders, escalations and the working calendar."""

    targets: dict[str, Target]
    by_category: dict[tuple[str, str], Target]
    unassigned_after: timedelta
    breach_escalation_after: timedelta
    waiting_reminder_after: timedelta
    waiting_close_after: timedelta
    resolution_confirm_within: timedelta
    reopen_grace: timedelta
    survey_reminder_after: timedelta
    digest_hour: int
    calendar: WorkingCalendar

    def target(self, priority: str, category: str | None = None) -> Target:
        """The target for a priority, a category's own one winning; unknown priority: KeyError."""
        if category is not None and (category, priority) in self.by_category:
            return self.by_category[(category, priority)]
        return self.targets[priority]


def parse_duration(text: str, *, working_time: bool = False) -> timedelta:
    """Read "2h", "90m", "1d4h"; a "d" is 8 h in working time, 24 h otherwise."""
    cleaned = to_ascii_digits(text).lower().replace(" ", "")
    match = _DURATION.fullmatch(cleaned)
    if match is None or not any(match.groups()):
        raise ValueError(f"{text!r} {_DURATION_HINT}")
    days, hours, minutes = (int(group or 0) for group in match.groups())
    day = WORKING_DAY if working_time else timedelta(days=1)
    try:
        return days * day + timedelta(hours=hours, minutes=minutes)
    except OverflowError:
        raise ValueError(f"{text!r} is far too long") from None


def parse_holiday(text: str) -> date:
    """Read a year-first date in the Jalali (1300–1499) or Gregorian calendar."""
    match = _HOLIDAY.fullmatch(to_ascii_digits(text).strip())
    if match is None:
        raise ValueError(f"{text!r} {_HOLIDAY_HINT}")
    return _calendar_date(*(int(group) for group in match.groups()), text=text)


def _calendar_date(year: int, month: int, day: int, *, text: str) -> date:
    """Build the date in the calendar its year belongs to."""
    try:
        if year in _JALALI_YEARS:
            return JalaliDate(year, month, day).to_gregorian()
        if year in _GREGORIAN_YEARS:
            return date(year, month, day)
    except ValueError:
        pass
    raise ValueError(f"{text!r} {_HOLIDAY_HINT}")


def load_policy(path: Path | None, zone: ZoneInfo) -> ResponsePolicy:
    """Read and check the policy; no file, or no [policy] in it, gives the built-in defaults."""
    return _build(_read(path) if path is not None else {}, zone)


def _read(path: Path) -> _Table:
    """The [policy] table of a TOML file, or an empty one when the file has none."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"POLICY_FILE: {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(f"POLICY_FILE: {path} cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"POLICY_FILE: {path} is not valid TOML ({error})") from None
    return _table(raw.get("policy", {}), "policy")


def _build(raw: _Table, zone: ZoneInfo) -> ResponsePolicy:
    """Merge the file's values over the defaults and check each one."""
    _known(raw, "policy", _POLICY_KEYS)
    timers = {
        name: _duration(raw.get(name, default), f"policy.{name}", working_time=False)
        for name, default in _DEFAULT_TIMERS.items()
    }
    raw_targets = _raw_targets(_table(raw.get("targets", {}), "policy.targets"))
    targets = {
        priority: _target(values, f"policy.targets.{priority}")
        for priority, values in raw_targets.items()
    }
    return ResponsePolicy(
        targets=targets,
        by_category=_by_category(
            _table(raw.get("by_category", {}), "policy.by_category"), raw_targets
        ),
        digest_hour=_digest_hour(raw.get("digest_hour", _DEFAULT_DIGEST_HOUR)),
        calendar=_calendar(_table(raw.get("working_hours", {}), "policy.working_hours"), zone),
        **timers,
    )


def _raw_targets(raw: _Table) -> dict[str, _Table]:
    """Each priority's values from the file over its defaults, still unparsed."""
    for priority in raw:
        if priority not in PRIORITIES:
            raise PolicyError(
                f"POLICY: policy.targets.{priority} is not a priority ({', '.join(PRIORITIES)})"
            )
    return {
        priority: {
            **_DEFAULT_TARGETS[priority],
            **_table(raw.get(priority, {}), f"policy.targets.{priority}"),
        }
        for priority in PRIORITIES
    }


def _by_category(raw: _Table, raw_targets: dict[str, _Table]) -> dict[tuple[str, str], Target]:
    """Category overrides, each inheriting what it leaves out from its priority's target."""
    overrides: dict[tuple[str, str], Target] = {}
    for category, priorities in raw.items():
        key = f"policy.by_category.{category}"
        if not category or not set(category) <= KEY_CHARS:
            raise PolicyError(f"POLICY: {key} needs a category key of a-z, 0-9 and _")
        for priority, values in _table(priorities, key).items():
            if priority not in PRIORITIES:
                raise PolicyError(
                    f"POLICY: {key}.{priority} is not a priority ({', '.join(PRIORITIES)})"
                )
            merged = {**raw_targets[priority], **_table(values, f"{key}.{priority}")}
            overrides[(category, priority)] = _target(merged, f"{key}.{priority}")
    return overrides


def _target(values: _Table, key: str) -> Target:
    """One target, its durations read in the time it is counted in."""
    _known(values, key, _TARGET_KEYS)
    working = values["working_time"]
    if not isinstance(working, bool):
        raise PolicyError(f"POLICY: {key}.working_time {working!r} must be true or false")
    first = _duration(values["first_response"], f"{key}.first_response", working_time=working)
    resolution = _duration(values["resolution"], f"{key}.resolution", working_time=working)
    if first > resolution:
        raise PolicyError(f"POLICY: {key}.first_response must not be longer than its resolution")
    at_risk = values.get("at_risk", DEFAULT_AT_RISK)
    if isinstance(at_risk, bool) or not isinstance(at_risk, int | float) or not 0 < at_risk < 1:
        raise PolicyError(f"POLICY: {key}.at_risk {at_risk!r} must be a fraction like 0.75")
    return Target(first, resolution, working, float(at_risk))


def _duration(value: object, key: str, *, working_time: bool) -> timedelta:
    """A positive duration from the file, or an error naming its key."""
    if not isinstance(value, str):
        raise PolicyError(f"POLICY: {key} {value!r} {_DURATION_HINT}")
    try:
        result = parse_duration(value, working_time=working_time)
    except ValueError as error:
        raise PolicyError(f"POLICY: {key} {error}") from None
    if result <= timedelta(0):
        raise PolicyError(f"POLICY: {key} {value!r} must be longer than zero")
    return result


def _digest_hour(value: object) -> int:
    """The local hour of the daily digest."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
        raise PolicyError(f"POLICY: policy.digest_hour {value!r} must be a whole hour 0 to 23")
    return value


def _calendar(raw: _Table, zone: ZoneInfo) -> WorkingCalendar:
    """The working week and holidays; a day the file leaves out keeps its default hours."""
    _known(raw, "policy.working_hours", frozenset({*DAY_NAMES, "holidays"}))
    hours = {
        weekday: _span(raw.get(name, _DEFAULT_HOURS[name]), f"policy.working_hours.{name}")
        for weekday, name in enumerate(DAY_NAMES)
    }
    if all(span is None for span in hours.values()):
        raise PolicyError("POLICY: policy.working_hours has no working day at all")
    return WorkingCalendar(zone=zone, hours=hours, holidays=_holidays(raw.get("holidays", [])))


def _span(value: object, key: str) -> tuple[time, time] | None:
    """A day's hours like "08:00-16:00", or None for "off"."""
    text = to_ascii_digits(value).strip() if isinstance(value, str) else ""
    if text.lower() == "off":
        return None
    match = _SPAN.fullmatch(text)
    numbers = [int(group) for group in match.groups()] if match else []
    if not numbers or max(numbers[0], numbers[2]) > 23 or max(numbers[1], numbers[3]) > 59:
        raise PolicyError(f"POLICY: {key} {value!r} is not hours like 08:00-16:00 or off")
    opening, closing = time(numbers[0], numbers[1]), time(numbers[2], numbers[3])
    if opening >= closing:
        raise PolicyError(f"POLICY: {key} {value!r} must open before it closes")
    return opening, closing


def _holidays(value: object) -> frozenset[date]:
    """Holiday dates, quoted in either calendar or as TOML dates (a 13xx/14xx year is Jalali)."""
    key = "policy.working_hours.holidays"
    if not isinstance(value, list):
        raise PolicyError(f'POLICY: {key} must be a list of dates like "1405-01-01"')
    days: set[date] = set()
    for item in value:
        try:
            if isinstance(item, str):
                days.add(parse_holiday(item))
            elif isinstance(item, date) and not isinstance(item, datetime):
                days.add(_calendar_date(item.year, item.month, item.day, text=str(item)))
            else:
                raise ValueError(f"{item!r} {_HOLIDAY_HINT}")
        except ValueError as error:
            raise PolicyError(f"POLICY: {key} {error}") from None
    return frozenset(days)


def _table(value: object, key: str) -> _Table:
    """A TOML table, or an error naming the key that should have been one."""
    if not isinstance(value, dict):
        raise PolicyError(f"POLICY: {key} must be a table")
    return value


def _known(table: _Table, key: str, allowed: frozenset[str]) -> None:
    """Refuse misspelt keys rather than silently falling back to a default."""
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise PolicyError(
            f"POLICY: {key}.{unknown[0]} is not a known setting ({', '.join(sorted(allowed))})"
        )

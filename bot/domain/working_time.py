"""Working-time arithmetic, so response-time targets count only the hours the desk is open."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)


def _aware(moment: datetime, name: str) -> datetime:
    """Take an aware moment to UTC; naive ones are refused, not guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """When the desk works: opening hours per weekday (Monday=0 … Sunday=6) minus holidays.

    Each day's opening and closing are local wall times, turned into real moments with the zone
    on that very date, so a DST change moves the hours with the clock and a day's length is the
    real time between its opening and closing.
    """

    zone: ZoneInfo
    hours: dict[int, tuple[time, time] | None]
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        """Refuse weekdays and hours that would make the arithmetic meaningless."""
        for weekday, span in self.hours.items():
            if weekday not in range(7):
                raise ValueError(f"hours: weekday {weekday} is not 0 (Monday) to 6 (Sunday)")
            if span is not None and not span[0] < span[1]:
                raise ValueError(f"hours: weekday {weekday} must open before it closes")

    def _window(self, day: date) -> tuple[datetime, datetime] | None:
        """The UTC opening and closing of a local date, or None when no one works that day."""
        span = self.hours.get(day.weekday())
        if span is None or day in self.holidays:
            return None
        opening = datetime.combine(day, span[0], self.zone).astimezone(UTC)
        closing = datetime.combine(day, span[1], self.zone).astimezone(UTC)
        return opening, closing

    def _local_date(self, moment: datetime) -> date:
        """The date on the desk's wall calendar at a moment."""
        return moment.astimezone(self.zone).date()

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The UTC moment when `duration` of working time has passed since `start`.

        Outside working hours the count begins at the next opening; a duration that ends
        exactly at a closing gives that closing. Days are stepped whole, never minute by minute.
        """
        moment = _aware(start, "start")
        if duration < _ZERO:
            raise ValueError("duration must not be negative")
        if all(span is None for span in self.hours.values()):
            raise ValueError("working calendar has no working hours on any day")
        remaining = duration
        day = self._local_date(moment)
        while True:
            window = self._window(day)
            if window is not None:
                opening, closing = window
                begin = max(opening, moment)
                if begin < closing:
                    if remaining <= closing - begin:
                        return begin + remaining
                    remaining -= closing - begin
            day += _ONE_DAY

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The working time between two moments; zero when end is not after start."""
        first, last = _aware(start, "start"), _aware(end, "end")
        total = _ZERO
        if last <= first:
            return total
        day, final_day = self._local_date(first), self._local_date(last)
        while day <= final_day:
            window = self._window(day)
            if window is not None:
                overlap = min(window[1], last) - max(window[0], first)
                if overlap > _ZERO:
                    total += overlap
            day += _ONE_DAY
        return total

    def is_working(self, moment: datetime) -> bool:
        """Whether the desk is open at a moment (opening included, closing excluded)."""
        instant = _aware(moment, "moment")
        window = self._window(self._local_date(instant))
        return window is not None and window[0] <= instant < window[1]

    def add_calendar(self, start: datetime, duration: timedelta) -> datetime:
        """The UTC moment `duration` of real time after `start`, for targets in calendar hours.

        Added in UTC: adding to a local DST-zone datetime would count wall-clock hours instead.
        """
        return _aware(start, "start") + duration


def default_calendar(zone: ZoneInfo) -> WorkingCalendar:
    """The usual Iranian office week: Saturday–Wednesday 08–16, Thursday 08–12, Friday off."""
    full, half = (time(8), time(16)), (time(8), time(12))
    return WorkingCalendar(
        zone=zone,
        hours={5: full, 6: full, 0: full, 1: full, 2: full, 3: half, 4: None},
        holidays=frozenset(),
    )

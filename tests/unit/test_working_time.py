"""Working time counts only open hours, in the desk's wall clock, DST or not."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.working_time import WorkingCalendar, default_calendar

TEHRAN = ZoneInfo("Asia/Tehran")
BERLIN = ZoneInfo("Europe/Berlin")
CAL = default_calendar(TEHRAN)
# 25 Nov 2026 is a Wednesday (1405/09/04); Thursday 26, Friday 27, Saturday 28, Sunday 29.
WED, THU, FRI, SAT, SUN, MON = (date(2026, 11, day) for day in (25, 26, 27, 28, 29, 30))


def tehran(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TEHRAN)


def test_default_calendar_is_the_iranian_office_week() -> None:
    full, half = (time(8), time(16)), (time(8), time(12))
    assert CAL.hours == {5: full, 6: full, 0: full, 1: full, 2: full, 3: half, 4: None}
    assert CAL.holidays == frozenset()
    assert CAL.zone is TEHRAN


def test_one_working_day_from_wednesday_afternoon_runs_past_the_weekend() -> None:
    # Wednesday 15-16 gives 1 h, Thursday 08-12 gives 4 h, Friday is off: 3 h left on Saturday.
    due = CAL.add(tehran(WED, 15), timedelta(hours=8))
    assert due == tehran(SAT, 11)
    assert due.tzinfo is UTC


def test_a_start_on_friday_counts_from_saturday_opening() -> None:
    assert CAL.add(tehran(FRI, 10), timedelta(0)) == tehran(SAT, 8)
    assert CAL.add(tehran(FRI, 10), timedelta(hours=1)) == tehran(SAT, 9)


def test_outside_hours_on_a_working_day() -> None:
    assert CAL.add(tehran(MON, 6), timedelta(hours=1)) == tehran(MON, 9)
    assert CAL.add(tehran(THU, 13), timedelta(minutes=30)) == tehran(SAT, 8, 30)
    assert CAL.add(tehran(WED, 16), timedelta(minutes=1)) == tehran(THU, 8, 1)


def test_a_duration_ending_exactly_at_closing_gives_the_closing() -> None:
    assert CAL.add(tehran(WED, 15), timedelta(hours=1)) == tehran(WED, 16)
    assert CAL.add(tehran(THU, 8), timedelta(hours=4)) == tehran(THU, 12)


def test_holidays_are_skipped() -> None:
    cal = WorkingCalendar(zone=TEHRAN, hours=CAL.hours, holidays=frozenset({SAT}))
    assert cal.add(tehran(WED, 15), timedelta(hours=8)) == tehran(SUN, 11)
    assert cal.add(tehran(SAT, 10), timedelta(0)) == tehran(SUN, 8)
    assert cal.elapsed(tehran(WED, 15), tehran(SUN, 11)) == timedelta(hours=8)


def test_elapsed_across_a_weekend() -> None:
    assert CAL.elapsed(tehran(WED, 15), tehran(SAT, 10)) == timedelta(hours=7)
    assert CAL.elapsed(tehran(THU, 12), tehran(SAT, 8)) == timedelta(0)
    assert CAL.elapsed(tehran(FRI, 9), tehran(SAT, 8, 45)) == timedelta(minutes=45)


def test_elapsed_within_a_day_and_backwards() -> None:
    assert CAL.elapsed(tehran(MON, 9, 15), tehran(MON, 11)) == timedelta(hours=1, minutes=45)
    assert CAL.elapsed(tehran(MON, 6), tehran(MON, 20)) == timedelta(hours=8)
    assert CAL.elapsed(tehran(MON, 11), tehran(MON, 9)) == timedelta(0)
    assert CAL.elapsed(tehran(MON, 11), tehran(MON, 11)) == timedelta(0)


def test_elapsed_accepts_moments_in_any_zone() -> None:
    start = tehran(WED, 15).astimezone(UTC)
    end = tehran(SAT, 10).astimezone(BERLIN)
    assert CAL.elapsed(start, end) == timedelta(hours=7)


def test_is_working() -> None:
    assert CAL.is_working(tehran(WED, 8))
    assert CAL.is_working(tehran(WED, 15, 59))
    assert not CAL.is_working(tehran(WED, 16))
    assert not CAL.is_working(tehran(WED, 7, 59))
    assert CAL.is_working(tehran(THU, 11, 59))
    assert not CAL.is_working(tehran(THU, 12))
    assert not CAL.is_working(tehran(FRI, 10))
    assert CAL.is_working(tehran(WED, 10).astimezone(UTC))
    holiday = WorkingCalendar(zone=TEHRAN, hours=CAL.hours, holidays=frozenset({WED}))
    assert not holiday.is_working(tehran(WED, 10))


def test_ten_working_weeks_are_stepped_by_the_day() -> None:
    # A week holds 5 x 8 h + 4 h = 44 working hours.
    start = tehran(SAT, 8)
    due = CAL.add(start, timedelta(hours=44 * 10))
    assert due == tehran(THU + timedelta(weeks=10), 12)  # THU is before SAT
    assert CAL.elapsed(start, due) == timedelta(hours=440)


def test_ten_weeks_of_hours_of_working_time() -> None:
    # 1680 h = 38 weeks of 44 h + 8 h, the whole of the 39th Saturday.
    start = tehran(SAT, 8)
    due = CAL.add(start, timedelta(weeks=10))
    assert due == tehran(SAT + timedelta(weeks=38), 16)
    assert CAL.elapsed(start, due) == timedelta(weeks=10)


@pytest.mark.parametrize(
    "start",
    [tehran(WED, 15), tehran(FRI, 23), tehran(THU, 11, 30), tehran(MON, 3)],
)
@pytest.mark.parametrize("hours", [0, 0.5, 3, 8, 44, 100])
def test_elapsed_undoes_add(start: datetime, hours: float) -> None:
    duration = timedelta(hours=hours)
    assert CAL.elapsed(start, CAL.add(start, duration)) == duration


BERLIN_WEEK = {day: (time(9), time(17)) for day in range(5)} | {5: None, 6: None}


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BERLIN)


def test_berlin_hours_follow_the_clock_across_spring_forward() -> None:
    cal = WorkingCalendar(zone=BERLIN, hours=BERLIN_WEEK)
    friday, monday = date(2026, 3, 27), date(2026, 3, 30)  # clocks go forward on Sunday 29th
    due = cal.add(berlin(friday, 16), timedelta(hours=2))
    assert due == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # 10:00 CEST
    assert due == berlin(monday, 10)
    assert cal.elapsed(berlin(friday, 16), berlin(monday, 10)) == timedelta(hours=2)
    assert cal.is_working(datetime(2026, 3, 30, 7, 0, tzinfo=UTC))  # 09:00 CEST
    assert not cal.is_working(datetime(2026, 3, 27, 16, 0, tzinfo=UTC))  # 17:00 CET


def test_berlin_hours_follow_the_clock_across_fall_back() -> None:
    cal = WorkingCalendar(zone=BERLIN, hours=BERLIN_WEEK)
    friday, monday = date(2026, 10, 23), date(2026, 10, 26)  # clocks go back on Sunday 25th
    assert cal.add(berlin(friday, 16), timedelta(hours=2)) == datetime(
        2026, 10, 26, 9, 0, tzinfo=UTC
    )
    assert cal.add(berlin(friday, 16), timedelta(hours=2)) == berlin(monday, 10)


def test_a_working_day_containing_the_change_lasts_its_real_length() -> None:
    night = {6: (time(1), time(5))}  # Sunday 01:00-05:00 wall clock
    cal = WorkingCalendar(zone=BERLIN, hours=night)
    spring, autumn = date(2026, 3, 29), date(2026, 10, 25)
    assert cal.elapsed(berlin(spring, 0), berlin(spring, 6)) == timedelta(hours=3)
    assert cal.add(berlin(spring, 1), timedelta(hours=3)) == datetime(2026, 3, 29, 3, tzinfo=UTC)
    assert cal.elapsed(berlin(autumn, 0), berlin(autumn, 6)) == timedelta(hours=5)
    assert cal.add(berlin(autumn, 1), timedelta(hours=5)) == datetime(2026, 10, 25, 4, tzinfo=UTC)


def test_calendar_time_is_real_hours_even_across_dst() -> None:
    start = berlin(date(2026, 3, 28), 12)  # 11:00 UTC, the day before clocks go forward
    due = CAL.add_calendar(start, timedelta(hours=24))
    assert due == datetime(2026, 3, 29, 11, 0, tzinfo=UTC)  # 13:00 CEST, not 12:00
    assert due.tzinfo is UTC
    assert CAL.add_calendar(tehran(FRI, 10), timedelta(hours=2)) == tehran(FRI, 12)


def test_a_calendar_without_any_working_hours_refuses_to_add() -> None:
    idle = WorkingCalendar(zone=TEHRAN, hours=dict.fromkeys(range(7)))
    with pytest.raises(ValueError, match="no working hours"):
        idle.add(tehran(WED, 10), timedelta(hours=1))
    with pytest.raises(ValueError, match="no working hours"):
        WorkingCalendar(zone=TEHRAN, hours={}).add(tehran(WED, 10), timedelta(hours=1))
    assert idle.elapsed(tehran(WED, 10), tehran(SAT, 10)) == timedelta(0)
    assert not idle.is_working(tehran(WED, 10))


def test_naive_moments_and_negative_durations_are_refused() -> None:
    with pytest.raises(ValueError, match="start must be timezone-aware"):
        CAL.add(datetime(2026, 11, 25, 10), timedelta(hours=1))
    with pytest.raises(ValueError, match="end must be timezone-aware"):
        CAL.elapsed(tehran(WED, 10), datetime(2026, 11, 25, 12))
    with pytest.raises(ValueError, match="moment must be timezone-aware"):
        CAL.is_working(datetime(2026, 11, 25, 12))
    with pytest.raises(ValueError, match="start must be timezone-aware"):
        CAL.add_calendar(datetime(2026, 11, 25, 10), timedelta(hours=1))
    with pytest.raises(ValueError, match="negative"):
        CAL.add(tehran(WED, 10), timedelta(hours=-1))


def test_hours_that_make_no_sense_are_refused() -> None:
    with pytest.raises(ValueError, match="weekday 3 must open before it closes"):
        WorkingCalendar(zone=TEHRAN, hours={3: (time(12), time(8))})
    with pytest.raises(ValueError, match="weekday 7"):
        WorkingCalendar(zone=TEHRAN, hours={7: (time(8), time(12))})

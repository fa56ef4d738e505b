"""The response policy reads clear durations and names the key of every problem."""

from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.response_policy import (
    DEFAULT_FILE,
    WORKING_DAY,
    PolicyError,
    ResponsePolicy,
    Target,
    load_policy,
    parse_duration,
    parse_holiday,
)
from bot.domain.working_time import default_calendar

TEHRAN = ZoneInfo("Asia/Tehran")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str) -> ResponsePolicy:
    return load_policy(write(tmp_path, text), TEHRAN)


def test_built_in_defaults() -> None:
    policy = load_policy(None, TEHRAN)
    assert policy.targets == {
        "urgent": Target(timedelta(hours=2), timedelta(hours=24), working_time=False),
        "high": Target(timedelta(hours=4), timedelta(hours=16), working_time=True),
        "normal": Target(timedelta(hours=8), timedelta(hours=40), working_time=True),
        "low": Target(timedelta(hours=16), timedelta(hours=80), working_time=True),
    }
    assert all(target.at_risk == 0.75 for target in policy.targets.values())
    assert policy.by_category == {}
    assert policy.unassigned_after == timedelta(minutes=30)
    assert policy.breach_escalation_after == timedelta(hours=4)
    assert policy.waiting_reminder_after == timedelta(days=3)
    assert policy.waiting_close_after == timedelta(days=4)
    assert policy.resolution_confirm_within == timedelta(days=7)
    assert policy.reopen_grace == timedelta(days=14)
    assert policy.survey_reminder_after == timedelta(hours=24)
    assert policy.digest_hour == 9
    assert policy.calendar == default_calendar(TEHRAN)


def test_the_shipped_file_is_the_defaults_written_out() -> None:
    assert load_policy(DEFAULT_FILE, TEHRAN) == load_policy(None, TEHRAN)


def test_a_file_without_a_policy_section_gives_the_defaults(tmp_path: Path) -> None:
    assert load_text(tmp_path, '[other]\nkey = "x"\n') == load_policy(None, TEHRAN)
    assert load_text(tmp_path, "") == load_policy(None, TEHRAN)


def test_the_zone_is_the_one_given() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert load_policy(None, berlin).calendar.zone is berlin


@pytest.mark.parametrize(
    ("text", "working", "expected"),
    [
        ("2h", False, timedelta(hours=2)),
        ("90m", False, timedelta(minutes=90)),
        ("1d", False, timedelta(hours=24)),
        ("1d", True, WORKING_DAY),
        ("5d", True, timedelta(hours=40)),
        ("1d4h", True, timedelta(hours=12)),
        ("1d4h", False, timedelta(hours=28)),
        ("1h30m", False, timedelta(minutes=90)),
        ("2d3h15m", False, timedelta(days=2, hours=3, minutes=15)),
        (" 1d 4h ", False, timedelta(hours=28)),
        ("۲H", False, timedelta(hours=2)),
        ("0m", False, timedelta(0)),
    ],
)
def test_durations(text: str, working: bool, expected: timedelta) -> None:
    assert parse_duration(text, working_time=working) == expected


@pytest.mark.parametrize("text", ["", "5x", "2", "h", "4h1d", "1.5h", "-2h", "2 hours"])
def test_not_durations(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration like 2h, 90m, 1d4h"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1405-01-01", date(2026, 3, 21)),
        ("1405/01/02", date(2026, 3, 22)),
        ("۱۴۰۵/۰۱/۱۳", date(2026, 4, 2)),
        ("1405.12.29", date(2027, 3, 20)),
        ("2026-03-21", date(2026, 3, 21)),
        ("2026/3/21", date(2026, 3, 21)),
        (" 2026-03-21 ", date(2026, 3, 21)),
    ],
)
def test_holidays_in_either_calendar(text: str, expected: date) -> None:
    assert parse_holiday(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1405-13-01",
        "1405-12-30",
        "2026-02-30",
        "1299-01-01",
        "2101-01-01",
        "21/03/2026",
        "1405-01",
        "nowruz",
    ],
)
def test_not_holidays(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date like 1405-01-01 or 2026-03-21"):
        parse_holiday(text)


def test_a_full_file(tmp_path: Path) -> None:
    policy = load_text(
        tmp_path,
        """
        [policy]
        unassigned_after = "1h"
        waiting_close_after = "2d"
        digest_hour = 0

        [policy.targets.normal]
        first_response = "4h"
        at_risk = 0.5

        [policy.targets.urgent]
        resolution = "1d"
        working_time = true

        [policy.by_category.billing.high]
        first_response = "1h"

        [policy.by_category.delay.normal]
        resolution = "2d"
        working_time = false

        [policy.working_hours]
        thursday = "off"
        friday = "۰۹:۰۰ - ۱۳:۳۰"
        holidays = ["1405-01-01", "1405/01/02", "2026-03-21", "2026-04-01", 1405-01-13]
        """,
    )
    assert policy.unassigned_after == timedelta(hours=1)
    assert policy.waiting_close_after == timedelta(days=2)
    assert policy.breach_escalation_after == timedelta(hours=4)
    assert policy.digest_hour == 0
    assert policy.targets["normal"] == Target(timedelta(hours=4), timedelta(hours=40), True, 0.5)
    # Default durations are read in the time the file says the target counts in.
    assert policy.targets["urgent"] == Target(timedelta(hours=2), WORKING_DAY, True)
    assert policy.targets["low"] == load_policy(None, TEHRAN).targets["low"]
    assert policy.by_category == {
        ("billing", "high"): Target(timedelta(hours=1), timedelta(hours=16), True),
        ("delay", "normal"): Target(timedelta(hours=4), timedelta(hours=48), False, 0.5),
    }
    assert policy.calendar.hours[3] is None
    assert policy.calendar.hours[4] == (time(9), time(13, 30))
    assert policy.calendar.hours[5] == (time(8), time(16))
    assert policy.calendar.holidays == {
        date(2026, 3, 21),
        date(2026, 3, 22),
        date(2026, 4, 1),
        date(2026, 4, 2),
    }


def test_category_overrides_win_only_for_their_category(tmp_path: Path) -> None:
    policy = load_text(tmp_path, '[policy.by_category.billing.high]\nfirst_response = "1h"\n')
    assert policy.target("high", "billing").first_response == timedelta(hours=1)
    assert policy.target("high", "delay") == policy.targets["high"]
    assert policy.target("high") == policy.targets["high"]
    assert policy.target("normal", "billing") == policy.targets["normal"]
    with pytest.raises(KeyError):
        policy.target("critical")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[policy.targets.normal]\nfirst_response = "5x"',
            "POLICY: policy.targets.normal.first_response '5x' is not a duration like 2h, 90m, "
            "1d4h",
        ),
        (
            "[policy.targets.normal]\nresolution = 5",
            "POLICY: policy.targets.normal.resolution 5 is not a duration",
        ),
        (
            '[policy.targets.high]\nfirst_response = "3d"\nresolution = "2d"',
            "POLICY: policy.targets.high.first_response must not be longer than its resolution",
        ),
        (
            '[policy.targets.low]\nworking_time = "yes"',
            "POLICY: policy.targets.low.working_time 'yes' must be true or false",
        ),
        ("[policy.targets.low]\nat_risk = 1.5", "POLICY: policy.targets.low.at_risk 1.5 must be"),
        ("[policy.targets.low]\nat_risk = true", "POLICY: policy.targets.low.at_risk True must"),
        (
            '[policy.targets.low]\nfrist_response = "1h"',
            "POLICY: policy.targets.low.frist_response is not a known setting",
        ),
        (
            '[policy.targets.critical]\nfirst_response = "1h"',
            "POLICY: policy.targets.critical is not a priority (low, normal, high, urgent)",
        ),
        ("[policy]\ntargets = 3", "POLICY: policy.targets must be a table"),
        ("policy = 3", "POLICY: policy must be a table"),
        ('[policy]\nunassigned_after = "0m"', "POLICY: policy.unassigned_after '0m' must be"),
        (
            '[policy]\nreopen_grace = "two weeks"',
            "POLICY: policy.reopen_grace 'two weeks' is not a duration",
        ),
        ('[policy]\nreminder = "1h"', "POLICY: policy.reminder is not a known setting"),
        ("[policy]\ndigest_hour = 24", "POLICY: policy.digest_hour 24 must be a whole hour"),
        ('[policy]\ndigest_hour = "9"', "POLICY: policy.digest_hour '9' must be a whole hour"),
        (
            '[policy.by_category.billing.critical]\nfirst_response = "1h"',
            "POLICY: policy.by_category.billing.critical is not a priority",
        ),
        (
            '[policy.by_category.Billing.high]\nfirst_response = "1h"',
            "POLICY: policy.by_category.Billing needs a category key of a-z, 0-9 and _",
        ),
        (
            '[policy.by_category.billing.high]\nresolution = "1x"',
            "POLICY: policy.by_category.billing.high.resolution '1x' is not a duration",
        ),
        (
            "[policy.by_category]\nbilling = 1",
            "POLICY: policy.by_category.billing must be a table",
        ),
        (
            '[policy.working_hours]\nmonday = "8-16"',
            "POLICY: policy.working_hours.monday '8-16' is not hours like 08:00-16:00 or off",
        ),
        (
            '[policy.working_hours]\nmonday = "08:00-24:00"',
            "POLICY: policy.working_hours.monday '08:00-24:00' is not hours like",
        ),
        (
            '[policy.working_hours]\nmonday = "16:00-08:00"',
            "POLICY: policy.working_hours.monday '16:00-08:00' must open before it closes",
        ),
        (
            '[policy.working_hours]\nmonnday = "off"',
            "POLICY: policy.working_hours.monnday is not a known setting",
        ),
        (
            '[policy.working_hours]\nholidays = ["1405-13-01"]',
            "POLICY: policy.working_hours.holidays '1405-13-01' is not a date like 1405-01-01 "
            "or 2026-03-21",
        ),
        (
            "[policy.working_hours]\nholidays = [20260321]",
            "POLICY: policy.working_hours.holidays 20260321 is not a date",
        ),
        (
            "[policy.working_hours]\nholidays = [2026-03-21T00:00:00]",
            "POLICY: policy.working_hours.holidays datetime.datetime(2026, 3, 21, 0, 0) is not",
        ),
        (
            '[policy.working_hours]\nholidays = "1405-01-01"',
            "POLICY: policy.working_hours.holidays must be a list of dates",
        ),
        (
            "[policy.working_hours]\n"
            + "\n".join(
                f'{day} = "off"'
                for day in ("saturday", "sunday", "monday", "tuesday", "wednesday", "thursday")
            ),
            "POLICY: policy.working_hours has no working day at all",
        ),
    ],
)
def test_every_problem_names_its_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_text(tmp_path, text)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_problems_with_the_file_itself(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"POLICY_FILE: .* does not exist"):
        load_policy(tmp_path / "missing.toml", TEHRAN)
    with pytest.raises(PolicyError, match=r"POLICY_FILE: .* is not valid TOML"):
        load_text(tmp_path, "[policy\n")


def test_policy_error_is_a_value_error() -> None:
    assert issubclass(PolicyError, ValueError)

import datetime
import zoneinfo

import pytest
from persiantools.jdatetime import JalaliDate

from bot.domain.dates import (
    DateProblem,
    format_both,
    format_date,
    format_datetime,
    format_time,
    parse_user_date,
)

TODAY = datetime.date(2026, 11, 25)
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
UTC = datetime.UTC
NOV_24 = datetime.date(2026, 11, 24)


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize(
    "text",
    [
        "1405/9/3",
        "1405/09/03",
        "۱۴۰۵/۰۹/۰۳",
        "١٤٠٥/٩/٣",
        "1405-9-3",
        "1405.9.3",
        "1405 9 3",
        " 1405 / 09 / 03 ",
        "3/9/1405",
        "۳-۹-۱۴۰۵",
        "2026-11-24",
        "2026/11/24",
        "۲۰۲۶-۱۱-۲۴",
        "24/11/2026",
        "24.11.2026",
        "24 11 2026",
    ],
)
def test_dates_in_either_calendar_whatever_the_language(text: str, lang: str) -> None:
    assert parse_user_date(text, lang, TODAY) == NOV_24


def test_today_is_accepted() -> None:
    assert parse_user_date("1405/09/04", "fa", TODAY) == TODAY
    assert parse_user_date("2026-11-25", "en", TODAY) == TODAY


def test_two_digit_jalali_year_only_for_persian() -> None:
    assert parse_user_date("05/9/3", "fa", TODAY) == NOV_24
    assert parse_user_date("۰۵/۰۹/۰۳", "fa", TODAY) == NOV_24
    assert parse_user_date("99/12/30", "fa", TODAY) == datetime.date(2021, 3, 20)
    assert parse_user_date("05/9/3", "en", TODAY) is DateProblem.UNREADABLE


def test_future_dates() -> None:
    assert parse_user_date("1405/09/05", "fa", TODAY) is DateProblem.IN_FUTURE
    assert parse_user_date("2026-11-26", "en", TODAY) is DateProblem.IN_FUTURE
    assert parse_user_date("2100-01-01", "en", TODAY) is DateProblem.IN_FUTURE
    assert parse_user_date("2206-11-24", "en", TODAY) is DateProblem.IN_FUTURE


def test_too_old_dates() -> None:
    assert parse_user_date("2016-11-25", "en", TODAY) == datetime.date(2016, 11, 25)
    assert parse_user_date("2016-11-24", "en", TODAY) is DateProblem.TOO_OLD
    assert parse_user_date("1390/01/01", "fa", TODAY) is DateProblem.TOO_OLD
    assert parse_user_date("1920-01-01", "en", TODAY) is DateProblem.TOO_OLD
    assert parse_user_date("1046/9/3", "fa", TODAY) is DateProblem.TOO_OLD


def test_ten_years_back_from_a_leap_day() -> None:
    leap_day = datetime.date(2028, 2, 29)
    assert parse_user_date("2018-02-28", "en", leap_day) == datetime.date(2018, 2, 28)
    assert parse_user_date("2018-02-27", "en", leap_day) is DateProblem.TOO_OLD


@pytest.mark.parametrize(
    "text", ["1405/13/40", "1405/0/10", "1405/1/0", "2026-02-30", "2026-13-01", "1404/07/31"]
)
def test_impossible_dates(text: str) -> None:
    assert parse_user_date(text, "fa", TODAY) is DateProblem.NOT_A_DATE


def test_esfand_30_follows_the_persiantools_leap_rule() -> None:
    assert JalaliDate.is_leap(1403)
    assert not JalaliDate.is_leap(1404)
    assert not JalaliDate.is_leap(1405)
    later = datetime.date(2027, 6, 1)
    assert parse_user_date("1403/12/30", "fa", TODAY) == datetime.date(2025, 3, 20)
    assert parse_user_date("1404/12/30", "fa", TODAY) is DateProblem.NOT_A_DATE
    assert parse_user_date("1405/12/30", "fa", later) is DateProblem.NOT_A_DATE
    assert parse_user_date("1405/12/29", "fa", later) == datetime.date(2027, 3, 20)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "today",
        "دیروز",
        "1405/9",
        "1405/9/3/1",
        "14050903",
        "1405/009/3",
        "140/9/3",
        "24/11/26",
        "12/09/05",
        "1405/a/3",
        "2026-Nov-24",
    ],
)
def test_unreadable(text: str) -> None:
    assert parse_user_date(text, "fa", TODAY) is DateProblem.UNREADABLE


def test_format_date() -> None:
    assert format_date(NOV_24, "fa") == "۱۴۰۵/۰۹/۰۳"
    assert format_date(NOV_24, "en") == "24 Nov 2026"
    assert format_date(datetime.date(2026, 1, 1), "en") == "1 Jan 2026"
    assert format_date(datetime.date(2026, 3, 21), "fa") == "۱۴۰۵/۰۱/۰۱"


def test_format_datetime_converts_to_tehran_time() -> None:
    moment = datetime.datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    assert format_datetime(moment, "fa", TEHRAN) == "۱۴۰۵/۰۹/۰۴ ساعت ۱۴:۳۰"
    assert format_datetime(moment, "en", TEHRAN) == "25 Nov 2026, 14:30"
    assert format_datetime(moment, "en", zoneinfo.ZoneInfo("UTC")) == "25 Nov 2026, 11:00"


def test_format_datetime_uses_the_local_date_after_midnight() -> None:
    moment = datetime.datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    assert format_datetime(moment, "fa", TEHRAN) == "۱۴۰۵/۰۹/۰۴ ساعت ۰۰:۳۰"
    assert format_datetime(moment, "en", TEHRAN) == "25 Nov 2026, 00:30"


def test_tehran_has_no_summer_time_any_more() -> None:
    summer = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert format_time(summer, "en", TEHRAN) == "12:30"


def test_format_time() -> None:
    moment = datetime.datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    assert format_time(moment, "fa", TEHRAN) == "۱۴:۳۰"
    assert format_time(moment, "en", TEHRAN) == "14:30"


def test_format_both() -> None:
    moment = datetime.datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    assert format_both(moment, TEHRAN) == "۱۴۰۵/۰۹/۰۴ ساعت ۱۴:۳۰ (۲۰۲۶/۱۱/۲۵)"
    assert format_both(moment, TEHRAN, "en") == "25 Nov 2026, 14:30 (1405/09/04)"


def test_naive_datetimes_are_refused() -> None:
    naive = datetime.datetime(2026, 11, 25, 11, 0)
    with pytest.raises(ValueError):
        format_datetime(naive, "fa", TEHRAN)
    with pytest.raises(ValueError):
        format_time(naive, "en", TEHRAN)
    with pytest.raises(ValueError):
        format_both(naive, TEHRAN)

import pytest

from bot.domain.phone import DEFAULT_REGION, display_phone, last_digits, normalize_phone

MOBILE = "+989121234567"


@pytest.mark.parametrize(
    "text",
    [
        "09121234567",
        "۰۹۱۲ ۱۲۳ ۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+98 912 123 4567",
        "+98 (912) 123-4567",
        "00989121234567",
        "0098 912 123 4567",
        "9121234567",
        "0912-123-4567",
        "(0912) 123 4567",
        "989121234567",
        " +989121234567 ",
        "+۹۸۹۱۲۱۲۳۴۵۶۷",
    ],
)
def test_iranian_mobile_in_many_spellings(text: str) -> None:
    assert normalize_phone(text) == MOBILE


def test_default_region_is_iran() -> None:
    assert DEFAULT_REGION == "IR"
    assert normalize_phone("021 8888 8888") == "+982188888888"


def test_foreign_numbers() -> None:
    assert normalize_phone("+44 20 7946 0958") == "+442079460958"
    assert normalize_phone("0044 20 7946 0958") == "+442079460958"
    assert normalize_phone("(415) 555-2671", region="US") == "+14155552671"


def test_telegram_contact_numbers_without_plus() -> None:
    assert normalize_phone("14155552671") == "+14155552671"
    assert normalize_phone("447946095800") == "+447946095800"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12345",
        "hello",
        "0912123456",
        "091212345678",
        "+98 912 123 45678",
        "1-800-FLOWERS",
        "09121234567 ext. 12",
        "0912+1234567",
        "+",
        "۰",
    ],
)
def test_invalid_numbers(text: str) -> None:
    assert normalize_phone(text) is None


def test_last_digits() -> None:
    assert last_digits(MOBILE) == "4567"
    assert last_digits(MOBILE, 2) == "67"
    assert last_digits(MOBILE, 0) == ""
    assert last_digits(MOBILE, 20) == "989121234567"
    with pytest.raises(ValueError):
        last_digits(MOBILE, -1)


def test_display_phone() -> None:
    assert display_phone(MOBILE) == "+98 912 123 4567"
    assert display_phone("+442079460958") == "+44 20 7946 0958"
    with pytest.raises(ValueError):
        display_phone("not a number")

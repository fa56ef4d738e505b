from bot.domain.digits import localize_digits, parse_int, to_ascii_digits, to_persian_digits


def test_persian_and_arabic_indic_digits_become_ascii() -> None:
    assert to_ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert to_ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert to_ascii_digits("کد ۱۲-٣٤ ok 56") == "کد 12-34 ok 56"


def test_ascii_digits_become_persian() -> None:
    assert to_persian_digits("0123456789") == "۰۱۲۳۴۵۶۷۸۹"
    assert to_persian_digits("14:30 abc") == "۱۴:۳۰ abc"


def test_round_trip() -> None:
    assert to_ascii_digits(to_persian_digits("2026-11-24")) == "2026-11-24"


def test_localize_digits_only_for_persian() -> None:
    assert localize_digits("12", "fa") == "۱۲"
    assert localize_digits("12", "en") == "12"


def test_parse_int_accepts_any_digit_set() -> None:
    assert parse_int("42") == 42
    assert parse_int(" ۴۲\n") == 42
    assert parse_int("٤٢") == 42
    assert parse_int("۱2٣") == 123
    assert parse_int("007") == 7


def test_parse_int_rejects_non_numbers() -> None:
    for text in ("", "  ", "abc", "4 2", "-3", "+3", "1_000", "1.5", "²", "۴۲ تا"):
        assert parse_int(text) is None, text

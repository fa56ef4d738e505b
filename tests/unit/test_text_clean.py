import subprocess
import sys

import pytest

from bot.domain.text_clean import clean_user_text, normalize_persian, script_of, strip_unsafe, trim

ZWNJ = "\u200c"
ZWJ = "\u200d"


def test_strip_unsafe_removes_bidi_controls() -> None:
    spoof = "invoice\u202egnp.exe\u202c \u2066a\u2067b\u2068c\u2069 \u200ex\u200f"
    assert strip_unsafe(spoof) == "invoicegnp.exe abc x"


def test_strip_unsafe_removes_control_and_invisible_characters() -> None:
    text = "a\x00b\x07c\x1bd\x7fe\x9bf\u200bg\u2060h\ufeffi\u00adj"
    assert strip_unsafe(text) == "abcdefghij"


def test_strip_unsafe_keeps_tabs_newlines_zwnj_and_zwj() -> None:
    text = f"می{ZWNJ}خواهم\tok\n👨{ZWJ}👩{ZWJ}👧"
    assert strip_unsafe(text) == text


def test_strip_unsafe_normalises_line_breaks() -> None:
    assert strip_unsafe("a\r\nb\rc\u2028d\x85e") == "a\nb\nc\nd\ne"


def test_arabic_yeh_and_kaf_become_persian() -> None:
    assert normalize_persian("كتاب علي") == "کتاب علی"
    assert normalize_persian("ي") == "ی"


def test_normalize_keeps_zwnj() -> None:
    text = f"کتاب{ZWNJ}ها را نمی{ZWNJ}خواهم"
    assert normalize_persian(text) == text


def test_normalize_leaves_ascii_digits_urls_and_codes_alone() -> None:
    text = "کد 1234-5678-9012 در https://example.ir/a?b=1 ساعت 14:30 مبلغ 1.5"
    assert normalize_persian(text) == text


def test_normalize_leaves_persian_and_arabic_digits_alone() -> None:
    assert normalize_persian("شماره ۱۲۳ و ١٢٣") == "شماره ۱۲۳ و ١٢٣"


def test_normalize_keeps_newlines() -> None:
    text = "سلام\nخط دوم\n\nخط چهارم"
    assert normalize_persian(text) == text


def test_normalize_applies_hazm_to_persian_text() -> None:
    assert normalize_persian("حَذفِ اِعراب") == "حذف اعراب"
    assert normalize_persian("نميدانم") == f"نمی{ZWNJ}دانم"


def test_normalize_leaves_english_untouched() -> None:
    text = 'He said “no”...  twice (really)  2+2=4 "quoted"'
    assert normalize_persian(text) == text


def test_normalize_leaves_sorani_kurdish_letters_alone() -> None:
    text = "ئەم پەیامە ڕوونە"
    assert normalize_persian(text) == text


def test_hazm_is_imported_lazily() -> None:
    code = "import sys, bot.domain.text_clean; print('hazm' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_clean_user_text_strips_and_collapses_blank_lines() -> None:
    text = "  \u202eسلام  \r\n\r\n\r\n\r\n  كتاب \t\nend\x00  \n\n"
    assert clean_user_text(text) == "سلام\n\n  کتاب\nend"


def test_clean_user_text_keeps_a_single_blank_line() -> None:
    assert clean_user_text("one\n\ntwo") == "one\n\ntwo"
    assert clean_user_text("one\n \n\t\n\ntwo") == "one\n\ntwo"


def test_clean_user_text_leaves_plain_english() -> None:
    assert clean_user_text("My order 1234 was late.") == "My order 1234 was late."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سلام، سفارش من نرسید", "fa"),
        ("Hello, my order never arrived", "en"),
        ("سفارش order 123 ثبت نشد و پیگیری", "fa"),
        ("my order سفارش was never delivered", "en"),
        ("1234 5678", None),
        ("😀😀😀👍", None),
        ("ok", None),
        ("با", None),
        ("", None),
        ("Привет, как дела", None),
        ("abc абв где", None),
    ],
)
def test_script_of(text: str, expected: str | None) -> None:
    assert script_of(text) == expected


def test_trim_returns_short_text_unchanged() -> None:
    assert trim("hello", 5) == "hello"
    assert trim("hello", 50) == "hello"


def test_trim_cuts_at_a_near_word_boundary() -> None:
    result = trim("the parcel arrived broken", 20)
    assert result == "the parcel arrived…"
    assert len(result) <= 20


def test_trim_cuts_inside_a_long_word_when_no_boundary_is_near() -> None:
    assert trim("abcdefghijklmnop", 10) == "abcdefghi…"
    assert trim("a bcdefghijklmnopqrstuvwxyz", 12) == "a bcdefghij…"


def test_trim_respects_the_limit_for_persian() -> None:
    text = "بسته من شکسته به دستم رسید و کسی پاسخ نداد"
    result = trim(text, 16)
    assert len(result) <= 16
    assert result.endswith("…")
    assert text.startswith(result[:-1])


def test_trim_tiny_limits() -> None:
    assert trim("hello", 1) == "…"
    with pytest.raises(ValueError):
        trim("hello", 0)


def test_letters_repeated_for_emphasis_are_kept_as_typed() -> None:
    assert clean_user_text("خيلي بدددد بود") == "خیلی بدددد بود"
    assert clean_user_text("مي‌خواهم") == "می‌خواهم"

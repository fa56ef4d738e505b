import itertools
import random

import pytest

from bot.domain.digits import to_persian_digits
from bot.domain.tracking_code import (
    LENGTH,
    CodeProblem,
    damm_check_digit,
    find_code,
    format_code,
    generate,
    is_valid,
    parse,
)

VALID = "123456789018"


def _codes(count: int = 250, seed: int = 10002) -> list[str]:
    rng = random.Random(seed)
    return [generate(rng.randrange) for _ in range(count)]


def test_damm_known_values() -> None:
    assert damm_check_digit("572") == "4"
    assert is_valid("5724".rjust(LENGTH, "0"))
    assert damm_check_digit("12345678901") == "8"
    assert is_valid(VALID)


def test_damm_check_digit_rejects_non_digits() -> None:
    with pytest.raises(ValueError):
        damm_check_digit("12a")
    with pytest.raises(ValueError):
        damm_check_digit("۱۲۳")


def test_generated_codes_are_well_formed() -> None:
    codes = _codes()
    for code in codes:
        assert len(code) == LENGTH
        assert code.isascii() and code.isdigit()
        assert code[0] != "0"
        assert is_valid(code)
        assert parse(code) == code
    assert all(a != b for a, b in itertools.pairwise(codes))
    assert len(set(codes)) == len(codes)


def test_generate_uses_first_digit_1_to_9_even_when_randomness_gives_zero() -> None:
    code = generate(lambda _n: 0)
    assert code == "100000000001"
    assert is_valid(code)


def test_default_generator_gives_distinct_codes() -> None:
    first, second = generate(), generate()
    assert is_valid(first) and is_valid(second)
    assert first != second


def test_every_single_digit_substitution_is_detected() -> None:
    for code in _codes():
        for position in range(LENGTH):
            for digit in "0123456789":
                if digit == code[position]:
                    continue
                typo = code[:position] + digit + code[position + 1 :]
                assert parse(typo) is CodeProblem.TYPO, (code, typo)


def test_every_adjacent_transposition_is_detected() -> None:
    for code in _codes():
        for position in range(LENGTH - 1):
            a, b = code[position], code[position + 1]
            if a == b:
                continue
            swapped = code[:position] + b + a + code[position + 2 :]
            assert parse(swapped) is CodeProblem.TYPO, (code, swapped)


def test_format_code_groups_in_fours() -> None:
    assert format_code("123456789012") == "1234-5678-9012"
    with pytest.raises(ValueError):
        format_code("12345")


@pytest.mark.parametrize(
    "raw",
    [
        VALID,
        "1234-5678-9018",
        " 1234 5678 9018 ",
        "#1234-5678-9018",
        "# 123456789018",
        "1234_5678_9018",
        "1234‐5678‑9018",
        "1234‒5678–9018",
        "1234—5678−9018",
        "1234 - 5678 - 9018",
        "۱۲۳۴-۵۶۷۸-۹۰۱۸",
        "١٢٣٤٥٦٧٨٩٠١٨",
        "۱۲۳۴ 5678 ٩٠١٨",
        "\u200e1234-5678-9018\u200f",
        "\u20661234\u200c5678 9018\u2069",
    ],
)
def test_parse_accepts_common_spellings(raw: str) -> None:
    assert parse(raw) == VALID


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "#", "12345678901", "1234567890181", "1234-5678-901a", "abcd", "1234.5678.9018"],
)
def test_parse_rejects_malformed(raw: str) -> None:
    assert parse(raw) is CodeProblem.MALFORMED


def test_parse_reports_typo() -> None:
    assert parse("1234-5678-9019") is CodeProblem.TYPO
    assert parse("2134-5678-9018") is CodeProblem.TYPO


def test_is_valid_wants_bare_ascii_digits() -> None:
    assert not is_valid("1234-5678-9018")
    assert not is_valid(to_persian_digits(VALID))
    assert not is_valid("12345678901")


@pytest.mark.parametrize(
    "text",
    [
        "/status 1234-5678-9018",
        "/status@dadres_bot 123456789018",
        "code is ۱۲۳۴ ۵۶۷۸ ۹۰۱۸",
        "کد پیگیری من ۱۲۳۴-۵۶۷۸-۹۰۱۸ است",
        "کد۱۲۳۴۵۶۷۸۹۰۱۸",
        "I wrote on 2026-11-24 and got #1234 5678 9018, any news?",
        "3 days ago: 123456789018 2 times",
        "wrong 1234-5678-9019 then right 1234-5678-9018",
    ],
)
def test_find_code_in_free_text(text: str) -> None:
    assert find_code(text) == VALID


def test_find_code_reports_typo() -> None:
    assert find_code("/status 1234-5678-9019") is CodeProblem.TYPO
    assert find_code("my code 1234 5678 9108 please") is CodeProblem.TYPO


def test_find_code_reports_malformed_for_code_like_numbers() -> None:
    assert find_code("/status 1234-5678-901") is CodeProblem.MALFORMED
    assert find_code("/status 1234567890181") is CodeProblem.MALFORMED


def test_find_code_typo_beats_malformed() -> None:
    assert find_code("1234-5678-901 or 1234-5678-9019") is CodeProblem.TYPO


def test_find_code_none_without_anything_code_like() -> None:
    for text in ("/status", "hello", "", "ordered 3 items on 1405/09/03 for 250000", "۱۲۳"):
        assert find_code(text) is None, text

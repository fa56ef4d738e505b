"""Complaint tracking codes: 12 digits whose last digit is a Damm check digit."""

import enum
import re
import secrets
import unicodedata
from collections.abc import Callable

from bot.domain.digits import to_ascii_digits

LENGTH = 12
_GROUP = 4
_MIN_CODE_LIKE = 8

_DAMM_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

_DASHES = "-‐‑‒–—−_"
_SEPARATOR = f"[ \t\u00a0\u2007\u2009\u202f{re.escape(_DASHES)}]"
_DIGITS = re.compile(r"[0-9]+")
_ASCII_CODE = re.compile(rf"[0-9]{{{LENGTH}}}")
_DIGIT_RUN = re.compile(rf"[0-9]+(?:{_SEPARATOR}{{1,3}}[0-9]+)*")
_IGNORED_IN_CODE = re.compile(rf"[\s{re.escape(_DASHES)}]+")


class CodeProblem(enum.Enum):
    """Why typed text is not a usable tracking code."""

    MALFORMED = "malformed"
    TYPO = "typo"


def _damm(digits: str) -> int:
    """Run the Damm quasigroup over ASCII digits; 0 at the end means the check digit fits."""
    interim = 0
    for ch in digits:
        interim = _DAMM_TABLE[interim][ord(ch) - ord("0")]
    return interim


def damm_check_digit(digits: str) -> str:
    """Compute the digit that makes `digits` pass the Damm check."""
    if not _DIGITS.fullmatch(digits):
        raise ValueError("digits must be ASCII digits")
    return str(_damm(digits))


def is_valid(code: str) -> bool:
    """Tell whether a bare code has the right length and a matching check digit."""
    return bool(_ASCII_CODE.fullmatch(code)) and _damm(code) == 0


def generate(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """Make a new unguessable code that never starts with 0, so it survives number-typed fields."""
    body = str(1 + randbelow(9)) + "".join(str(randbelow(10)) for _ in range(LENGTH - 2))
    return body + damm_check_digit(body)


def format_code(code: str) -> str:
    """Group a bare code in fours so people can read and copy it."""
    if not _ASCII_CODE.fullmatch(code):
        raise ValueError("code must be 12 ASCII digits")
    return "-".join(code[i : i + _GROUP] for i in range(0, LENGTH, _GROUP))


def _without_format_chars(text: str) -> str:
    """Drop invisible marks (LRM, ZWNJ, isolates…) that copying from RTL chats adds."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def parse(raw: str) -> str | CodeProblem:
    """Read a code the way people type or paste it, telling a typo apart from a non-code."""
    text = to_ascii_digits(_without_format_chars(raw)).strip().removeprefix("#")
    digits = _IGNORED_IN_CODE.sub("", text)
    if not _ASCII_CODE.fullmatch(digits):
        return CodeProblem.MALFORMED
    return digits if _damm(digits) == 0 else CodeProblem.TYPO


def _candidates(run: str) -> list[str]:
    """List 12-digit stretches of whole digit groups in a run such as "2 1234 5678 9012"."""
    groups = _DIGITS.findall(run)
    found = []
    for start in range(len(groups)):
        joined = ""
        for group in groups[start:]:
            joined += group
            if len(joined) >= LENGTH:
                break
        if len(joined) == LENGTH:
            found.append(joined)
    return found


def find_code(text: str) -> str | CodeProblem | None:
    """Pick a tracking code out of free text such as a command argument or a sentence."""
    ascii_text = to_ascii_digits(_without_format_chars(text))
    problem: CodeProblem | None = None
    for match in _DIGIT_RUN.finditer(ascii_text):
        candidates = _candidates(match.group())
        for candidate in candidates:
            if _damm(candidate) == 0:
                return candidate
        if candidates:
            problem = CodeProblem.TYPO
        elif problem is None and sum(map(len, _DIGITS.findall(match.group()))) >= _MIN_CODE_LIKE:
            problem = CodeProblem.MALFORMED
    return problem

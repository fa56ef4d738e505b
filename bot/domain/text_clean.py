"""Cleaning of text that users type before it is stored or shown to staff."""

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hazm import Normalizer

_LINE_BREAK_CHARS = ("\r", "\x85", "\u2028", "\u2029")
_KEPT_CONTROLS = ("\t", "\n")
_BIDI_CONTROLS = (
    "\u061c",
    "\u200e",
    "\u200f",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
)
_INVISIBLES = (
    "\u00ad",
    "\u180e",
    "\u200b",
    *(chr(c) for c in range(0x2060, 0x2065)),
    *(chr(c) for c in range(0x206A, 0x2070)),
    "\ufeff",
    "\ufff9",
    "\ufffa",
    "\ufffb",
)
_CONTROLS = tuple(
    chr(c)
    for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))
    if chr(c) not in _KEPT_CONTROLS + _LINE_BREAK_CHARS
)
_UNSAFE_TABLE: dict[int, str | None] = {
    **{ord(ch): None for ch in _CONTROLS + _BIDI_CONTROLS + _INVISIBLES},
    **{ord(ch): "\n" for ch in _LINE_BREAK_CHARS},
}

_ARABIC_VARIANTS = str.maketrans({"ي": "ی", "ك": "ک"})
_ARABIC_SCRIPT_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_LATIN_RANGES = ((0x0041, 0x024F), (0x1E00, 0x1EFF), (0xFF21, 0xFF5A))


def _letters_in(ranges: tuple[tuple[int, int], ...]) -> frozenset[str]:
    """Collect the letters of some Unicode blocks, so script checks are set look-ups."""
    return frozenset(
        chr(c)
        for low, high in ranges
        for c in range(low, high + 1)
        if unicodedata.category(chr(c)).startswith("L")
    )


_ARABIC_SCRIPT_LETTERS = _letters_in(_ARABIC_SCRIPT_RANGES)
_LATIN_LETTERS = _letters_in(_LATIN_RANGES)
_SORANI_LETTERS = frozenset("ەۆێڵڕ")
_MIN_LETTERS = 3
_DOMINANT_SHARE = 0.6
_TRIM_MARK = "…"
_WORD_SLACK = 0.25
_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACE = re.compile(r"\s")


@functools.cache
def _normalizer() -> "Normalizer":
    """Build hazm's normaliser once; importing and loading its verb list takes a second.
    Letters repeated for emphasis are kept as typed: shortening them needs hazm's whole word
    list (45 MB of the process), and a complaint is stored as the person wrote it."""
    from hazm import Normalizer

    return Normalizer(
        persian_numbers=False,
        correct_spacing=False,
        persian_style=False,
        decrease_repeated_chars=False,
    )


def warm_up() -> None:
    """Load hazm at start-up so the first Persian message is not the one that waits for it."""
    _normalizer()


def strip_unsafe(text: str) -> str:
    """Drop control and invisible bidi characters that could hide or reorder what staff read."""
    return text.replace("\r\n", "\n").translate(_UNSAFE_TABLE)


def normalize_persian(text: str) -> str:
    """Unify Arabic and Persian letter forms so search and display treat them as one."""
    text = text.translate(_ARABIC_VARIANTS)
    if _ARABIC_SCRIPT_LETTERS.isdisjoint(text) or not _SORANI_LETTERS.isdisjoint(text):
        return text
    return _normalizer().normalize(text)


def clean_user_text(text: str) -> str:
    """Make typed text safe and tidy before it is stored."""
    text = normalize_persian(strip_unsafe(text))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def script_of(text: str) -> str | None:
    """Guess whether text is written in Persian or English script, to offer a language switch."""
    arabic = latin = other = 0
    for ch in text:
        if ch in _ARABIC_SCRIPT_LETTERS:
            arabic += 1
        elif ch in _LATIN_LETTERS:
            latin += 1
        elif ch.isalpha():
            other += 1
    total = arabic + latin + other
    if total < _MIN_LETTERS:
        return None
    if arabic >= _DOMINANT_SHARE * total:
        return "fa"
    if latin >= _DOMINANT_SHARE * total:
        return "en"
    return None


def trim(text: str, limit: int) -> str:
    """Shorten text to fit a length limit, marking the cut and sparing words where possible."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if len(text) <= limit:
        return text
    kept = text[: limit - len(_TRIM_MARK)]
    floor = len(kept) - max(1, int(len(kept) * _WORD_SLACK))
    for index in range(len(kept), floor, -1):
        if index < len(text) and _SPACE.match(text[index]):
            kept = kept[:index]
            break
    return kept.rstrip().rstrip("\u200c\u200d") + _TRIM_MARK

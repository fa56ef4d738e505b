"""Conversions between ASCII, Persian and Arabic-Indic digits."""

import re

_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
_ASCII = "0123456789"

_TO_ASCII = str.maketrans(_PERSIAN + _ARABIC_INDIC, _ASCII * 2)
_TO_PERSIAN = str.maketrans(_ASCII, _PERSIAN)
_ASCII_INT = re.compile(r"[0-9]+")


def to_ascii_digits(text: str) -> str:
    """Turn Persian and Arabic-Indic digits into ASCII so the rest of the code sees one set."""
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str) -> str:
    """Turn ASCII digits into Persian ones for text shown to Persian readers."""
    return text.translate(_TO_PERSIAN)


def localize_digits(text: str, lang: str) -> str:
    """Show digits the way a reader of `lang` expects them."""
    return to_persian_digits(text) if lang == "fa" else text


def parse_int(text: str) -> int | None:
    """Read a non-negative whole number typed in any digit set, or None if it is not one."""
    cleaned = to_ascii_digits(text).strip()
    if not _ASCII_INT.fullmatch(cleaned):
        return None
    return int(cleaned)

"""Phone numbers that users type or share, kept in E.164 form."""

import re

import phonenumbers

from bot.domain.digits import to_ascii_digits

DEFAULT_REGION = "IR"
_MIN_INTERNATIONAL_DIGITS = 11
_TYPED_PHONE = re.compile(r"\+?[0-9 .\-‐‑‒–—−()\u00a0]+")
_NOT_DIGIT = re.compile(r"[^0-9]")


def _valid_e164(candidate: str, region: str | None) -> str | None:
    """Parse one candidate and return it in E.164 when phonenumbers deems it a real number."""
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone(text: str, region: str = DEFAULT_REGION) -> str | None:
    """Turn a typed or shared number into one canonical form so the same person matches."""
    typed = to_ascii_digits(text).strip()
    if not _TYPED_PHONE.fullmatch(typed):
        return None
    digits = _NOT_DIGIT.sub("", typed)
    if not digits:
        return None
    if typed.startswith("+"):
        return _valid_e164("+" + digits, None)
    if digits.startswith("00"):
        return _valid_e164("+" + digits[2:], None)
    found = _valid_e164(digits, region)
    if found is None and len(digits) >= _MIN_INTERNATIONAL_DIGITS:
        found = _valid_e164("+" + digits, None)
    return found


def last_digits(e164: str, n: int = 4) -> str:
    """Give the tail of a number, enough for staff to confirm it without seeing all of it."""
    if n < 0:
        raise ValueError("n must not be negative")
    digits = _NOT_DIGIT.sub("", e164)
    return digits[len(digits) - n :] if n < len(digits) else digits


def display_phone(e164: str) -> str:
    """Show a stored number in the spaced international form people recognise."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException as error:
        raise ValueError("not an E.164 phone number") from error
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

"""Erasure of personal data: pseudonyms, and how an erased complaint is told apart.

An erased complainant keeps their row, so that statistics still count one person's
complaints together, but under a random negative number where their Telegram ids were:
Telegram's user ids are positive, so a pseudonym never matches anyone who writes later."""

import secrets
from enum import StrEnum

PSEUDONYM_MIN = 2**53  # above any id Telegram gives a user or a group
PSEUDONYM_SPAN = 2**62 - PSEUDONYM_MIN
ERASED_KEY = "erased"


class Why(StrEnum):
    """Why a complaint's personal data went: the complainant asked, or it was kept its time."""

    REQUEST = "request"
    RETENTION = "retention"


def pseudonym() -> int:
    """A random stand-in for a Telegram id, negative and far below every real chat's."""
    return -(PSEUDONYM_MIN + secrets.randbelow(PSEUDONYM_SPAN))


def is_pseudonym(telegram_id: int) -> bool:
    """Whether an id is a stand-in left by erasure rather than a real account or chat."""
    return telegram_id <= -PSEUDONYM_MIN


def erased_key(why: Why) -> str:
    """What replaces an erased complaint's submission key (which held the user's id): unique,
    and saying that, and why, the complaint was erased, for the staff card."""
    return f"{ERASED_KEY}:{why}:{secrets.token_hex(16)}"


def erased_because(submission_key: str) -> Why | None:
    """Why a complaint was erased, from its submission key; None if it was not."""
    head, _, rest = submission_key.partition(":")
    if head != ERASED_KEY:
        return None
    why = rest.partition(":")[0]
    return Why(why) if why in set(Why) else None

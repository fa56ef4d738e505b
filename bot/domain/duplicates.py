"""Whether a new complaint looks like one its complainant filed in the last two weeks.

Two descriptions are compared by their content words (lemmas and stems, stop words dropped,
see bot.domain.word_forms): how many they share against how many they have (Jaccard) and against
the shorter one's (containment), so a short "still no refund" follow-up of a long first
complaint is caught. The same reference number (an order or invoice number the complainant
gave) is enough on its own. The result only marks the card; staff decide.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.domain.digits import to_ascii_digits
from bot.domain.word_forms import FA, english_key, lemma, split_words

WINDOW = timedelta(days=14)
THRESHOLD = 0.6
MIN_SHARED = 3
_LIGHT_VERBS = frozenset(
    f"{FA}:{verb}"
    for verb in ("کرد#کن", "شد#شو", "بود#باش", "#است", "#هست", "داشت#دار", "خواست#خواه")
)
_ENGLISH_STOP_WORDS = """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours out over own same she
should so some such than that the their theirs them then there these they this those through
to too under until up very was we were what when where which while who whom why will with
would you your yours please hi hello dear thanks thank still also yet get got im ive dont cant
didnt doesnt isnt wasnt hasnt havent wont u ur one two three
"""
_COLLOQUIAL_STOP_WORDS = "یه اون اینو اونو رو که هم دیگه واسه ولی تو منو بهم ازم سلام لطفا ممنون"
_REFERENCE_JUNK = re.compile(r"[^0-9a-z]")

Reason = Literal["reference", "words"]


@dataclass(frozen=True, slots=True)
class Earlier:
    """A complaint the same complainant filed before, as the duplicate check needs it."""

    code: str
    description: str
    reference: str | None
    filed_at: datetime


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """ "Possibly the same as CODE": why, how alike (1.0 for the same reference), and the
    content words both share (lemmas, for staff to see why)."""

    code: str
    reason: Reason
    score: float
    shared: tuple[str, ...] = ()


@functools.cache
def _stop_words() -> frozenset[str]:
    """Words too common to say two complaints are about the same thing, in both languages."""
    from hazm import stopwords_list

    persian = {*stopwords_list(), *_COLLOQUIAL_STOP_WORDS.split()}
    found = {f"{FA}:{word.replace('\u200c', '')}" for word in persian}
    found |= {english_key(word) for word in _ENGLISH_STOP_WORDS.split()}
    return frozenset(found | _LIGHT_VERBS)


def content_words(text: str) -> frozenset[str]:
    """A description's normalised, lemmatised content words, stop words dropped."""
    stop = _stop_words()
    found = set()
    for item in split_words(text):
        surface = english_key(item) if item.isascii() else f"{FA}:{item.replace('\u200c', '')}"
        if surface in stop or len(item) < 2:
            continue
        key = lemma(item)
        if key not in stop:
            found.add(key)
    return frozenset(found)


def same_reference(first: str | None, second: str | None) -> bool:
    """Reference numbers typed in any digits, case and separators ("INV-۱۲۳" is "inv123")."""
    if not first or not second:
        return False
    clean = [_REFERENCE_JUNK.sub("", to_ascii_digits(ref).casefold()) for ref in (first, second)]
    return bool(clean[0]) and clean[0] == clean[1]


def likeness(first: frozenset[str], second: frozenset[str]) -> float:
    """The mean of Jaccard and containment; 0 when fewer than MIN_SHARED words are shared."""
    shared = len(first & second)
    if shared < MIN_SHARED:
        return 0.0
    jaccard = shared / len(first | second)
    containment = shared / min(len(first), len(second))
    return (jaccard + containment) / 2


def find_duplicate(
    words: frozenset[str],
    reference: str | None,
    filed_at: datetime,
    earlier: Iterable[Earlier],
    *,
    window: timedelta = WINDOW,
    threshold: float = THRESHOLD,
) -> PossibleDuplicate | None:
    """The earlier complaint within the window the new one most likely repeats, or None.
    words: content_words() of the new description. A shared reference beats any likeness;
    between equals the most recent earlier complaint wins."""
    ranked: list[tuple[tuple[bool, float, datetime], PossibleDuplicate]] = []
    for item in earlier:
        if not filed_at - window <= item.filed_at <= filed_at:
            continue
        if same_reference(reference, item.reference):
            found = PossibleDuplicate(item.code, "reference", 1.0)
        else:
            theirs = content_words(item.description)
            score = likeness(words, theirs)
            if score < threshold:
                continue
            shared = tuple(sorted(key.partition(":")[2] for key in words & theirs))
            found = PossibleDuplicate(item.code, "words", round(score, 3), shared)
        ranked.append(((found.reason == "reference", found.score, item.filed_at), found))
    return max(ranked, key=lambda pair: pair[0])[1] if ranked else None

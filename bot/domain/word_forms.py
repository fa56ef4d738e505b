"""A complaint's words reduced to the forms that rules and duplicate checks compare.

Persian words are keyed by their surface form, hazm's lemma and, for verbs, both stems; English
words by a Porter stem; Persian typed in Latin letters ("finglish") by a folded spelling with
common prefixes and endings taken off. Keys carry a prefix per kind (``fa:``, ``en:``, ``fl:``)
so an English word never matches a finglish rule by accident.
"""

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.text_clean import normalize_persian, strip_unsafe

if TYPE_CHECKING:
    from hazm import Lemmatizer
    from nltk.stem import PorterStemmer

ZWNJ = "\u200c"
FA, EN, FINGLISH = "fa", "en", "fl"
_WORD = re.compile(r"[^\W\d_]+(?:[\u200c'’][^\W\d_]+)*")
_LATIN_WORD = re.compile(r"[a-z]")
_FA_SUFFIXES = tuple(
    "هایمان هایتان هایشان هامونو هاشونو هایم هایت هایش هامو هاتو هاشو مونو تونو شونو مون تون"
    " شون های هام ها مو تو شو رو ام ات اش یم م ت ش و ه ی".split()
)
_FA_VERB_PREFIXES = ("نمی", "می", "ن", "ب")
_COLLOQUIAL_STEMS = {"د": "ده", "ش": "شو", "خوا": "خواه", "گ": "گوی", "ر": "رو", "یا": "آی"}
_COLLOQUIAL_ENDINGS = {"ن": "ند", "ه": "د", "ین": "ید", "م": "م", "ی": "ی", "یم": "یم", "": "د"}
_SPOKEN_SPELLINGS = (("یومد", "یامد"), ("اومد", "آمد"), ("یومده", "یامده"), ("میاد", "می‌آید"))
_DETACHED_PREFIXES = frozenset({"می", "نمی"})
_FL_PREFIXES = ("nemi", "mi", "na", "ne", "be")
_FL_SUFFIXES = tuple(
    "hamun hashun hamo hasho hato hash ham ha amun emun etun eshun amo emo eto esho ash esh am"
    " et mo and an id im in ie e o i".split()
)
_FL_FOLDS = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("aa", "a"),
    ("w", "v"),
    ("q", "gh"),
    ("x", "kh"),
    ("y", "i"),
    ("ai", "ei"),
    ("'", ""),
    ("’", ""),
)
_FL_REPEATS = re.compile(r"(.)\1+")
_FL_LONG_REPEATS = re.compile(r"(.)\1{2,}")
_MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Word:
    """One word as written (for showing staff what matched) and the keys it may match."""

    text: str
    keys: frozenset[str]


@functools.cache
def lemmatizer() -> "Lemmatizer":
    """hazm's lemmatiser, built once on first use: it costs about 37 MB and 3 s to load.
    Joined multi-word verb parts are left out (another 26 MB) because words are matched one by
    one here (bench/triage_memory.py)."""
    from hazm import Lemmatizer

    return Lemmatizer(joined_verb_parts=False)


@functools.cache
def _porter() -> "PorterStemmer":
    """nltk's Porter stemmer (pure code, no data download), installed with hazm."""
    from nltk.stem import PorterStemmer

    return PorterStemmer()


def warm_up() -> None:
    """Load the lemmatiser at start-up so the first complaint filed does not wait for it."""
    lemmatizer()


def _verb_lemmas(lemma: str) -> Iterator[str]:
    """A verb lemma such as "داد#ده" yields itself and both stems, so either stem matches."""
    yield lemma
    if "#" in lemma:
        yield from (stem for stem in lemma.split("#") if stem)


def _colloquial_verbs(word: str) -> Iterator[str]:
    """Written forms of spoken verbs: «نمیدن» → «نمی‌دهند», «میشه» → «می‌شود»."""
    for prefix in _FA_VERB_PREFIXES:
        if not word.startswith(prefix) or len(word) <= len(prefix) + 1:
            continue
        rest = word[len(prefix) :]
        joiner = ZWNJ if prefix.endswith("ی") else ""
        for ending, formal in _COLLOQUIAL_ENDINGS.items():
            if ending and not rest.endswith(ending):
                continue
            stem = rest[: len(rest) - len(ending)] if ending else rest
            for variant in {stem, _COLLOQUIAL_STEMS.get(stem, stem)}:
                yield prefix + joiner + variant + formal


def _verb_readings(word: str) -> set[tuple[str, bool]]:
    """Verb lemmas of a written or spoken form, each with whether the form is negative."""
    tool = lemmatizer()
    spoken = word
    for old, new in _SPOKEN_SPELLINGS:
        spoken = spoken.replace(old, new)
    readings = set()
    for variant in {word, spoken, *_colloquial_verbs(spoken.replace(ZWNJ, ""))}:
        lemma = tool.verbs.get(variant)
        if lemma:
            positive = variant[1:] if variant.startswith("ن") else ""
            readings.add((lemma, tool.verbs.get(positive) == lemma))
    return readings


def _persian_keys(word: str, *, narrow: bool = False) -> set[str]:
    """Surface form, lemmas and both verb stems (and "!"-marked ones for a negative verb, so a
    rule written negative matches only negatives). Unless narrow (a rule's own word), also the
    word with a possessive or plural ending taken off when what is left is a word hazm knows
    («پولمو» → «پول»)."""
    tool = lemmatizer()
    bare = word.replace(ZWNJ, "")
    readings = _verb_readings(word)
    negative = any(is_negative for _, is_negative in readings)
    lemmas = {tool.lemmatize(word)} | {lemma for lemma, _ in readings}
    if word.endswith("ن") and word[:-1] in tool.verbs:
        lemmas.add(tool.verbs[word[:-1]])
    if not narrow:
        for suffix in _FA_SUFFIXES:
            stem = bare.removesuffix(suffix)
            if stem != bare and len(stem) >= _MIN_STEM and stem in tool.words:
                lemmas.add(stem)
    keys = {bare}
    for lemma in lemmas:
        forms = [form.replace(ZWNJ, "") for form in _verb_lemmas(lemma)]
        keys.update(f"!{form}" for form in forms if negative)
        if not (narrow and negative):
            keys.update(forms)
    return {f"{FA}:{key}" for key in keys}


def fold_latin(word: str) -> str:
    """One spelling for the many ways Persian is typed in Latin letters (kheili/khaili/kheyli)."""
    word = _FL_LONG_REPEATS.sub(r"\1\1", word.lower())
    for old, new in _FL_FOLDS:
        word = word.replace(old, new)
    word = _FL_REPEATS.sub(r"\1", word)
    return word[:-1] if word.endswith("eh") else word


def _finglish_keys(word: str) -> set[str]:
    """The folded word, and the same with one verb prefix and one ending taken off."""
    folded = fold_latin(word)
    cores = {folded}
    for prefix in _FL_PREFIXES:
        if folded.startswith(prefix) and len(folded) - len(prefix) > _MIN_STEM:
            cores.add(folded[len(prefix) :])
    keys = set(cores)
    for core in cores:
        for suffix in _FL_SUFFIXES:
            if core.endswith(suffix) and len(core) - len(suffix) > _MIN_STEM:
                keys.add(core[: -len(suffix)])
    return {f"{FINGLISH}:{key}" for key in keys}


def english_key(word: str) -> str:
    """Lower-cased Porter stem: "charged", "charges" and "charging" all become "charg"."""
    return f"{EN}:{_porter().stem(word.lower().replace("'", '').replace('’', ''))}"


def _latin_keys(word: str) -> set[str]:
    """A word in Latin letters may be English or finglish; it is keyed as both."""
    return {english_key(word), *_finglish_keys(word)}


def clean(text: str) -> str:
    """The text as matching sees it: safe characters, Persian letters unified (ي/ك → ی/ک)."""
    return normalize_persian(strip_unsafe(text))


def split_words(text: str) -> list[str]:
    """Words of letters only (digits and punctuation dropped), ZWNJ kept inside Persian words;
    a verb prefix typed apart («نمی دهند») is joined to its verb."""
    found: list[str] = []
    for match in _WORD.finditer(clean(text)):
        item = match.group().strip(ZWNJ)
        if found and found[-1] in _DETACHED_PREFIXES and not is_latin(item):
            found[-1] += ZWNJ + item
        else:
            found.append(item)
    return found


def is_latin(word: str) -> bool:
    """Whether a word is typed in Latin letters (English or finglish)."""
    return bool(_LATIN_WORD.search(word.lower()))


@functools.lru_cache(maxsize=4096)
def word(text: str) -> Word:
    """The keys of one word; cached because the same words recur in every complaint."""
    keys = _latin_keys(text) if is_latin(text) else _persian_keys(text)
    return Word(text=text, keys=frozenset(keys))


def rule_keys(text: str, lang: str) -> frozenset[str]:
    """The keys of one word of a rule: only its own forms, so «کارت» does not match «کار».
    lang is the rule list's: "fa" (Latin letters there are read as finglish), "en", "fa_latin"."""
    if lang == "en":
        return frozenset({english_key(text)})
    if is_latin(text):
        return frozenset({f"{FINGLISH}:{fold_latin(text)}"})
    return frozenset(_persian_keys(text, narrow=True))


def words(text: str) -> list[Word]:
    """The words of a text with their keys, in order."""
    return [word(item) for item in split_words(text)]


def joined(pair: Iterable[Word]) -> Word:
    """Two neighbouring Persian words read as one («بی ادب» as «بی‌ادب»), for rules written
    either way."""
    first, second = pair
    return word(first.text + ZWNJ + second.text)


@functools.lru_cache(maxsize=4096)
def lemma(text: str) -> str:
    """One form per word for comparing two texts' vocabularies: a verb's lemma («نمی‌دهند» and
    «دادم» are both "داد#ده"), a noun without an ending that leaves a word hazm knows (where
    the whole is a word too, only endings that cannot be its last letter: «پولم», not
    «هفته»), an English Porter stem."""
    if is_latin(text):
        return english_key(text)
    readings = sorted(lemma for lemma, _ in _verb_readings(text))
    if readings:
        return f"{FA}:{readings[0]}"
    tool = lemmatizer()
    bare = text.replace(ZWNJ, "")
    known = text in tool.words
    stems = (
        bare.removesuffix(suffix)
        for suffix in _FA_SUFFIXES
        if bare.endswith(suffix) and (not known or len(suffix) > 1 or suffix == "م")
    )
    stem = next((stem for stem in stems if len(stem) >= _MIN_STEM and stem in tool.words), None)
    found = stem or tool.lemmatize(text)
    return f"{FA}:{found.replace(ZWNJ, '')}"

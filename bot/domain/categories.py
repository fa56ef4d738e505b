"""The organisation's complaint categories, read from a small TOML file."""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

DEFAULT_FILE = Path(__file__).with_name("categories.toml")
KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
RULE_LANGUAGES = ("fa", "en", "fa_latin")
RAISED_PRIORITIES = ("urgent", "high")
MAX_WEIGHT = 10.0

type WordWeights = Mapping[str, tuple[tuple[str, float], ...]]
"""Rule words per language ("fa", "en", "fa_latin"), each with its weight, in file order."""

_NO_WORDS: WordWeights = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    fa: str
    en: str
    words: WordWeights = field(default=_NO_WORDS)

    def label(self, lang: str) -> str:
        """The label in the user's language."""
        return self.fa if lang == "fa" else self.en


@dataclass(frozen=True, slots=True)
class TriageSettings:
    """How sure the words must be before a category or priority is suggested (file's [triage])."""

    suggest_at: float = 3.0
    margin: float = 2.0
    high_at: float = 3.0
    urgent_at: float = 3.0
    catch_all: str = "other"
    priority_words: Mapping[str, WordWeights] = field(default=MappingProxyType({}))


class CategoryError(ValueError):
    """The categories file cannot be used; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Categories:
    items: tuple[Category, ...]
    triage: TriageSettings = field(default=TriageSettings())

    def get(self, key: str) -> Category | None:
        """A category by key, or None for one no longer configured."""
        return next((item for item in self.items if item.key == key), None)

    def label(self, key: str, lang: str) -> str:
        """The label for a stored key; a key dropped from the config still shows as itself."""
        category = self.get(key)
        return category.label(lang) if category else key


def load_categories(path: Path | None = None) -> Categories:
    """Read and check the categories file (the shipped default when no path is given)."""
    source = path or DEFAULT_FILE
    try:
        raw = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CategoryError(f"CATEGORIES_FILE: {source} does not exist") from None
    except tomllib.TOMLDecodeError as error:
        raise CategoryError(f"CATEGORIES_FILE: {source} is not valid TOML ({error})") from None
    entries = raw.get("category")
    if not isinstance(entries, list) or not entries:
        raise CategoryError(f"CATEGORIES_FILE: {source} has no [[category]] entries")
    items: list[Category] = []
    for number, entry in enumerate(entries, start=1):
        key, fa, en = (str(entry.get(name, "")).strip() for name in ("key", "fa", "en"))
        if not key or not set(key) <= KEY_CHARS or len(key) > 32:
            raise CategoryError(
                f"CATEGORIES_FILE: category {number} needs a key of a-z, 0-9 and _ (≤32)"
            )
        if not fa or not en:
            raise CategoryError(f"CATEGORIES_FILE: category {key!r} needs both fa and en labels")
        if any(item.key == key for item in items):
            raise CategoryError(f"CATEGORIES_FILE: category key {key!r} appears twice")
        words = _word_weights(entry.get("words", {}), f"category {key!r} words")
        items.append(Category(key=key, fa=fa, en=en, words=words))
    categories = tuple(items)
    return Categories(categories, _triage_settings(raw.get("triage", {}), categories))


def _word_weights(raw: Any, where: str) -> WordWeights:
    """Check one table of words and weights per language: [category.words.fa] and the like."""
    if not isinstance(raw, dict):
        raise CategoryError(f"CATEGORIES_FILE: {where} must be a table")
    unknown = set(raw) - set(RULE_LANGUAGES)
    if unknown:
        raise CategoryError(
            f"CATEGORIES_FILE: {where} has {sorted(unknown)}; use {', '.join(RULE_LANGUAGES)}"
        )
    checked: dict[str, tuple[tuple[str, float], ...]] = {}
    for lang, table in raw.items():
        if not isinstance(table, dict):
            raise CategoryError(f"CATEGORIES_FILE: {where}.{lang} must be a table of words")
        pairs = []
        for text, weight in table.items():
            if not text.strip():
                raise CategoryError(f"CATEGORIES_FILE: {where}.{lang} has an empty word")
            if isinstance(weight, bool) or not isinstance(weight, int | float):
                raise CategoryError(f"CATEGORIES_FILE: {where}.{lang} {text!r} needs a number")
            if not 0 < weight <= MAX_WEIGHT:
                raise CategoryError(
                    f"CATEGORIES_FILE: {where}.{lang} {text!r} weight must be in"
                    f" (0, {MAX_WEIGHT:g}]"
                )
            pairs.append((text.strip(), float(weight)))
        checked[lang] = tuple(pairs)
    return MappingProxyType(checked)


def _triage_settings(raw: Any, items: tuple[Category, ...]) -> TriageSettings:
    """Check the [triage] table: thresholds, the catch-all category and the priority words."""
    if not isinstance(raw, dict):
        raise CategoryError("CATEGORIES_FILE: [triage] must be a table")
    defaults = TriageSettings()
    numbers: dict[str, float] = {}
    for name in ("suggest_at", "margin", "high_at", "urgent_at"):
        value = raw.get(name, getattr(defaults, name))
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise CategoryError(f"CATEGORIES_FILE: triage.{name} must be a number ≥ 0")
        numbers[name] = float(value)
    catch_all = str(raw.get("catch_all", defaults.catch_all))
    if "catch_all" in raw and not any(item.key == catch_all for item in items):
        raise CategoryError(f"CATEGORIES_FILE: triage.catch_all {catch_all!r} is not a category")
    unknown = set(raw) - {*numbers, "catch_all", *RAISED_PRIORITIES}
    if unknown:
        raise CategoryError(f"CATEGORIES_FILE: [triage] has unknown keys {sorted(unknown)}")
    priority_words = {
        level: _word_weights(raw.get(level, {}), f"triage.{level}") for level in RAISED_PRIORITIES
    }
    return TriageSettings(
        **numbers, catch_all=catch_all, priority_words=MappingProxyType(priority_words)
    )

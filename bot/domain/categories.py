"""The organisation's complaint categories, read from a small TOML file."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FILE = Path(__file__).with_name("categories.toml")
KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    fa: str
    en: str

    def label(self, lang: str) -> str:
        """The label in the user's language."""
        return self.fa if lang == "fa" else self.en


class CategoryError(ValueError):
    """The categories file cannot be used; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Categories:
    items: tuple[Category, ...]

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
        items.append(Category(key=key, fa=fa, en=en))
    return Categories(tuple(items))

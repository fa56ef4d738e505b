"""Every word a user reads comes from locales/ through Fluent, in the user's own language."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource

from bot.domain.digits import localize_digits
from bot.domain.languages import DEFAULT_LANGUAGE, LANGUAGES

LOCALES = Path(__file__).resolve().parents[2] / "locales"
PLACEABLE_LIMIT = 900  # fluent.runtime refuses placeables over 1000 characters
# `staff-<key>` is how staff read what complainants read as `<key>` (a status, a history line).
STAFF_VARIANT = "staff-"
# Reply keyboards stay on a person's screen across upgrades: what older versions labelled a
# button is still understood as that button (never shown again, so not in locales/).
EARLIER_LABELS = {"button-skip": ("رد شدن", "Skip"), "button-back": ("⬅️ بازگشت",)}


class Translator:
    """Loads the Fluent files once and formats messages in either language."""

    def __init__(self, root: Path = LOCALES) -> None:
        self._bundles: dict[str, FluentBundle] = {}
        # A message without arguments always reads the same: formatted once. Buttons and
        # questions are most of what an update says.
        self._plain: dict[tuple[str, str], str] = {}
        self.keys: dict[str, set[str]] = {}
        for lang in LANGUAGES:
            bundle = FluentBundle([lang], functions=_functions(lang), use_isolating=(lang == "fa"))
            keys: set[str] = set()
            for path in sorted((root / lang).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                bundle.add_resource(resource)
                keys.update(entry.id.name for entry in resource.body if hasattr(entry, "id"))
            self._bundles[lang] = bundle
            self.keys[lang] = keys

    def __call__(self, lang: str, key: str, **args: object) -> str:
        if not args:
            text = self._plain.get((lang, key))
            if text is None:
                text = self._plain[lang, key] = self._format(lang, key, {})
            return text
        return self._format(lang, key, args)

    def _format(self, lang: str, key: str, args: dict[str, object]) -> str:
        bundle = self._bundles.get(lang) or self._bundles[DEFAULT_LANGUAGE]
        if not bundle.has_message(key):
            raise KeyError(f"no message {key!r} in locales/{lang}")
        message = bundle.get_message(key)
        if message.value is None:
            raise KeyError(f"message {key!r} in locales/{lang} has no value")
        values = {name: _localize(value, lang) for name, value in args.items()}
        long_values: dict[str, str] = {}
        for name, value in list(values.items()):
            if isinstance(value, str) and len(value) > PLACEABLE_LIMIT:
                marker = f"\x00{name}\x00"
                long_values[marker] = value
                values[name] = marker
        text, errors = bundle.format_pattern(message.value, values)
        if errors:
            raise ValueError(f"{lang}/{key}: {errors[0]}")
        for marker, value in long_values.items():
            text = text.replace(marker, value)
        return text

    def all_languages(self, key: str) -> frozenset[str]:
        """The text of one key in every language, to recognise a menu button in either, also
        as keyboards sent by earlier versions show it."""
        earlier = EARLIER_LABELS.get(key, ())
        return frozenset(self(lang, key) for lang in LANGUAGES).union(earlier)

    def bind(self, lang: str, staff: bool = False) -> "I18n":
        """A translator fixed to one language, for one update; `staff` for what the complaints
        staff read, which speaks of the complainant in the third person."""
        return I18n(self, lang if lang in LANGUAGES else DEFAULT_LANGUAGE, staff)

    def for_staff(self, lang: str, key: str) -> str:
        """The staff's own wording of `key` (`staff-<key>`) where the locales give one."""
        variant = f"{STAFF_VARIANT}{key}"
        return variant if variant in self.keys.get(lang, ()) else key


def _functions(lang: str) -> dict[str, Callable[..., str]]:
    """What the locales may call: COMMAND("x") gives a tappable /x that keeps its slash on the
    left in any line; DIGITS($n) shows digits passed as text in the reader's own digits."""
    return {
        "COMMAND": lambda name: f"/{name}",
        "DIGITS": lambda value: localize_digits(str(value), lang),
    }


def _localize(value: object, lang: str) -> object:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) and lang == "fa":
        return localize_digits(str(value), lang)
    return value


@dataclass(frozen=True, slots=True)
class I18n:
    translator: Translator
    lang: str
    staff: bool = False

    def __call__(self, key: str, **args: object) -> str:
        if self.staff:
            key = self.translator.for_staff(self.lang, key)
        return self.translator(self.lang, key, **args)

    @property
    def rtl(self) -> bool:
        """Whether this language is written right to left."""
        return self.lang == "fa"

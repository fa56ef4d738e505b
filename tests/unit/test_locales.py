"""Every key in both languages, every message formats, nothing exceeds Telegram's limits."""

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor as FluentVisitor

from bot.domain.categories import load_categories
from bot.domain.languages import LANGUAGES
from bot.messages.callbacks import ComplaintAction, IntakeAction, LanguageChoice
from bot.messages.i18n import LOCALES, Translator
from bot.messages.views import summary

TELEGRAM_TEXT_LIMIT = 4096
BUTTON_TEXT_LIMIT = 64
TOAST_LIMIT = 200
translator = Translator()


class _Variables(FluentVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def variables_of(lang: str) -> dict[str, set[str]]:
    """Each message's variable names, read from the Fluent syntax tree."""
    found: dict[str, set[str]] = {}
    for path in sorted((LOCALES / lang).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                visitor = _Variables()
                visitor.visit(entry)
                found[entry.id.name] = visitor.names
    return found


def test_both_languages_have_the_same_keys() -> None:
    only_fa = translator.keys["fa"] - translator.keys["en"]
    only_en = translator.keys["en"] - translator.keys["fa"]
    assert not only_fa, f"keys only in locales/fa: {sorted(only_fa)}"
    assert not only_en, f"keys only in locales/en: {sorted(only_en)}"


def test_both_languages_use_the_same_variables() -> None:
    fa, en = variables_of("fa"), variables_of("en")
    different = {key: (fa[key], en[key]) for key in fa if fa[key] != en.get(key)}
    assert not different


def test_no_parse_errors_in_the_files() -> None:
    for lang in LANGUAGES:
        for path in (LOCALES / lang).glob("*.ftl"):
            resource = FluentParser().parse(path.read_text(encoding="utf-8"))
            junk = [entry.content for entry in resource.body if isinstance(entry, ast.Junk)]
            assert not junk, f"{path}: {junk}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_formats_and_fits(lang: str) -> None:
    long_value = "ر" * 250
    for key, names in variables_of(lang).items():
        text = translator(lang, key, **dict.fromkeys(names, long_value))
        assert len(text) <= TELEGRAM_TEXT_LIMIT, key
        assert "{" not in text, f"{lang}/{key} left a placeholder: {text!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_button_labels_fit(lang: str) -> None:
    for key in translator.keys[lang]:
        if key.startswith(("button-", "menu-", "remedy-", "field-", "intake-confirm")):
            assert len(translator(lang, key)) <= BUTTON_TEXT_LIMIT, key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_toasts_fit(lang: str) -> None:
    for key in ("callback-stale", "intake-already-filed", "intake-description-needed"):
        assert len(translator(lang, key)) <= TOAST_LIMIT, key


def test_persian_messages_use_no_arabic_letter_forms() -> None:
    for path in (LOCALES / "fa").glob("*.ftl"):
        text = path.read_text(encoding="utf-8")
        assert "ي" not in text and "ك" not in text, path


def test_html_in_messages_is_balanced() -> None:
    for lang in LANGUAGES:
        for key in translator.keys[lang]:
            names = variables_of(lang)[key]
            text = translator(lang, key, **dict.fromkeys(names, "x"))
            opened = re.findall(r"<(b|i|code)>", text)
            closed = re.findall(r"</(b|i|code)>", text)
            assert sorted(opened) == sorted(closed), f"{lang}/{key}"
            assert not re.search(r"<(?!/?(b|i|code)>)", text), f"{lang}/{key} has a stray <"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_longest_possible_summary_fits(lang: str) -> None:
    categories = load_categories()
    data = {
        "category": categories.items[0].key,
        "description": "<&>" * 1400,
        "attachments": [{}] * 10,
        "occurred_on": "2026-11-24",
        "location": "ل" * 500,
        "remedy": "other",
        "remedy_text": "م" * 500,
        "name": "ن" * 100,
        "phone": "+989121234567",
    }
    text = summary(translator.bind(lang), data, categories)
    assert len(html.unescape(re.sub(r"<[^>]+>", "", text))) <= TELEGRAM_TEXT_LIMIT
    assert "&lt;&amp;&gt;" in text


def test_callback_data_fits_in_64_bytes() -> None:
    longest = [
        IntakeAction(action="keep_name", draft="ffffffff", value="x" * 32).pack(),
        ComplaintAction(action="withdraw_yes", code="9" * 12, page=99999).pack(),
        LanguageChoice(lang="fa").pack(),
    ]
    for data in longest:
        assert len(data.encode()) <= 64, data


def test_category_labels_fit_on_a_button() -> None:
    for category in load_categories().items:
        assert len(category.fa) <= BUTTON_TEXT_LIMIT and len(category.en) <= BUTTON_TEXT_LIMIT


def test_locale_folder_is_where_the_translator_reads() -> None:
    assert Path(LOCALES, "fa", "dadres.ftl").is_file()
    assert datetime.now(UTC).year >= 2026


def test_a_message_without_arguments_is_formatted_once() -> None:
    fresh = Translator()
    first = fresh("fa", "intake-ask-description")
    assert fresh("fa", "intake-ask-description") is first
    assert first == fresh._format("fa", "intake-ask-description", {})
    assert fresh("en", "intake-ask-description") != first
    with_args = fresh("fa", "intake-description-too-short", min=10)
    assert "۱۰" in with_args and fresh("fa", "intake-description-too-short", min=20) != with_args
    with pytest.raises(KeyError):
        fresh("fa", "no-such-key")
    with pytest.raises(KeyError):
        fresh("fa", "no-such-key")

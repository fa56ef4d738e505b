"""Every message keeps to the glossary in locales/GLOSSARY.md: none of the words it rules out
appears in any message of its language."""

import re

import pytest

from bot.domain.languages import LANGUAGES
from bot.messages.i18n import LOCALES, Translator
from tests.unit.test_locales import variables_of

translator = Translator()
ROW = re.compile(r"^\| (fa|en) \| `(.+?)` \|", re.M)


def forbidden(lang: str) -> list[re.Pattern[str]]:
    """The glossary's "Words we do not use" for one language, as patterns."""
    text = (LOCALES / "GLOSSARY.md").read_text(encoding="utf-8")
    section = text.split("## Words we do not use", 1)[1]
    return [
        re.compile(pattern.replace("\\|", "|"), re.M)
        for row_lang, pattern in ROW.findall(section)
        if row_lang == lang
    ]


def messages(lang: str) -> dict[str, str]:
    """Every message of a language, formatted with neutral values."""
    return {
        key: translator(lang, key, **dict.fromkeys(names, "0"))
        for key, names in variables_of(lang).items()
    }


def test_the_glossary_lists_words_for_both_languages() -> None:
    assert len(forbidden("fa")) >= 10 and len(forbidden("en")) >= 3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_uses_a_word_the_glossary_rules_out(lang: str) -> None:
    found = [
        (key, pattern.pattern)
        for key, text in messages(lang).items()
        for pattern in forbidden(lang)
        if pattern.search(text)
    ]
    assert found == []


def test_the_check_catches_a_ruled_out_word() -> None:
    patterns = forbidden("fa")
    assert any(p.search("لطفاً شمارهٔ پیگیری را بفرستید") for p in patterns)
    assert any(p.search("«رد شدن» را بزنید") for p in patterns)
    assert any(p.search("🙋 برداشتن") for p in patterns)
    assert not any(p.search("لطفاً کد رهگیری را بفرستید") for p in patterns)
    assert any(p.search("That is not a date") for p in forbidden("en"))

"""Triage suggests a category and a priority from a complaint's words, with the words that
matched, and never more than staff need: nothing for a pick the words agree with."""

from pathlib import Path

import pytest

from bot.domain.categories import load_categories
from bot.domain.priority import Priority
from bot.domain.triage import Suggestion, Triage
from bot.domain.word_forms import lemma, words

TRIAGE = Triage(load_categories())

RULES = """
[triage]
suggest_at = 2
margin = 2

[[category]]
key = "billing"
fa = "پول"
en = "Money"

[category.words.fa]
"پول" = 2
"پس دادن" = 3
"نرسیده" = 2

[category.words.en]
"charge" = 3

[category.words.fa_latin]
"kheili gerun" = 3

[[category]]
key = "other"
fa = "دیگر"
en = "Other"

[triage.urgent.fa]
"آتش" = 3
"بی ادب" = 3
"مسموم" = 2
"بچه" = 1

[triage.high.en]
"lawyer" = 3
"child" = 2
"""


@pytest.fixture(scope="module")
def small() -> Triage:
    path = Path(__file__).with_name("_triage_rules.toml")
    path.write_text(RULES, encoding="utf-8")
    try:
        return Triage(load_categories(path))
    finally:
        path.unlink()


def keys_of(text: str) -> set[str]:
    return {key for item in words(text) for key in item.keys}


@pytest.mark.parametrize(
    ("written", "lemma_key"),
    [
        ("نمی‌دهند", "fa:داد#ده"),
        ("نمیدهند", "fa:داد#ده"),
        ("نمی دهند", "fa:داد#ده"),
        ("نمیدن", "fa:داد#ده"),
        ("دادند", "fa:داد"),
        ("می‌دهد", "fa:ده"),
        ("پولم", "fa:پول"),
        ("پولمو", "fa:پول"),
        ("پول‌هایم", "fa:پول"),
        ("کارمندان", "fa:کارمند"),
        ("charged", "en:charg"),
        ("charging", "en:charg"),
        ("pulamo", "fl:pul"),
        ("kheyli", "fl:kheili"),
        ("khaili", "fl:kheili"),
    ],
)
def test_inflected_words_carry_their_lemma_and_both_verb_stems(
    written: str, lemma_key: str
) -> None:
    assert lemma_key in keys_of(written)


def test_a_negative_verb_is_marked_so_a_negative_rule_does_not_match_the_positive() -> None:
    assert "fa:!رسید" in keys_of("نرسیده")
    assert "fa:!رسید" not in keys_of("رسید")


def test_arabic_letters_and_zwnj_variants_read_as_the_same_word() -> None:
    assert keys_of("كارمندان") == keys_of("کارمندان")
    assert keys_of("بي ادبي") == keys_of("بی ادبی")
    assert lemma("پولهایم") == lemma("پول‌هایم") == lemma("پولم") == "fa:پول"


def test_an_inflected_form_matches_its_lemma_rule(small: Triage) -> None:
    suggestion = small.suggest("پولم رو پس نمیدن", "other", "fa")
    assert suggestion.category == "billing"
    assert suggestion.category_evidence == ("پولم", "پس نمیدن")


def test_a_phrase_rule_matches_words_written_together_or_apart(small: Triage) -> None:
    for text in ("خیلی بی‌ادب بود", "خیلی بی ادب بود", "خيلي بي‌ادب بود"):
        assert small.suggest(text, "other", "fa").priority == Priority.URGENT, text


def test_a_negative_rule_does_not_match_the_positive_verb(small: Triage) -> None:
    assert small.read("سفارشم نرسیده", "fa").score("billing") == 2
    assert small.read("سفارشم رسیده", "fa").score("billing") == 0


def test_finglish_is_matched_across_spellings(small: Triage) -> None:
    for text in ("kheili gerune", "kheyli geroon", "khaili gerooone"):
        assert small.suggest(text, "other", "fa").category == "billing", text


def test_finglish_weighs_half_for_an_english_speaker(small: Triage) -> None:
    assert small.read("kheili gerun", "fa").score("billing") == 3
    assert small.read("kheili gerun", "en").score("billing") == 1.5


def test_other_gets_a_category_with_the_words_that_matched() -> None:
    suggestion = TRIAGE.suggest("سه هفته است منتظرم و هنوز سفارشم نرسیده", "other", "fa")
    assert suggestion.category == "delay"
    assert set(suggestion.category_evidence) >= {"هنوز"}
    assert set(suggestion.category_evidence) <= set(suggestion.evidence)


def test_a_contradicting_pick_gets_a_suggestion() -> None:
    suggestion = TRIAGE.suggest("The agent was extremely rude and hung up on me", "delay", "en")
    assert suggestion.category == "staff"
    assert suggestion.category_evidence == ("agent", "rude", "hung up")


def test_a_consistent_pick_gets_no_category() -> None:
    suggestion = TRIAGE.suggest("The agent was extremely rude and hung up on me", "staff", "en")
    assert suggestion.category is None
    assert suggestion == Suggestion(None, None, ())
    assert suggestion.empty


def test_a_weak_contradiction_leaves_the_pick_alone() -> None:
    # "late" points to delay, "charged" to billing; the pick wins unless beaten by the margin.
    reading = TRIAGE.read("I was charged a late fee", "en")
    assert reading.score("billing") > 0
    assert TRIAGE.suggest("I was charged a late fee", "billing", "en").category is None


def test_words_that_point_nowhere_suggest_nothing() -> None:
    assert TRIAGE.suggest("The music in your lobby is awful", "other", "en").category is None
    assert TRIAGE.suggest("سلام", "other", "fa").empty


@pytest.mark.parametrize(
    ("text", "language", "priority"),
    [
        ("The heater is leaking gas and the flat smells of it", "en", Priority.URGENT),
        ("my son got an electric shock from the charger", "en", Priority.URGENT),
        ("This is fraud, I will see you in court", "en", Priority.HIGH),
        ("بخاری نشت گاز داره و بوی گاز میاد", "fa", Priority.URGENT),
        ("بچه‌ام مسموم شد و بیمارستان بستری است", "fa", Priority.URGENT),
        ("اگر پولم برنگرده از طریق دادگاه شکایت می‌کنم", "fa", Priority.HIGH),
        ("این کلاهبرداریه", "fa", Priority.HIGH),
        ("in kolahbardarie, be vakilam migam", "fa", Priority.HIGH),
        ("The delivery was a day late", "en", None),
        ("تحویل یک روز دیر شد", "fa", None),
    ],
)
def test_priority_raise_words(text: str, language: str, priority: Priority | None) -> None:
    suggestion = TRIAGE.suggest(text, "other", language)
    assert suggestion.priority == priority
    if priority:
        assert suggestion.priority_evidence
        assert set(suggestion.priority_evidence) <= set(suggestion.evidence)


def test_a_child_alone_raises_to_high_and_with_harm_to_urgent() -> None:
    assert TRIAGE.suggest("my child was there", "other", "en").priority == Priority.HIGH
    assert TRIAGE.suggest("بچه‌ام اونجا بود", "other", "fa").priority == Priority.HIGH
    assert TRIAGE.suggest("بچه‌ام مسموم شد", "other", "fa").priority == Priority.URGENT


def test_priority_is_only_suggested_above_the_current_one() -> None:
    text = "Fraud: you took money from my account, my lawyer will call"
    assert TRIAGE.suggest(text, "billing", "en").priority == Priority.HIGH
    assert TRIAGE.suggest(text, "billing", "en", Priority.HIGH).priority is None
    assert TRIAGE.suggest(text, "billing", "en", Priority.URGENT).priority is None


def test_evidence_lists_words_as_written_in_text_order_once() -> None:
    text = "كارمند شعبه بي‌ادبي كرد و منو تهديد كرد، بچه‌ام ترسید"
    suggestion = TRIAGE.suggest(text, "other", "fa")
    assert suggestion.category == "staff"
    assert suggestion.priority == Priority.URGENT  # a threat and a child
    assert suggestion.category_evidence == ("کارمند", "بی‌ادبی")
    assert suggestion.priority_evidence == ("تهدید", "بچه‌ام")
    assert suggestion.evidence == ("کارمند", "بی‌ادبی", "تهدید", "بچه‌ام")
    assert len(set(suggestion.evidence)) == len(suggestion.evidence)


def test_triage_never_changes_what_it_is_given() -> None:
    text = "پولم رو پس نمیدن"
    before = (text, "other")
    TRIAGE.suggest(text, "other", "fa")
    assert (text, "other") == before

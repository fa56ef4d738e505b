"""The triage rules live in the categories file: checked at start, each problem on one line,
and a file without them still works as before."""

from pathlib import Path

import pytest

from bot.domain.categories import Categories, CategoryError, load_categories

BASE = '[[category]]\nkey = "a"\nfa = "x"\nen = "y"\n'


def load(tmp_path: Path, content: str) -> Categories:
    path = tmp_path / "categories.toml"
    path.write_text(content, encoding="utf-8")
    return load_categories(path)


def test_the_shipped_file_has_rules_for_every_category_but_the_catch_all() -> None:
    categories = load_categories()
    assert categories.triage.catch_all == "other"
    for item in categories.items:
        if item.key == "other":
            assert not item.words
            continue
        assert set(item.words) == {"fa", "en", "fa_latin"}, item.key
        assert all(pairs for pairs in item.words.values()), item.key
    for level in ("urgent", "high"):
        assert set(categories.triage.priority_words[level]) == {"fa", "en", "fa_latin"}


def test_a_file_without_rules_still_loads_with_default_thresholds(tmp_path: Path) -> None:
    categories = load(tmp_path, BASE)
    assert categories.items[0].words == {}
    assert categories.triage.suggest_at == 3
    assert categories.triage.priority_words["urgent"] == {}


def test_words_and_weights_are_read_in_file_order(tmp_path: Path) -> None:
    content = BASE + '[category.words.fa]\n"پول" = 2\n"قبض" = 3.5\n[triage]\nmargin = 1\n'
    categories = load(tmp_path, content)
    assert categories.items[0].words["fa"] == (("پول", 2.0), ("قبض", 3.5))
    assert categories.triage.margin == 1


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('[category.words.de]\n"geld" = 2\n', "use fa, en, fa_latin"),
        ('[category.words.fa]\n"پول" = "a lot"\n', "needs a number"),
        ('[category.words.fa]\n"پول" = 0\n', "weight must be in"),
        ('[category.words.fa]\n"پول" = 11\n', "weight must be in"),
        ('[category.words.fa]\n" " = 1\n', "empty word"),
        ('[triage]\ncatch_all = "nothing"\n', "not a category"),
        ("[triage]\nsuggest_at = -1\n", "must be a number"),
        ("[triage]\nlow = 1\n", "unknown keys"),
        ('[triage.urgent.xx]\n"fire" = 3\n', "use fa, en, fa_latin"),
    ],
)
def test_bad_rules_are_explained(tmp_path: Path, extra: str, problem: str) -> None:
    with pytest.raises(CategoryError, match=problem):
        load(tmp_path, BASE + extra)


def test_words_that_are_not_a_table_are_explained(tmp_path: Path) -> None:
    with pytest.raises(CategoryError, match="must be a table"):
        load(tmp_path, BASE.replace('en = "y"', 'en = "y"\nwords = 3'))

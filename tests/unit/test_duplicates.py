"""A new complaint that repeats one its complainant filed in the last 14 days is recognised by
its words (either language, any inflection) or by the same reference number; a different
complaint, an old one or a weak likeness is not."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.duplicates import (
    Earlier,
    PossibleDuplicate,
    content_words,
    find_duplicate,
    likeness,
    same_reference,
)

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)


def earlier(code: str, text: str, days_ago: float = 3, reference: str | None = None) -> Earlier:
    return Earlier(code, text, reference, NOW - timedelta(days=days_ago))


def check(text: str, *items: Earlier, reference: str | None = None) -> PossibleDuplicate | None:
    return find_duplicate(content_words(text), reference, NOW, items)


def test_content_words_are_lemmas_without_stop_words() -> None:
    # «پس» and «هنوز» are in hazm's stop words; «رو» and «و» too
    assert content_words("پولم رو پس نمیدن و هنوز منتظرم") == {
        "fa:پول",
        "fa:داد#ده",
        "fa:منتظر",
    }
    assert content_words("I am still waiting for the refunds") == {"en:wait", "en:refund"}
    assert content_words("كارمندان") == content_words("کارمندان") == {"fa:کارمند"}


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (
            "پولم رو پس نمیدن، دو ماهه منتظر برگشت پولم هستم",
            "هنوز پولمو پس ندادن، دو ماهه منتظرم",
        ),
        (
            "يخچالي كه خريدم خراب است و صداي بلند ميده",
            "یخچالی که از شما خریدم خرابه و صدای بلند میده، لطفا رسیدگی کنید",
        ),
        (
            "My order has not arrived after two weeks of waiting",
            "Order still not arrived, two weeks waiting now, please check my order",
        ),
        (
            "The technician who installed my heater was rude and shouted at me",
            "Your heater technician shouted at me and was very rude",
        ),
    ],
)
def test_near_duplicates_are_found(new: str, old: str) -> None:
    found = check(new, earlier("111122223333", old))
    assert found is not None
    assert found.code == "111122223333"
    assert found.reason == "words"
    assert 0.6 <= found.score <= 1
    assert len(found.shared) >= 3


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("سفارشم رو ثبت کردم ولی کالا شکسته رسید", "سه هفته است سفارشم رو ثبت کردم و هنوز نرسیده"),
        (
            "کارمند شعبه تهران با من بد برخورد کرد",
            "فاکتور شعبه تهران اشتباه بود و دو بار پول گرفتند",
        ),
        ("My order arrived broken", "My order has not arrived yet"),
        (
            "The cashier at the Tehran branch was rude to me",
            "The invoice at the Tehran branch was wrong, the cashier charged me twice",
        ),
    ],
)
def test_different_complaints_are_not_marked(new: str, old: str) -> None:
    assert check(new, earlier("111122223333", old)) is None


def test_only_the_last_14_days_count() -> None:
    old = "پولم رو پس نمیدن، دو ماهه منتظر برگشت پولم هستم"
    new = "هنوز پولمو پس ندادن، دو ماهه منتظرم"
    assert check(new, earlier("1", old, days_ago=13.9)) is not None
    assert check(new, earlier("1", old, days_ago=14.1)) is None
    assert check(new, earlier("1", old, days_ago=-1)) is None  # filed after the new one


def test_the_same_reference_is_enough_in_any_digits_case_and_separators() -> None:
    found = check(
        "Where is my parcel?",
        earlier("2", "Broken lamp", reference="INV-1234"),
        reference="inv ۱۲۳۴",
    )
    assert found == PossibleDuplicate("2", "reference", 1.0)
    assert same_reference("٥٥-٦٦", "5566")
    assert not same_reference("1234", "12345")
    assert not same_reference("--", "  ")
    assert not same_reference(None, "1234")


def test_the_best_candidate_wins_and_a_reference_beats_words() -> None:
    text = "My order has not arrived after two weeks of waiting"
    close = earlier("close", "Order not arrived after two weeks of waiting", days_ago=5)
    loose = earlier("loose", "Order still not arrived, two weeks waiting, check my order", 2)
    by_ref = earlier("ref", "Something else entirely", days_ago=10, reference="A-77")
    assert check(text, loose, close).code == "close"
    assert check(text, loose, close, by_ref, reference="a77").code == "ref"


def test_equal_likeness_prefers_the_most_recent() -> None:
    text = "My order has not arrived after two weeks of waiting"
    same = "Order not arrived after two weeks of waiting"
    found = check(text, earlier("older", same, days_ago=9), earlier("newer", same, days_ago=1))
    assert found is not None and found.code == "newer"


def test_likeness_needs_three_shared_words() -> None:
    two = frozenset({"en:order", "en:arriv"})
    assert likeness(two, two) == 0
    three = two | {"en:week"}
    assert likeness(three, three) == 1
    assert likeness(three, three | {"en:wait", "en:check", "en:now"}) == pytest.approx(0.75)

"""Long texts are split into parts Telegram accepts, at sensible places, saying the same."""

from html import escape

import pytest

from bot.messages.long_text import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    fit_call,
    shorten,
    split_text,
    visible_length,
)
from tests.fakes.telegram_objects import parse_html, utf16_len

PERSIAN_WORDS = "شکایت من درباره بسته‌ای است که دو هفته دیر رسید و آسیب دیده بود".split()


def shown(parts: list[str]) -> list[str]:
    """What Telegram shows of each part, checking that each parses."""
    return [parse_html(part)[0] for part in parts]


def words(text: str) -> list[str]:
    return text.split()


def test_a_short_text_is_left_alone() -> None:
    assert split_text("<b>hi</b> &amp; bye") == ["<b>hi</b> &amp; bye"]
    assert visible_length("<b>hi</b> &amp; bye") == 8


def test_english_lines_are_split_at_line_breaks_within_the_limit() -> None:
    line = "The parcel arrived two weeks late & damaged, <ok>."
    text = "\n".join(escape(f"{n}: {line}") for n in range(300))
    parts = split_text(text, 1000)
    assert len(parts) > 1
    seen = shown(parts)
    assert all(utf16_len(part) <= 1000 for part in seen)
    assert all(part.endswith("&lt;ok&gt;.") for part in parts[:-1])
    assert "\n".join(seen) == parse_html(text)[0]


def test_persian_words_are_never_cut() -> None:
    text = " ".join(PERSIAN_WORDS * 200)
    parts = split_text(text, 500)
    assert all(visible_length(part) <= 500 for part in parts)
    assert [w for part in parts for w in words(part)] == words(text)


def test_open_tags_are_closed_and_reopened_at_a_cut() -> None:
    body = " ".join(["<i>word</i>", "<code>x &lt; y</code>"] * 400)
    text = f'<b>Title</b>\n<a href="https://example.com/?a=1&amp;b=2">{body}</a>'
    parts = split_text(text, 700)
    assert len(parts) > 2
    for part, seen in zip(parts, shown(parts), strict=True):
        assert utf16_len(seen) <= 700
        entities = parse_html(part)[1]
        assert any(e["type"] == "text_link" for e in entities)
    assert " ".join(words(" ".join(shown(parts)))) == " ".join(words(parse_html(text)[0]))


def test_a_word_longer_than_the_limit_is_cut_hard() -> None:
    text = "intro " + "ب" * 2500 + " outro"
    parts = split_text(text, 1000)
    assert all(visible_length(part) <= 1000 for part in parts)
    assert "".join(shown(parts)).replace(" ", "") == text.replace(" ", "")


def test_entities_and_astral_characters_count_as_telegram_counts() -> None:
    text = "&amp;" * 900 + "😀" * 200
    assert visible_length(text) == 900 + 400
    parts = split_text(text, 1000)
    assert all(utf16_len(seen) <= 1000 for seen in shown(parts))
    assert "".join(shown(parts)) == "&" * 900 + "😀" * 200


def test_shorten_keeps_one_valid_part_and_marks_the_cut() -> None:
    text = "<b>" + "word " * 2000 + "</b>"
    short = shorten(text, TEXT_LIMIT)
    seen, entities = parse_html(short)
    assert utf16_len(seen) <= TEXT_LIMIT and seen.endswith("…")
    assert entities[0]["type"] == "bold"


def test_a_long_message_keeps_its_keyboard_on_the_last_part() -> None:
    markup = {"inline_keyboard": [[{"text": "ok", "callback_data": "x"}]]}
    data = {"chat_id": 5, "text": "line\n" * 2000, "reply_markup": markup}
    calls = fit_call("sendMessage", data)
    assert len(calls) == 3
    assert [c[1].get("reply_markup") for c in calls] == [None, None, markup]
    assert all(c[0] == "sendMessage" and c[1]["chat_id"] == 5 for c in calls)


@pytest.mark.parametrize("method", ["sendPhoto", "sendDocument"])
def test_a_long_caption_goes_with_the_file_and_continues_as_text(method: str) -> None:
    data = {"chat_id": 5, "photo": "id", "caption": "کلمه " * 1000, "message_thread_id": 9}
    calls = fit_call(method, data)
    assert calls[0][0] == method and visible_length(calls[0][1]["caption"]) <= CAPTION_LIMIT
    assert [c[0] for c in calls[1:]] == ["sendMessage"]
    assert calls[1][1]["message_thread_id"] == 9 and "photo" not in calls[1][1]


def test_an_edit_is_shortened_not_split() -> None:
    calls = fit_call("editMessageText", {"chat_id": 1, "message_id": 2, "text": "a " * 5000})
    assert len(calls) == 1 and visible_length(calls[0][1]["text"]) <= TEXT_LIMIT

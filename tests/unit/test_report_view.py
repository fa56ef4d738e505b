"""The report's text: Persian digits and Jalali dates for Persian readers, assignees' names
for supervisors only, and a chart album that survives being kept in the outbox as JSON."""

from dataclasses import replace

import orjson
from aiogram.methods import SendMediaGroup
from aiogram.types import BufferedInputFile, InputMediaPhoto

from bot.domain.categories import load_categories
from bot.messages.i18n import Translator
from bot.messages.report_view import report_text
from bot.messenger.calls import from_data, to_data
from bot.services.reports import Assignee, Figures
from tests.unit.test_report_charts import sample

TRANSLATOR = Translator()
CATEGORIES = load_categories()
PEOPLE = [Assignee(501, "Reza <b>", 3, 4.5, 2), Assignee(502, "Ali", 1, 2.0, 1)]


def figures_with_people() -> Figures:
    return replace(sample(), top_closers=PEOPLE, top_scored=PEOPLE)


def test_supervisors_see_names_escaped() -> None:
    text = report_text(figures_with_people(), TRANSLATOR.bind("en"), CATEGORIES, full=True)
    assert "Reza &lt;b&gt; (3)" in text and "Ali (1)" in text
    assert "Reza &lt;b&gt; (4.5)" in text


def test_staff_see_agents_by_rank_and_no_names() -> None:
    i18n = TRANSLATOR.bind("fa")
    text = report_text(figures_with_people(), i18n, CATEGORIES, full=False)
    assert "Reza" not in text and "Ali" not in text
    assert f"{i18n('report-agent', number=1)} (۳)" in text
    assert i18n("report-title-team") in text


def test_persian_digits_and_jalali_dates() -> None:
    i18n = TRANSLATOR.bind("fa")
    text = report_text(sample(), i18n, CATEGORIES, full=True)
    text = text.replace("\u2068", "").replace("\u2069", "")  # Fluent's isolates
    assert "از ۱۴۰۵/۰۸/۳۰ تا ۱۴۰۵/۰۹/۰۶" in text
    assert "شکایت‌های تازه: ۵" in text
    assert "۲۳٫۵ ساعت" in text  # the median time to resolution
    assert not any(ch.isascii() and ch.isdigit() for ch in text)


def test_an_album_of_charts_survives_the_outbox_as_json() -> None:
    album = SendMediaGroup(
        chat_id=9001,
        media=[
            InputMediaPhoto(media=BufferedInputFile(b"\x89PNG one", "a.png"), caption="يك"),
            InputMediaPhoto(media=BufferedInputFile(b"\x89PNG two", "b.png")),
        ],
    )
    method, payload = to_data(album)
    stored = orjson.loads(orjson.dumps(payload))  # as the outbox row keeps it
    rebuilt = from_data(method, stored)
    assert isinstance(rebuilt, SendMediaGroup)
    files = [item.media for item in rebuilt.media]
    assert all(isinstance(f, BufferedInputFile) for f in files)
    assert [(f.data, f.filename) for f in files] == [  # type: ignore[union-attr]
        (b"\x89PNG one", "a.png"),
        (b"\x89PNG two", "b.png"),
    ]
    assert rebuilt.media[0].caption == "يك"
    assert to_data(rebuilt) == (method, payload)

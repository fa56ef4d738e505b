"""The charts are PNG images, Persian on them is shaped (joined letters, right to left) with
no glyph missing, and the axes carry Persian digits for a Persian reader."""

import io
import struct
import subprocess
import sys
import warnings
from datetime import date, timedelta

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.domain.categories import load_categories
from bot.domain.report_period import Period
from bot.messages.i18n import Translator
from bot.messages.report_charts import FONT, _digits, render_charts
from bot.messages.report_view import chart_words
from bot.services.reports import Bucket, Durations, Figures

PNG = b"\x89PNG\r\n\x1a\n"
# «شکایت» as Persian readers see it, its letters in their joined forms in visual (left to
# right) order: final teh, initial yeh, final alef, initial keheh, initial sheen.
SHAPED_BY_HAND = "\ufe96\ufbfe\ufe8e\ufb90\ufeb7"
UNSHAPED = "\u0634\u200c\u06a9\u200c\u0627\u200c\u06cc\u200c\u062a"  # the letters kept apart


def ink(text: str) -> np.ndarray:
    """The dark pixels of one line of text, cropped to where there is ink."""
    figure = Figure(figsize=(3, 0.8), dpi=100)
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, text, ha="center", va="center", fontsize=24, fontfamily=FONT)
    figure.canvas.draw()
    pixels = np.asarray(figure.canvas.buffer_rgba())[..., 0] < 128
    rows, cols = np.nonzero(pixels)
    return pixels[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def test_persian_is_shaped_like_the_joined_forms_drawn_by_hand() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning in matplotlib
        word, by_hand, apart = ink("شکایت"), ink(SHAPED_BY_HAND), ink(UNSHAPED)
    # Joined, the word is as wide as the forms drawn by hand (within kerning), and much
    # narrower than its letters drawn apart, as an unshaped run of isolated letters would be.
    assert abs(word.shape[1] - by_hand.shape[1]) <= 0.08 * by_hand.shape[1]
    assert apart.shape[1] > 1.3 * word.shape[1]
    assert word.shape[0] == by_hand.shape[0]


def test_axis_numbers_in_persian_digits() -> None:
    assert _digits("fa")(12.0, 0) == "۱۲"
    assert _digits("en")(12.0, 0) == "12"
    assert _digits("fa")(2.5, 0) == "۲.۵"


def sample() -> Figures:
    period = Period(date(2026, 11, 21), date(2026, 11, 28))
    hours = lambda n: timedelta(hours=n)  # noqa: E731
    return Figures(
        period=period, new=5,
        by_status={"received": 2, "in_progress": 1, "resolved": 1, "withdrawn": 1},
        by_category={"delay": 3, "billing": 2}, by_priority={"normal": 5},
        buckets=[Bucket(period.first + timedelta(days=i), i % 3, i % 2) for i in range(7)],
        first_response=Durations(3, hours(3), hours(5)),
        resolution=Durations(2, hours(23.5), hours(38)),
        past_target=1, reopened=0, settled=1, repeat_complainants=0, surveys_sent=1,
        surveys_answered=1, question_averages={"overall": 4.0}, category_scores={"delay": 4.0},
        top_closers=[], top_scored=[],
    )  # fmt: skip


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG) and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_four_charts_as_png_in_either_language_without_a_missing_glyph() -> None:
    translator, categories = Translator(), load_categories()
    for lang in ("fa", "en"):
        words = chart_words(sample(), translator.bind(lang), categories)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            charts, seconds = render_charts(sample(), words)
        assert [c.filename for c in charts] == ["status.png", "category.png", "flow.png",
                                                 "times.png"]  # fmt: skip
        for chart in charts:
            assert png_size(chart.png) == (800, 450)
            assert io.BytesIO(chart.png).getbuffer().nbytes > 5_000
        assert seconds > 0
    assert words.bucket_labels[0] == "21 Nov"
    persian = chart_words(sample(), translator.bind("fa"), categories)
    assert persian.bucket_labels[0] == "۰۸/۳۰"  # 21 Nov 2026 is 30 Aban 1405


def test_the_running_bot_loads_matplotlib_only_for_its_first_report() -> None:
    """matplotlib and numpy weigh about 40 MB: a bot that is never asked for a report never
    carries them."""
    code = "import sys, bot.app, bot.runner; print('matplotlib' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "False"

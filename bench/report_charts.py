"""How long a report's four charts take to draw (off the event loop, in a thread), per
language, beside a baseline in the same run: one empty matplotlib figure saved as PNG.
The first drawing of a process also loads the font; it is shown apart.

    .venv/bin/python -m bench.report_charts
"""

import io
import statistics
import time

from matplotlib.figure import Figure

from bot.domain.categories import load_categories
from bot.messages.i18n import Translator
from bot.messages.report_charts import render_charts
from bot.messages.report_view import chart_words
from tests.unit.test_report_charts import sample

ROUNDS = 10


def baseline() -> float:
    started = time.perf_counter()
    Figure(figsize=(8, 4.5), dpi=100).savefig(io.BytesIO(), format="png")
    return time.perf_counter() - started


def main() -> None:
    translator, categories, figures = Translator(), load_categories(), sample()
    first = render_charts(figures, chart_words(figures, translator.bind("fa"), categories))[1]
    print(f"first drawing in this process (fa, font loading included): {first:.3f} s")
    base = statistics.median(baseline() for _ in range(ROUNDS))
    print(f"baseline, one empty figure as PNG: {base * 1000:.1f} ms (median of {ROUNDS})")
    for lang in ("fa", "en"):
        words = chart_words(figures, translator.bind(lang), categories)
        times = [render_charts(figures, words)[1] for _ in range(ROUNDS)]
        print(
            f"{lang}: four charts {statistics.median(times) * 1000:.0f} ms median, "
            f"{max(times) * 1000:.0f} ms worst of {ROUNDS}"
        )


if __name__ == "__main__":
    main()

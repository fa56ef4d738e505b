"""A report's charts as PNG images, in the reader's language and digits.

matplotlib (Agg, no pyplot, so it is safe off the event loop's thread) shapes and orders
Persian itself since 3.11; DejaVu Sans, shipped with matplotlib, has every Persian glyph. For a
right-to-left reader the value axis stands on the right and the bars grow leftwards."""

import io
import time
from collections.abc import Sequence
from datetime import timedelta

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.domain.digits import localize_digits
from bot.messages.chart_words import Chart, ChartWords
from bot.services.reports import Durations, Figures

FONT = "DejaVu Sans"
SIZE = (8.0, 4.5)
DPI = 100
NEW_COLOUR, CLOSED_COLOUR = "#3b7dd8", "#3aa57a"
MEDIAN_COLOUR, P90_COLOUR = "#6c8ebf", "#d9822b"


def render_charts(figures: Figures, words: ChartWords) -> tuple[list[Chart], float]:
    """The four charts, and how many seconds drawing them took."""
    started = time.perf_counter()
    charts = [
        _counts("status", words.status_title, figures.by_status, words.statuses, words),
        _counts("category", words.category_title, figures.by_category, words.categories, words),
        _flow(figures, words),
        _times(figures.first_response, figures.resolution, words),
    ]
    return charts, time.perf_counter() - started


def _digits(lang: str) -> FuncFormatter:
    """Axis numbers in the reader's digits, whole numbers without a decimal point."""

    def show(value: float, _position: int | None = None) -> str:
        text = f"{value:g}" if value != int(value) else str(int(value))
        return localize_digits(text, lang)

    return FuncFormatter(show)


def _new_axes(words: ChartWords, title: str) -> tuple[Figure, Axes]:
    figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    axes = figure.subplots()
    axes.set_title(title, fontfamily=FONT, fontsize=14)
    if words.lang == "fa":
        axes.yaxis.tick_right()
        axes.yaxis.set_label_position("right")
    return figure, axes


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _counts(
    name: str, title: str, counts: dict[str, int], labels: dict[str, str], words: ChartWords
) -> Chart:
    """Horizontal bars, largest first at the top."""
    figure, axes = _new_axes(words, title)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    names = [labels.get(key, key) for key, _ in ordered][::-1]
    values = [value for _, value in ordered][::-1]
    bars = axes.barh(names, values, color=NEW_COLOUR)
    shown = [localize_digits(str(v), words.lang) for v in values]
    axes.bar_label(bars, labels=shown, label_type="center", color="white", fontsize=12)
    if words.lang == "fa":
        axes.invert_xaxis()
    _number_axis(axes.xaxis, words.lang)
    _no_data(axes, not values)
    return Chart(f"{name}.png", title, _png(figure))


def _flow(figures: Figures, words: ChartWords) -> Chart:
    """New and closed side by side for each day or week."""
    figure, axes = _new_axes(words, words.flow_title)
    positions = list(range(len(figures.buckets)))
    width = 0.4
    axes.bar(
        [p - width / 2 for p in positions],
        [b.new for b in figures.buckets],
        width,
        label=words.new,
        color=NEW_COLOUR,
    )
    axes.bar(
        [p + width / 2 for p in positions],
        [b.closed for b in figures.buckets],
        width,
        label=words.closed,
        color=CLOSED_COLOUR,
    )
    _category_ticks(axes, positions, words.bucket_labels)
    _number_axis(axes.yaxis, words.lang)
    _reading_order(axes, words)
    return Chart("flow.png", words.flow_title, _png(figure))


def _times(first: Durations, resolution: Durations, words: ChartWords) -> Chart:
    """Median and 90th percentile, in hours, of the two times."""
    figure, axes = _new_axes(words, words.times_title)
    positions, width = [0, 1], 0.35

    medians = [_in_hours(first.median), _in_hours(resolution.median)]
    p90s = [_in_hours(first.p90), _in_hours(resolution.p90)]
    for offset, values, label, colour in (
        (-width / 2, medians, words.median, MEDIAN_COLOUR),
        (width / 2, p90s, words.p90, P90_COLOUR),
    ):
        bars = axes.bar([p + offset for p in positions], values, width, label=label, color=colour)
        axes.bar_label(bars, labels=[_hours_label(v, words.lang) for v in values], padding=2)
    _category_ticks(axes, positions, [words.first_response, words.resolution])
    _number_axis(axes.yaxis, words.lang)
    axes.set_ylabel(words.hours)
    axes.margins(y=0.12)  # room for the tallest bar's label
    _reading_order(axes, words)
    return Chart("times.png", words.times_title, _png(figure))


def _reading_order(axes: Axes, words: ChartWords) -> None:
    """Right to left for a Persian reader: the first bar on the right, and in the legend
    below the chart the first entry on the right, each swatch after its words."""
    rtl = words.lang == "fa"
    if rtl:
        axes.invert_xaxis()
    handles, labels = axes.get_legend_handles_labels()
    if rtl:
        handles, labels = handles[::-1], labels[::-1]
    figure = axes.get_figure()
    assert isinstance(figure, Figure)
    figure.legend(handles, labels, loc="outside lower center", ncols=2, markerfirst=not rtl)


def _in_hours(value: timedelta | None) -> float:
    return value.total_seconds() / 3600 if value is not None else 0.0


def _hours_label(value: float, lang: str) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return localize_digits(text.replace(".", "٫") if lang == "fa" else text, lang)


def _category_ticks(axes: Axes, positions: list[int], labels: Sequence[str]) -> None:
    axes.set_xticks(positions, labels=list(labels))
    crowded = len(labels) > 8
    for label in axes.get_xticklabels():
        label.set_rotation(45 if crowded else 0)
        label.set_horizontalalignment("right" if crowded else "center")


def _number_axis(axis: Axis, lang: str) -> None:
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(_digits(lang))


def _no_data(axes: Axes, empty: bool) -> None:
    if empty:
        axes.set_yticks([])

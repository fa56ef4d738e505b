"""A report's figures as one message and as the words its charts write, in the reader's language.

Staff who are not supervisors get the team report: the assignees are "agent 1, 2…" in the
order of the ranking, never their names."""

from datetime import date, timedelta
from html import escape

from bot.domain.categories import Categories
from bot.domain.dates import format_date
from bot.domain.digits import localize_digits
from bot.domain.status import Status
from bot.messages.chart_words import ChartWords
from bot.messages.i18n import I18n
from bot.services.reports import QUESTIONS, Assignee, Durations, Figures

PRIORITY_ORDER = ("urgent", "high", "normal", "low")


def report_text(figures: Figures, i18n: I18n, categories: Categories, full: bool) -> str:
    """The whole report as one HTML message."""
    period = figures.period
    questions = {i18n(f"report-question-{q}"): figures.question_averages.get(q) for q in QUESTIONS}
    category_scores = {
        categories.label(key, i18n.lang): value for key, value in figures.category_scores.items()
    }
    statuses = _counts(figures.by_status, _status_labels(i18n), i18n)
    kinds = _counts(figures.by_category, _category_labels(figures, categories, i18n), i18n)
    priorities = _counts(figures.by_priority, _priority_labels(i18n), i18n)
    surveys = _share(figures.surveys_answered, figures.surveys_sent, i18n)
    lines = [
        i18n("report-title-full" if full else "report-title-team"),
        i18n("report-period", first=_day(period.first, i18n), last=_day(period.last, i18n)),
        "",
        i18n("report-new", count=figures.new),
        i18n("report-by-status", list=statuses),
        i18n("report-by-category", list=kinds),
        i18n("report-by-priority", list=priorities),
        "",
        *_times(figures, i18n),
        i18n("report-past-target", **_share(figures.past_target, figures.new, i18n)),
        i18n("report-reopened", **_share(figures.reopened, figures.settled, i18n)),
        i18n("report-repeat", count=figures.repeat_complainants),
        "",
        i18n("report-surveys", answered=surveys["count"], sent=surveys["total"],
             percent=surveys["percent"]),
        i18n("report-scores", list=_scores(questions, i18n)),
        i18n("report-category-scores", list=_scores(category_scores, i18n)),
        i18n("report-top-closed", list=_people(figures.top_closers, full, i18n, closed=True)),
        i18n("report-top-scored", list=_people(figures.top_scored, full, i18n, closed=False)),
    ]  # fmt: skip
    return "\n".join(lines)


def chart_words(figures: Figures, i18n: I18n, categories: Categories) -> ChartWords:
    """What the charts write, in the reader's language, digits and calendar."""
    return ChartWords(
        lang=i18n.lang,
        status_title=i18n("report-chart-status"),
        statuses=_status_labels(i18n),
        category_title=i18n("report-chart-category"),
        categories=_category_labels(figures, categories, i18n),
        flow_title=i18n("report-chart-flow"),
        new=i18n("report-chart-new"),
        closed=i18n("report-chart-closed"),
        bucket_labels=[_short_day(b.first, i18n) for b in figures.buckets],
        times_title=i18n("report-chart-times"),
        first_response=i18n("report-chart-first-response"),
        resolution=i18n("report-chart-resolution"),
        median=i18n("report-chart-median"),
        p90=i18n("report-chart-p90"),
        hours=i18n("report-chart-hours"),
    )


def _day(day: date, i18n: I18n) -> str:
    return format_date(day, i18n.lang)


def _short_day(day: date, i18n: I18n) -> str:
    """A bar's date (a week's first day) without the year: Jalali month/day in Persian."""
    full = format_date(day, i18n.lang)
    if i18n.lang == "fa":
        return full.split("/", 1)[1]  # ۱۴۰۵/۰۹/۰۱ → ۰۹/۰۱
    return full.rsplit(" ", 1)[0]  # 22 Nov 2026 → 22 Nov


def _status_labels(i18n: I18n) -> dict[str, str]:
    return {s.value: i18n(f"report-status-{s.value.replace('_', '-')}") for s in Status}


def _priority_labels(i18n: I18n) -> dict[str, str]:
    return {k: i18n(f"priority-{k}") for k in PRIORITY_ORDER}


def _category_labels(figures: Figures, categories: Categories, i18n: I18n) -> dict[str, str]:
    return {key: categories.label(key, i18n.lang) for key in figures.by_category}


def _separator(i18n: I18n) -> str:
    return "، " if i18n.lang == "fa" else ", "


def _number(value: float, i18n: I18n, decimals: int = 1) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else str(round(value))
    if i18n.lang == "fa":
        text = text.replace(".", "٫")
    return localize_digits(text, i18n.lang)


def _counts(counts: dict[str, int], labels: dict[str, str], i18n: I18n) -> str:
    if not counts:
        return i18n("report-none")
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    parts = [f"{escape(labels.get(k, k))} {_number(v, i18n, 0)}" for k, v in ordered]
    return _separator(i18n).join(parts)


def _percent(part: int, whole: int, i18n: I18n) -> str:
    return _number(100 * part / whole if whole else 0.0, i18n, 0)


def _share(part: int, whole: int, i18n: I18n) -> dict[str, object]:
    return {"count": part, "total": whole, "percent": _percent(part, whole, i18n)}


def _hours(value: timedelta | None, i18n: I18n) -> str:
    if value is None:
        return i18n("report-none")
    return i18n("report-hours", hours=_number(value.total_seconds() / 3600, i18n))


def _times(figures: Figures, i18n: I18n) -> list[str]:
    lines = []
    for key, found in (
        ("report-first-response", figures.first_response),
        ("report-resolution", figures.resolution),
    ):
        if found.count:
            lines.append(_time_line(key, found, i18n))
    return lines or [i18n("report-no-times")]


def _time_line(key: str, found: Durations, i18n: I18n) -> str:
    return i18n(
        key,
        median=_hours(found.median, i18n),
        p90=_hours(found.p90, i18n),
        count=found.count,
    )


def _scores(scores: dict[str, float | None], i18n: I18n) -> str:
    parts = [f"{escape(k)} {_number(v, i18n)}" for k, v in scores.items() if v is not None]
    return _separator(i18n).join(parts) if parts else i18n("report-none")


def _people(rows: list[Assignee], full: bool, i18n: I18n, *, closed: bool) -> str:
    """Names for supervisors; "agent 1, 2…" by rank for the team report."""
    if not rows:
        return i18n("report-none")
    parts = []
    for rank, row in enumerate(rows, start=1):
        who = escape(row.name or str(row.user_id)) if full else i18n("report-agent", number=rank)
        value = _number(row.closed, i18n, 0) if closed else _number(row.average or 0.0, i18n)
        parts.append(f"{who} ({value})")
    return _separator(i18n).join(parts)

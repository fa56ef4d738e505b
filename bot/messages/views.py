"""Texts built from several locale keys: the status card, the history, the intake summary."""

from datetime import date
from html import escape
from zoneinfo import ZoneInfo

from bot.domain.categories import Categories
from bot.domain.dates import format_date, format_datetime
from bot.domain.events import EventKind
from bot.domain.phone import display_phone
from bot.domain.status import Status
from bot.domain.text_clean import trim
from bot.domain.tracking_code import format_code
from bot.messages.i18n import I18n
from storage.models import Complaint, ComplaintEvent

DESCRIPTION_IN_SUMMARY = 1500
HISTORY_LINES = 15


def status_name(i18n: I18n, status: str) -> str:
    """A status in words."""
    return i18n(f"status-name-{status.replace('_', '-')}")


def code_text(code: str) -> str:
    """A tracking code as copyable monospace."""
    return f"<code>{format_code(code)}</code>"


def history_lines(i18n: I18n, events: list[ComplaintEvent], zone: ZoneInfo) -> str:
    """The dated stages of a complaint, one line each, newest last."""
    lines = []
    for event in events[-HISTORY_LINES:]:
        when = format_datetime(event.at, i18n.lang, zone)
        if event.kind == EventKind.STATUS_CHANGED:
            what = status_name(i18n, event.new_status or "")
        else:
            what = i18n(f"history-{event.kind.replace('_', '-')}")
        lines.append(i18n("history-line", when=when, what=what))
    return "\n".join(lines)


def next_expected(i18n: I18n, complaint: Complaint, zone: ZoneInfo) -> str:
    """What the complainant can expect next, and by when where that is known."""
    status = Status(complaint.status)
    if status in (Status.RECEIVED, Status.REOPENED) and complaint.first_response_due:
        due = format_datetime(complaint.first_response_due, i18n.lang, zone)
        return i18n("card-next-first-response", due=due)
    if status in (Status.IN_PROGRESS,):
        return i18n("card-next-in-progress")
    if status is Status.WAITING:
        return i18n("card-next-waiting")
    return i18n("card-next-finished")


def owner_card(
    i18n: I18n,
    complaint: Complaint,
    history: list[ComplaintEvent],
    categories: Categories,
    zone: ZoneInfo,
) -> str:
    """Everything a complainant may see of their own complaint."""
    return i18n(
        "card-owner",
        code=code_text(complaint.tracking_code),
        category=escape(categories.label(complaint.category, i18n.lang)),
        filed=format_datetime(complaint.created_at, i18n.lang, zone),
        status=status_name(i18n, complaint.status),
        next=next_expected(i18n, complaint, zone),
        history=history_lines(i18n, history, zone),
    )


def optional(i18n: I18n, value: str | None) -> str:
    """A user's answer, escaped, or "not given"."""
    return escape(value) if value else i18n("summary-not-given")


def summary(i18n: I18n, data: dict[str, object], categories: Categories) -> str:
    """The intake summary the complainant confirms."""
    occurred = data.get("occurred_on")
    remedy = str(data.get("remedy") or "none")
    remedy_text = i18n(f"remedy-{remedy}")
    if remedy == "other" and data.get("remedy_text"):
        remedy_text = f"{remedy_text}: {escape(str(data['remedy_text']))}"
    phone = data.get("phone")
    attachments = data.get("attachments") or []
    assert isinstance(attachments, list)
    return i18n(
        "intake-summary",
        category=escape(categories.label(str(data.get("category")), i18n.lang)),
        description=optional(
            i18n, trim(str(data.get("description") or ""), DESCRIPTION_IN_SUMMARY)
        ),
        attachments=len(attachments),
        occurred=(
            format_date(date.fromisoformat(str(occurred)), i18n.lang)
            if occurred
            else i18n("summary-not-given")
        ),
        location=optional(i18n, data.get("location")),  # type: ignore[arg-type]
        remedy=remedy_text,
        name=optional(i18n, data.get("name")),  # type: ignore[arg-type]
        phone=f"<code>{display_phone(str(phone))}</code>" if phone else i18n("summary-not-given"),
    )

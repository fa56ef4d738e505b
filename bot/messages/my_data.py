"""A complainant's copy of their data: a JSON file for machines, a text file for people.

Both show what the complainant may see of each complaint (the history lines the status card
shows, with what was written in them), never internal notes, and staff names only where the
organisation signs messages with them (SHOW_STAFF_NAMES)."""

from datetime import datetime
from typing import Any

from bot.domain.categories import Categories
from bot.domain.dates import format_date, format_datetime
from bot.domain.events import EventKind
from bot.domain.tracking_code import format_code
from bot.messages.i18n import I18n
from bot.messages.views import status_name
from bot.services.privacy import ComplaintRecord, MyData
from bot.settings import Settings
from storage.json_codec import dumps_bytes
from storage.models import ComplaintEvent

SCORES = ("overall", "timeliness", "informed", "fairness")


def as_json(data: MyData, categories: Categories, settings: Settings) -> bytes:
    """The whole record as UTF-8 JSON, keys in English, dates in ISO 8601 (UTC)."""
    person = data.complainant
    record = {
        "generated_at": _iso(data.at),
        "organisation": settings.organisation_name,
        "profile": {
            "telegram_user_id": person.telegram_user_id,
            "name": person.name,
            "phone": person.phone,
            "language": person.language,
            "first_contact": _iso(person.created_at),
            "unreachable_since": _iso(person.blocked_at),
        },
        "complaints": [_complaint(r, categories, settings) for r in data.complaints],
        "status_lookups": [
            {"at": _iso(lookup.at), "code": lookup.code, "found": lookup.succeeded}
            for lookup in data.lookups
        ],
    }
    return dumps_bytes(record)


def _complaint(
    record: ComplaintRecord, categories: Categories, settings: Settings
) -> dict[str, Any]:
    c = record.complaint
    survey = record.survey
    return {
        "tracking_code": format_code(c.tracking_code),
        "category": categories.label(c.category, c.language),
        "status": c.status,
        "filed_at": _iso(c.created_at),
        "last_change_at": _iso(c.updated_at),
        "description": c.description,
        "occurred_on": c.occurred_on.isoformat() if c.occurred_on else None,
        "location": c.location,
        "remedy": c.remedy,
        "remedy_text": c.remedy_text,
        "contact_name": c.contact_name,
        "contact_phone": c.contact_phone,
        "consent_given_at": _iso(c.consent_at),
        "handled_by": c.assignee_name if settings.show_staff_names else None,
        "attachments": [
            {"kind": a.kind, "caption": a.caption, "received_at": _iso(a.created_at)}
            for a in c.attachments
        ],
        "history": [_line(e, settings) for e in record.history],
        "survey": None
        if survey is None
        else {
            "sent_at": _iso(survey.sent_at),
            "answered_at": _iso(survey.completed_at),
            **{q: getattr(survey, q) for q in SCORES},
            "comment": survey.comment,
        },
    }


def _line(event: ComplaintEvent, settings: Settings) -> dict[str, Any]:
    payload = event.payload if isinstance(event.payload, dict) else {}
    line: dict[str, Any] = {"at": _iso(event.at), "what": event.kind, "by": event.actor_kind}
    if event.new_status:
        line["status"] = event.new_status
    if payload.get("text"):
        line["text"] = payload["text"]
    if settings.show_staff_names and payload.get("by"):
        line["staff_name"] = payload["by"]
    return line


def as_text(i18n: I18n, data: MyData, categories: Categories, settings: Settings) -> bytes:
    """The same record to read, in the complainant's language, calendar and digits."""
    person = data.complainant
    lines = [
        i18n("mydata-text-title", at=_when(i18n, settings, data.at)),
        "",
        i18n(
            "mydata-text-profile",
            id=str(person.telegram_user_id),
            name=person.name or i18n("summary-not-given"),
            phone=person.phone or i18n("summary-not-given"),
            since=_when(i18n, settings, person.created_at),
        ),
    ]
    if not data.complaints:
        lines += ["", i18n("mydata-text-no-complaints")]
    for record in data.complaints:
        lines += ["", *_complaint_lines(i18n, record, categories, settings)]
    if data.lookups:
        lines += ["", i18n("mydata-text-lookups", count=len(data.lookups))]
    return ("\n".join(lines) + "\n").encode()


def _complaint_lines(
    i18n: I18n, record: ComplaintRecord, categories: Categories, settings: Settings
) -> list[str]:
    c = record.complaint
    missing = i18n("summary-not-given")
    remedy = i18n(f"remedy-{c.remedy}")
    lines = [
        i18n(
            "mydata-text-complaint",
            code=format_code(c.tracking_code),
            category=categories.label(c.category, i18n.lang),
            status=status_name(i18n, c.status),
            filed=_when(i18n, settings, c.created_at),
            occurred=format_date(c.occurred_on, i18n.lang) if c.occurred_on else missing,
            location=c.location or missing,
            remedy=f"{remedy}: {c.remedy_text}" if c.remedy_text else remedy,
            name=c.contact_name or missing,
            phone=c.contact_phone or missing,
        ),
        c.description or missing,
    ]
    if settings.show_staff_names and c.assignee_name:
        lines.append(i18n("mydata-text-handled-by", name=c.assignee_name))
    for attachment in c.attachments:
        what = i18n("mydata-file-kind", kind=attachment.kind.replace("_", "-"))
        caption = f" — {attachment.caption}" if attachment.caption else ""
        lines.append(
            i18n("history-line", when=_when(i18n, settings, attachment.created_at), what=what)
            + caption
        )
    lines.append(i18n("mydata-text-history"))
    for event in record.history:
        lines.append(_history_line(i18n, event, settings))
    survey = record.survey
    if survey is not None and survey.completed_at is not None:
        scores = {q: str(getattr(survey, q) or "—") for q in SCORES}
        lines.append(i18n("mydata-text-survey", **scores))
        if survey.comment:
            lines.append(survey.comment)
    return lines


def _history_line(i18n: I18n, event: ComplaintEvent, settings: Settings) -> str:
    """One dated line of history, with what was written in it."""
    if event.kind == EventKind.STATUS_CHANGED:
        what = status_name(i18n, event.new_status or "")
    else:
        what = i18n(f"history-{event.kind.replace('_', '-')}")
    payload = event.payload if isinstance(event.payload, dict) else {}
    if settings.show_staff_names and payload.get("by"):
        what = f"{what} ({payload['by']})"
    line = i18n("history-line", when=_when(i18n, settings, event.at), what=what)
    return f"{line}: {payload['text']}" if payload.get("text") else line


def _when(i18n: I18n, settings: Settings, moment: datetime) -> str:
    return format_datetime(moment, i18n.lang, settings.zone)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None

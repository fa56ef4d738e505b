"""Complaints filed in a date range as flat rows, one per complaint: every field and time
measure, phones only on request (and then on each complaint's record). `dadres export`
writes them as CSV, XLSX or JSON; a /report command can reuse the same rows."""

import csv
import io
import re
from collections.abc import Collection, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import orjson
from persiantools.jdatetime import JalaliDate

from bot.domain.clock import Clock
from bot.domain.digits import to_ascii_digits
from bot.domain.events import Actor, EventKind
from bot.services.complaint_fields import told
from bot.services.unit_of_work import UnitOfWork
from storage.models import Complaint, ComplaintEvent, Survey

FORMATS = ("csv", "xlsx", "json")
JALALI_YEARS = range(1300, 1500)
_DAY = re.compile(r"\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*")

COLUMNS = (
    "tracking_code",
    "filed_at",
    "filed_jalali",
    "category",
    "status",
    "priority",
    "language",
    "assignee",
    "description",
    "occurred_on",
    "location",
    "remedy",
    "remedy_text",
    "contact_name",
    "attachments",
    "history_events",
    "consent_at",
    "first_response_due",
    "first_responded_at",
    "first_response_hours",
    "first_response_on_time",
    "resolution_due",
    "resolved_at",
    "resolution_hours",
    "resolution_on_time",
    "closed_at",
    "closed_hours",
    "waiting_since",
    "updated_at",
    "survey_overall",
    "survey_timeliness",
    "survey_informed",
    "survey_fairness",
    "survey_comment",
)
PHONE_COLUMN = "contact_phone"
EXPORTED_BY = "dadres export"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class DateError(ValueError):
    """Text that is not a day in either calendar."""


def parse_day(text: str) -> date:
    """A day typed as Jalali (1405/09/17) or Gregorian (2026-12-08), in any digits."""
    found = _DAY.fullmatch(to_ascii_digits(text))
    if found is None:
        raise DateError(f"{text!r} is not a date like 1405/09/17 or 2026-12-08")
    year, month, day = (int(part) for part in found.groups())
    try:
        if year in JALALI_YEARS:
            return JalaliDate(year, month, day).to_gregorian()
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{text!r} is not a day of the calendar") from None


def day_range(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of `first` to the end of `last`, both in the organisation's zone."""
    if last < first:
        raise DateError("--to is before --from")
    start = datetime.combine(first, time(), zone)
    return start, datetime.combine(last + timedelta(days=1), time(), zone)


class Reports(Protocol):
    async def filed_between(self, start: datetime, end: datetime) -> list[Complaint]: ...
    async def histories(
        self, complaint_ids: Collection[int]
    ) -> dict[int, list[ComplaintEvent]]: ...
    async def surveys(self, complaint_ids: Collection[int]) -> dict[int, Survey]: ...


class ExportService:
    def __init__(self, uow: UnitOfWork, reports: Reports, clock: Clock, zone: ZoneInfo) -> None:
        self._uow = uow
        self._reports = reports
        self._clock = clock
        self._zone = zone

    async def rows(
        self, first: date, last: date, *, with_phones: bool = False
    ) -> list[dict[str, Any]]:
        """One row per complaint filed from `first` to `last` (inclusive); with phones, each
        complaint's history records the export (the caller commits)."""
        start, end = day_range(first, last, self._zone)
        complaints = await self._reports.filed_between(start, end)
        ids = [complaint.id for complaint in complaints]
        histories = await self._reports.histories(ids)
        surveys = await self._reports.surveys(ids)
        rows = []
        for complaint in complaints:
            row = self._row(complaint, histories.get(complaint.id, []), surveys.get(complaint.id))
            if with_phones:
                row[PHONE_COLUMN] = complaint.contact_phone
                await self._uow.complaints.log(
                    complaint_id=complaint.id,
                    kind=EventKind.EXPORTED,
                    actor_kind=Actor.SYSTEM,
                    actor_id=None,
                    at=self._clock.now(),
                    payload={"by": EXPORTED_BY, "with_phones": True},
                )
            rows.append(row)
        return rows

    def _row(
        self, complaint: Complaint, history: list[ComplaintEvent], survey: Survey | None
    ) -> dict[str, Any]:
        local = complaint.created_at.astimezone(self._zone)
        row: dict[str, Any] = {
            "tracking_code": complaint.tracking_code,
            "filed_at": self._moment(complaint.created_at),
            "filed_jalali": JalaliDate(local.date()).strftime("%Y/%m/%d"),
            "category": complaint.category,
            "status": complaint.status,
            "priority": complaint.priority,
            "language": complaint.language,
            **told(complaint),
            "attachments": len(complaint.attachments),
            "history_events": len(history),
            "consent_at": self._moment(complaint.consent_at),
            "updated_at": self._moment(complaint.updated_at),
            "waiting_since": self._moment(complaint.waiting_since),
        }
        row |= self._measures(complaint)
        row |= _survey(survey)
        return {column: row.get(column) for column in COLUMNS}

    def _measures(self, complaint: Complaint) -> dict[str, Any]:
        filed = complaint.created_at
        return {
            "first_response_due": self._moment(complaint.first_response_due),
            "first_responded_at": self._moment(complaint.first_responded_at),
            "first_response_hours": _hours(filed, complaint.first_responded_at),
            "first_response_on_time": _on_time(
                complaint.first_responded_at, complaint.first_response_due
            ),
            "resolution_due": self._moment(complaint.resolution_due),
            "resolved_at": self._moment(complaint.resolved_at),
            "resolution_hours": _hours(filed, complaint.resolved_at),
            "resolution_on_time": _on_time(complaint.resolved_at, complaint.resolution_due),
            "closed_at": self._moment(complaint.closed_at),
            "closed_hours": _hours(filed, complaint.closed_at),
        }

    def _moment(self, moment: datetime | None) -> str | None:
        """ISO 8601 in the organisation's zone, to the second."""
        if moment is None:
            return None
        return moment.astimezone(self._zone).replace(microsecond=0).isoformat()


def _hours(start: datetime, end: datetime | None) -> float | None:
    """Calendar hours between two moments, to the hundredth."""
    return None if end is None else round((end - start).total_seconds() / 3600, 2)


def _on_time(done: datetime | None, due: datetime | None) -> bool | None:
    return None if done is None or due is None else done <= due


def _survey(survey: Survey | None) -> dict[str, Any]:
    if survey is None:
        return {}
    return {
        "survey_overall": survey.overall,
        "survey_timeliness": survey.timeliness,
        "survey_informed": survey.informed,
        "survey_fairness": survey.fairness,
        "survey_comment": survey.comment,
    }


def columns_of(rows: Sequence[dict[str, Any]], with_phones: bool) -> list[str]:
    """The header, the phone after the contact's name when asked for."""
    columns = list(COLUMNS)
    if with_phones:
        columns.insert(columns.index("contact_name") + 1, PHONE_COLUMN)
    return columns


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Persian right."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell_text(row.get(k)) for k in columns})
    return buffer.getvalue().encode("utf-8-sig")


def to_json(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """A JSON array of objects, keys in the header's order."""
    ordered = [{k: row.get(k) for k in columns} for row in rows]
    return orjson.dumps(ordered, option=orjson.OPT_INDENT_2)


def to_xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """One sheet, a header row, then one row per complaint."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("complaints")
    sheet.append(list(columns))
    for row in rows:
        cells = []
        for key in columns:
            cell = WriteOnlyCell(sheet, row.get(key))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text starting with "=" stays text, never a formula
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WRITERS = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx}


def _cell_text(value: Any) -> Any:
    """A CSV cell; text a spreadsheet would run as a formula is quoted with an apostrophe."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value

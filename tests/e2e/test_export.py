"""`dadres export`, `stats`, `parked` and `backup` on complaints filed through the running bot;
exports are read back with csv, openpyxl and json and compared with the database."""

import asyncio
import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot import toolbox
from bot.cli import main
from bot.domain.events import EventKind
from bot.services.export import COLUMNS, PHONE_COLUMN, DateError, parse_day
from bot.settings import Settings, load_settings
from storage.models import Complaint
from tests.e2e.conversation import Person
from tests.e2e.test_intake import file_complaint
from tests.e2e.test_staff import Desk, running_desk

FILED_ON = "1405/09/03"  # the harness's clock: 24 November 2026, 14:00 in Tehran
PHONE_DIGITS = "9121234567"


def settings_on(url: str) -> Settings:
    settings, _ = load_settings(_env_file=None, database_url=url)
    return settings


async def filed(desk: Desk) -> dict[str, Complaint]:
    """Two complaints, one answered by staff; returns them as stored, by code."""
    persian = Person(desk.bot, 1201, "fa")
    first = await file_complaint(persian, phone="۰۹۱۲ ۱۲۳ ۴۵۶۷")
    desk.bot.clock.advance(minutes=90)
    await desk.press(first, "staff-button-take")
    await desk.write(first, "سلام، در حال بررسی هستیم.")
    second = await file_complaint(Person(desk.bot, 1202, "en"))
    assert desk.bot.app is not None
    async with desk.bot.app.units() as unit:
        return {code: await unit.complaints.by_code(code) for code in (first, second)}  # type: ignore[misc]


@pytest.fixture
async def desk(sqlite_url: str) -> Any:
    async with running_desk(sqlite_url, forum=False) as running:
        yield running


def read_back(fmt: str, content: bytes) -> list[dict[str, Any]]:
    if fmt == "json":
        return list(json.loads(content))
    if fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need for Persian
        return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
async def test_an_export_has_every_complaint_of_the_range_and_no_phone(
    desk: Desk, sqlite_url: str, tmp_path: Path, fmt: str
) -> None:
    stored = await filed(desk)
    path = tmp_path / f"out.{fmt}"
    out = io.StringIO()
    day = parse_day(FILED_ON)
    assert await toolbox.export(settings_on(sqlite_url), day, day, fmt, str(path), False, out) == 0
    assert "2 complaints written" in out.getvalue()
    content = path.read_bytes()
    rows = read_back(fmt, content)
    assert [row["tracking_code"] for row in rows] == list(stored)
    assert list(rows[0]) == list(COLUMNS)
    answered, waiting = (rows[0], stored[rows[0]["tracking_code"]]), rows[1]
    row, complaint = answered
    assert row["description"] == complaint.description
    assert row["category"] == "delay" and row["status"] == "in_progress"
    assert row["filed_jalali"] == FILED_ON and row["filed_at"] == "2026-11-24T14:00:00+03:30"
    assert float(row["first_response_hours"]) == 1.5
    assert str(row["first_response_on_time"]).lower() in ("true", "yes")
    assert row["assignee"] == "Ali" and int(row["attachments"]) == 1
    assert waiting["first_responded_at"] in (None, "")
    assert PHONE_DIGITS not in content.decode("latin-1") and PHONE_COLUMN not in rows[0]
    async with desk.bot.app.units() as unit:  # type: ignore[union-attr]
        history = await unit.complaints.history(complaint.id)
    assert EventKind.EXPORTED not in [event.kind for event in history]


async def test_an_export_with_phones_is_on_each_complaints_record(
    desk: Desk, sqlite_url: str, tmp_path: Path
) -> None:
    stored = await filed(desk)
    path = tmp_path / "with-phones.json"
    day = parse_day(FILED_ON)
    out = io.StringIO()
    await toolbox.export(settings_on(sqlite_url), day, day, "json", str(path), True, out)
    rows = json.loads(path.read_bytes())
    assert {row["tracking_code"]: row[PHONE_COLUMN] for row in rows} == {
        code: complaint.contact_phone for code, complaint in stored.items()
    }
    assert all(PHONE_DIGITS in row[PHONE_COLUMN] for row in rows)
    assert "recorded in the history of 2 complaints" in out.getvalue()
    async with desk.bot.app.units() as unit:  # type: ignore[union-attr]
        for complaint in stored.values():
            exported = [
                e for e in await unit.complaints.history(complaint.id) if e.kind == "exported"
            ]
            assert len(exported) == 1 and exported[0].payload["with_phones"] is True
            assert exported[0].actor_kind == "system"


async def test_a_formula_in_a_description_stays_text(
    desk: Desk, sqlite_url: str, tmp_path: Path
) -> None:
    stored = await filed(desk)
    code = next(iter(stored))
    async with desk.bot.app.units() as unit:  # type: ignore[union-attr]
        complaint = await unit.complaints.by_code(code)
        assert complaint is not None
        complaint.description = '=HYPERLINK("http://evil.example","click")'
        await unit.commit()
    day = parse_day(FILED_ON)
    settings = settings_on(sqlite_url)
    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"f.{fmt}"
        await toolbox.export(settings, day, day, fmt, str(path), False, io.StringIO())
        [row] = [r for r in read_back(fmt, path.read_bytes()) if r["tracking_code"] == code]
        expected = '=HYPERLINK("http://evil.example","click")'
        assert row["description"] == (expected if fmt == "xlsx" else "'" + expected)
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    assert sheet is not None
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


async def test_the_command_takes_jalali_or_gregorian_in_any_digits(
    desk: Desk, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await filed(desk)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.chdir(tmp_path)
    args = ["export", "--from", "۱۴۰۵/۰۹/۰۳", "--to", "2026-11-24", "--format", "json"]
    assert await asyncio.to_thread(main, [*args, "-o", "both.json"]) == 0
    assert len(json.loads((tmp_path / "both.json").read_bytes())) == 2
    before = ["export", "--from", "1405/09/01", "--to", "1405/09/02", "--format", "xlsx"]
    assert await asyncio.to_thread(main, before) == 0
    assert (
        read_back("xlsx", (tmp_path / "dadres-complaints-2026-11-22-2026-11-23.xlsx").read_bytes())
        == []
    )


def test_dates_that_are_not_days_are_refused() -> None:
    assert parse_day("۱۴۰۵/۰۹/۱۷").isoformat() == "2026-12-08"
    assert parse_day("2026-12-08").isoformat() == "2026-12-08"
    assert parse_day("١٤٠٥-٠٩-١٧").isoformat() == "2026-12-08"
    for text in ("1405/13/01", "2026-02-30", "yesterday", "08/12/2026"):
        with pytest.raises(DateError):
            parse_day(text)
    with pytest.raises(SystemExit):
        main(["export", "--from", "1405/13/01", "--to", "1405/09/17"])


async def test_stats_count_and_measure(desk: Desk, sqlite_url: str) -> None:
    await filed(desk)
    out = io.StringIO()
    assert await toolbox.stats(settings_on(sqlite_url), None, None, out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "complaints: 2 (2 open)"
    assert lines[1] == "by status: in_progress 1, received 1"
    assert lines[2] == "by category: delay 2"
    assert lines[3] == "by priority: normal 2"
    assert lines[4] == "overdue now: 0 (at risk 0, unassigned 1)"
    assert lines[5] == "median first response: 1 h 30 min (over 1)"
    out = io.StringIO()
    day = parse_day("1405/09/04")
    await toolbox.stats(settings_on(sqlite_url), day, None, out)
    assert out.getvalue().splitlines()[0] == "complaints: 0 (0 open)"


async def test_parked_updates_are_listed_and_put_back(sqlite_url: str) -> None:
    from datetime import UTC, datetime

    from storage.database import create_engine, create_session_factory
    from storage.repositories.inbox import PENDING
    from storage.unit_of_work import UnitOfWorkFactory

    engine = create_engine(sqlite_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    now = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    payload = {"update_id": 55, "message": {"text": "my phone is 09121234567"}}
    async with units() as unit:
        await unit.inbox.store([(55, 1001, payload)], now)
        await unit.inbox.record_failure(55, "ValueError: boom\nline two", True, now)
        await unit.commit()
    settings = settings_on(sqlite_url)
    out = io.StringIO()
    assert await toolbox.parked(settings, out) == 0
    listed = out.getvalue()
    assert "55  chat 1001  message  1 tries" in listed and "ValueError: boom" in listed
    assert "09121234567" not in listed and "line two" not in listed
    out = io.StringIO()
    assert await toolbox.retry(settings, 55, out) == 0
    assert "queued again" in out.getvalue()
    assert await toolbox.retry(settings, 55, io.StringIO()) == 1
    async with units() as unit:
        row = await unit.inbox.get(55)
        assert row is not None and row.status == PENDING and row.attempts == 0
    await engine.dispose()
    out = io.StringIO()
    await toolbox.parked(settings, out)
    assert out.getvalue() == "dadres: no parked updates\n"


async def test_a_backup_is_a_complete_sqlite_copy(
    desk: Desk, sqlite_url: str, tmp_path: Path
) -> None:
    stored = await filed(desk)
    target = tmp_path / "copy.sqlite3"
    out = io.StringIO()
    assert await toolbox.backup(settings_on(sqlite_url), target, out) == 0
    with sqlite3.connect(target) as copy:
        codes = {row[0] for row in copy.execute("SELECT tracking_code FROM complaints")}
    assert codes == set(stored)
    assert await toolbox.backup(settings_on(sqlite_url), target, io.StringIO()) == 1
    postgres = settings_on("postgresql+asyncpg://u@h/db")
    out = io.StringIO()
    assert await toolbox.backup(postgres, tmp_path / "x", out) == 2
    assert "pg_dump" in out.getvalue()

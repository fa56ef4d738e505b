"""The operator's commands besides run and migrate: export, stats, parked, backup. Each
opens the database for itself, does one thing, and prints what it did."""

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from bot.domain.clock import SystemClock
from bot.services.export import WRITERS, ExportService, columns_of, day_range
from bot.services.stats import Stats, gather_stats
from bot.settings import Settings
from storage.backup import backup_sqlite, sqlite_path
from storage.database import create_engine, create_session_factory
from storage.repositories.bulk_reads import BulkReadRepository
from storage.repositories.operations import OperationsRepository
from storage.unit_of_work import UnitOfWorkFactory

EARLIEST, LATEST = date(1900, 1, 1), date(9998, 12, 31)  # an open end of a stats range


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[UnitOfWorkFactory]:
    """Units of work on DATABASE_URL, for one command."""
    engine = create_engine(settings.database_url)
    try:
        yield UnitOfWorkFactory(create_session_factory(engine))
    finally:
        await engine.dispose()


async def export(
    settings: Settings,
    first: date,
    last: date,
    fmt: str,
    output: str | None,
    with_phones: bool,
    out: TextIO = sys.stdout,
) -> int:
    """Write the complaints filed from `first` to `last`; with phones, on their record."""
    async with database(settings) as units, units() as unit:
        service = ExportService(unit, BulkReadRepository(unit), SystemClock(), settings.zone)
        rows = await service.rows(first, last, with_phones=with_phones)
        content = WRITERS[fmt](rows, columns_of(rows, with_phones))
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            path = Path(output or f"dadres-complaints-{first}-{last}.{fmt}")
            await asyncio.to_thread(path.write_bytes, content)
            print(f"dadres: {len(rows)} complaints written to {path}", file=out)
        if with_phones:
            await unit.commit()  # the export is in each complaint's history only once written
            print(
                f"dadres: phone numbers included; recorded in the history of {len(rows)} "
                "complaints",
                file=out if output != "-" else sys.stderr,
            )
    return 0


async def stats(
    settings: Settings, first: date | None, last: date | None, out: TextIO = sys.stdout
) -> int:
    """Print counts by status, category and priority, overdue, median first response."""
    start = end = None
    if first is not None or last is not None:
        start, end = day_range(first or EARLIEST, last or LATEST, settings.zone)
    async with database(settings) as units, units() as unit:
        found = await gather_stats(BulkReadRepository(unit), unit.digests, start=start, end=end)
    for line in stats_lines(found):
        print(line, file=out)
    return 0


def stats_lines(found: Stats) -> list[str]:
    """The statistics as a few lines of text."""
    median = (
        "none yet"
        if found.median_first_response is None
        else f"{duration(found.median_first_response)} (over {found.first_responses})"
    )
    return [
        f"complaints: {found.total} ({found.open} open)",
        f"by status: {_counts(found.by_status)}",
        f"by category: {_counts(found.by_category)}",
        f"by priority: {_counts(found.by_priority)}",
        f"overdue now: {found.overdue} (at risk {found.at_risk}, unassigned {found.unassigned})",
        f"median first response: {median}",
    ]


def duration(span: timedelta) -> str:
    """A span as days, hours and minutes, largest first."""
    minutes = int(span.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min"]
    return " ".join(part for part in parts if part)


def _counts(counts: dict[str, int]) -> str:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{key} {count}" for key, count in ordered) or "none"


async def parked(settings: Settings, out: TextIO = sys.stdout) -> int:
    """List the updates given up on."""
    async with database(settings) as units, units() as unit:
        found = await OperationsRepository(unit).parked()
    if not found:
        print("dadres: no parked updates", file=out)
        return 0
    for update in found:
        when = update.parked_at.isoformat(timespec="seconds") if update.parked_at else "?"
        error = (update.last_error or "").splitlines()[0][:160] if update.last_error else ""
        print(
            f"{update.update_id}  chat {update.chat_key}  {update.kind}  "
            f"{update.attempts} tries  parked {when}  {error}",
            file=out,
        )
    print(f"dadres: {len(found)} parked; `dadres parked retry ID` puts one back", file=out)
    return 0


async def retry(settings: Settings, update_id: int, out: TextIO = sys.stdout) -> int:
    """Put one parked update back in the queue."""
    async with database(settings) as units, units() as unit:
        done = await OperationsRepository(unit).retry_parked(update_id)
        await unit.commit()
    if not done:
        print(f"dadres: no parked update {update_id} (see `dadres parked`)", file=out)
        return 1
    print(
        f"dadres: update {update_id} is queued again with three fresh tries; the bot handles "
        "it at its next start",
        file=out,
    )
    return 0


async def backup(settings: Settings, target: Path, out: TextIO = sys.stdout) -> int:
    """An online copy of the SQLite database; PostgreSQL is copied with pg_dump."""
    source = sqlite_path(settings.database_url)
    if source is None:
        print("dadres: DATABASE_URL is PostgreSQL: use pg_dump (see docs/operations.md)", file=out)
        return 2
    try:
        pages = await asyncio.to_thread(backup_sqlite, source, target)
    except (FileExistsError, FileNotFoundError) as error:
        print(f"dadres: {error}", file=out)
        return 1
    print(f"dadres: {source} copied to {target} ({pages} pages)", file=out)
    return 0

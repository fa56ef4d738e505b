"""How long one timer sweep takes with 100,000 open complaints of which 1,000 are due, and how
long a sweep with nothing due takes (the common tick), against the tick interval.

    .venv/bin/python -m bench.sweep_bench [--open 100000] [--due 1000] [--database-url URL]
"""

import argparse
import asyncio
import secrets
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.domain.clock import FakeClock
from bot.messages.i18n import Translator
from bot.messages.notifier import Notifier
from bot.pipeline.timers import Timers
from bot.settings import load_settings
from handlers.states import INTAKE_PREFIX
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import Complainant, Complaint
from storage.repositories.outbox import QueuedCall
from storage.unit_of_work import UnitOfWorkFactory

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


class CountingOutbox:
    """Counts what the sweep queued instead of sending it: this measures the sweep alone."""

    def __init__(self) -> None:
        self.queued = 0

    def enqueue(self, messages: list[QueuedCall]) -> None:
        self.queued += len(messages)


async def fill(units: UnitOfWorkFactory, engine_url: str, total: int, due: int) -> None:
    async with units() as uow:
        person = await uow.complainants.add(
            Complainant(
                telegram_user_id=1,
                chat_id=1,
                language="fa",
                language_chosen=True,
                script_hint_sent=True,
                created_at=NOW,
            )
        )
        person_id = person.id
        await uow.commit()
    engine = create_engine(engine_url)
    async with engine.begin() as connection:
        batch: list[dict[str, object]] = []
        for n in range(total):
            is_due = n < due
            created = NOW - timedelta(days=3 if is_due else 0, minutes=n % 600)
            batch.append(
                {
                    "tracking_code": f"{n:012d}",
                    "submission_key": secrets.token_hex(8),
                    "complainant_id": person_id,
                    "category": "delay",
                    "description": "late",
                    "remedy": "none",
                    "language": "fa",
                    "status": "in_progress",
                    "priority": "normal",
                    "consent_at": created,
                    "created_at": created,
                    "updated_at": created,
                    "first_response_due": created + timedelta(days=1),
                    "first_responded_at": created,
                    "resolution_due": created + timedelta(days=7),
                    "at_risk_at": created + timedelta(days=2 if is_due else 5),
                    "assignee_id": 42,
                    "assignee_name": "Ali",
                    "ladder": 0,
                    "next_check_at": created + timedelta(days=2 if is_due else 5),
                }
            )
            if len(batch) == 5000:
                await connection.execute(insert(Complaint), batch)
                batch = []
        if batch:
            await connection.execute(insert(Complaint), batch)
    await engine.dispose()


async def run(database_url: str, total: int, due: int) -> None:
    await upgrade(database_url)
    settings, categories = load_settings(_env_file=None, database_url=database_url)
    engine = create_engine(database_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    started = time.perf_counter()
    await fill(units, database_url, total, due)
    print(
        f"filled {total:,} open complaints ({due:,} due) in {time.perf_counter() - started:.1f} s"
    )
    translator = Translator()
    outbox = CountingOutbox()
    units.hand_committed_calls_to(outbox.enqueue)
    timers = Timers(
        units,
        FakeClock(NOW),
        settings,
        translator,
        Notifier(translator, categories, settings, forum=False),
        INTAKE_PREFIX,
    )
    started = time.perf_counter()
    looked_at = await timers.sweep()
    busy = time.perf_counter() - started
    started = time.perf_counter()
    again = await timers.sweep()
    idle = time.perf_counter() - started
    print(
        f"sweep with {due:,} due:   {busy * 1000:8.1f} ms  ({looked_at} complaints, "
        f"{outbox.queued} pings queued)"
    )
    print(f"sweep with nothing due: {idle * 1000:8.1f} ms  ({again} complaints)")
    print(f"tick interval:          {settings.sweep_seconds * 1000:8.0f} ms")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        asyncio.run(run(args.database_url, args.open, args.due))
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'sweep.sqlite3'}"
        asyncio.run(run(url, args.open, args.due))


if __name__ == "__main__":
    main()

"""What the storage side of one update costs, in process: a first message (the complainant is
registered), an ordinary intake step (dialogue read and written, a reply queued) and a confirm
(the complaint filed with its history line, its card drawn from memory, the complainant's
contact kept). Each is one unit of work with its commit; the medians leave out a warm-up.

    .venv/bin/python -m bench.unit_of_work_steps [--people 1500] [--database-url URL]

With --database-url postgresql+asyncpg://…, a fresh database is made beside it and dropped.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.intake_vs_echo import create_postgres
from bot.domain.clock import SystemClock
from bot.services.accounts import AccountService
from bot.services.deadlines import Deadlines
from bot.services.intake import Draft, IntakeService
from bot.settings import load_settings
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

WARM_UP = 200
REPLY = {"text": "چه زمانی رخ داد؟", "reply_markup": {"inline_keyboard": [[{"text": "امروز"}]]}}


async def timed(
    units: UnitOfWorkFactory, step: Callable[[UnitOfWork], Awaitable[None]]
) -> tuple[float, float]:
    """Seconds for one unit of work running `step` and committing: wall clock, and this
    process's CPU (on a shared machine or a busy server the steadier of the two)."""
    started, cpu = time.perf_counter(), time.process_time()
    async with units() as unit:
        await step(unit)
        await unit.commit()
    return time.perf_counter() - started, time.process_time() - cpu


async def run(people: int, database_url: str) -> dict[str, list[tuple[float, float]]]:
    """Every person: first message, one ordinary step, confirm."""
    settings, _ = load_settings(BOT_TOKEN="1:bench", DATABASE_URL=database_url)
    await upgrade(database_url)
    engine = create_engine(database_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    clock = SystemClock()
    deadlines = Deadlines(settings.policy)
    times: dict[str, list[tuple[float, float]]] = {
        "first message": [],
        "ordinary step": [],
        "confirm": [],
    }
    try:
        for number in range(people):
            user = 800_000_000 + number

            async def first(unit: UnitOfWork, user: int = user) -> None:
                await AccountService(unit, clock).ensure(user, user, "fa", "Sara")

            async def ordinary(unit: UnitOfWork, user: int = user) -> None:
                await AccountService(unit, clock).ensure(user, user, "fa", "Sara")
                key = f"1:{user}:{user}"
                await unit.dialogue_states.get(key)
                await unit.dialogue_states.put(
                    key,
                    clock.now(),
                    state="Intake:when",
                    data={"n": 1},
                    set_state=True,
                    set_data=True,
                )
                await unit.outbox.add_many([(user, "sendMessage", REPLY, None)], clock.now())

            async def confirm(unit: UnitOfWork, user: int = user) -> None:
                who = await AccountService(unit, clock).ensure(user, user, "fa", "Sara")
                draft = Draft(
                    category="delay",
                    description="the parcel is two weeks late",
                    remedy="refund",
                    consent_at=datetime.now(UTC),
                    name="Sara Ahmadi",
                    phone="+989121234567",
                )
                filed = await IntakeService(unit, clock, deadlines).submit(who, draft, f"d{user}")
                await unit.complaints.many({filed.complaint.id})

            times["first message"].append(await timed(units, first))
            times["ordinary step"].append(await timed(units, ordinary))
            times["confirm"].append(await timed(units, confirm))
    finally:
        await engine.dispose()
    return times


async def measure(
    people: int, database_url: str | None
) -> tuple[str, dict[str, list[tuple[float, float]]]]:
    """Run on a new SQLite file, or on a new PostgreSQL database beside the one named."""
    if database_url is None:
        with tempfile.TemporaryDirectory(prefix="dadres-steps-") as tmp:
            url = f"sqlite+aiosqlite:///{Path(tmp) / 'steps.sqlite3'}"
            return url, await run(people, url)
    url, drop = await create_postgres(database_url)
    try:
        return url, await run(people, url)
    finally:
        await drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1500)
    parser.add_argument("--database-url", help="postgresql+asyncpg://… (default: SQLite)")
    args = parser.parse_args()
    url, times = asyncio.run(measure(max(args.people, WARM_UP + 1), args.database_url))
    print(f"unit_of_work_steps: {args.people} people, {url.split(':', 1)[0]}")
    for name, measured in times.items():
        kept = sorted(wall for wall, _ in measured[WARM_UP:])
        cpu = statistics.median(cpu for _, cpu in measured[WARM_UP:])
        p95 = kept[int(len(kept) * 0.95)]
        print(
            f"  {name:<14} median {statistics.median(kept) * 1e6:7.0f} µs   "
            f"p95 {p95 * 1e6:7.0f} µs   CPU median {cpu * 1e6:7.0f} µs"
        )


if __name__ == "__main__":
    main()

"""The outbox draining 1,000 queued notifications to 300 chats through the real dispatcher and
a fake Bot API over HTTP, with Telegram's limits on (the 30/s ceiling) and off (raw capacity);
and a staff action (take → reply → resolve) with its notifications, per action.

    .venv/bin/python -m bench.outbox_drain [--messages 1000] [--chats 300]
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties

from bot.domain.clock import SystemClock
from bot.domain.notices import Notices
from bot.messages.i18n import Translator
from bot.messages.notifier import Notifier
from bot.messages.replies import Replies
from bot.messenger.session import create_session
from bot.pipeline.outbox import OutboxDispatcher
from bot.pipeline.rate_limit import RateLimiter
from bot.pipeline.update_processor import queue_replies
from bot.services.deadlines import Deadlines
from bot.services.intake import Draft, IntakeService
from bot.services.staff_desk import StaffDesk, StaffMember
from bot.settings import load_settings
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import Complainant
from storage.unit_of_work import UnitOfWorkFactory
from tests.fakes.bot_api import FakeBotAPI

TOKEN = "123456:BENCH"
STAFF_CHAT = -1001234500


async def drain(
    units: UnitOfWorkFactory, fake: FakeBotAPI, messages: int, chats: int, limited: bool
) -> float:
    """Queue `messages` sendMessage rows round-robin over `chats`, then time the dispatcher."""
    for chat in range(chats):
        fake.user(10_000 + chat, f"U{chat}")
    now = datetime.now(UTC)
    calls = [
        (chat_id, "sendMessage", {"chat_id": chat_id, "text": f"n{n}"}, None)
        for n in range(messages)
        for chat_id in [10_000 + n % chats]
    ]
    async with units() as uow:
        await uow.outbox.add_many(calls, now)
        queued = uow.outbox.queued
        await uow.commit()
    bot = Bot(
        TOKEN,
        session=create_session(fake.base_url),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    # As the app runs it on SQLite: committed rows wake the lanes, which read the table.
    dispatcher = OutboxDispatcher(bot, units, SystemClock(), RateLimiter(enabled=limited))
    before = len(fake.calls("sendMessage"))
    started = time.perf_counter()
    dispatcher.enqueue(queued)
    await dispatcher.wait_idle()
    elapsed = time.perf_counter() - started
    await dispatcher.stop()
    await bot.session.close()
    assert len(fake.calls("sendMessage")) - before == messages
    return elapsed


async def staff_actions(units: UnitOfWorkFactory, database_url: str, rounds: int) -> list[float]:
    """Milliseconds per staff action, notifications rendered and queued, committed."""
    settings, categories = load_settings(
        _env_file=None, database_url=database_url, staff_chat_id=STAFF_CHAT, supervisor_ids="9"
    )
    translator = Translator()
    notifier = Notifier(translator, categories, settings, forum=True)
    clock = SystemClock()
    deadlines = Deadlines(settings.policy)
    staff = StaffMember(8001, "Ali")
    timings: list[float] = []
    async with units() as uow:
        person = await uow.complainants.add(
            Complainant(
                telegram_user_id=77,
                chat_id=77,
                language="fa",
                language_chosen=True,
                script_hint_sent=True,
                created_at=clock.now(),
            )
        )
        await uow.commit()
        person_id = person.id
    for n in range(rounds):
        async with units() as uow:
            owner = await uow.complainants.by_id(person_id)
            assert owner is not None
            filed = await IntakeService(uow, clock, deadlines).submit(
                owner,
                Draft(category="delay", description="late", remedy="none", consent_at=clock.now()),
                f"b{n}",
            )
            await uow.commit()
            complaint_id = filed.complaint.id
        for action in ("take", "reply", "resolve"):
            started = time.perf_counter()
            async with units() as uow:
                notices = Notices()
                desk = StaffDesk(uow, clock, notices, deadlines)
                complaint = await desk.find(complaint_id)
                if action == "take":
                    await desk.take(complaint, staff)
                elif action == "reply":
                    await desk.reply(complaint, staff, "در حال بررسی هستیم", [])
                else:
                    await desk.resolve(complaint, staff, "هزینه بازگردانده شد")
                replies = Replies()
                await notifier.render(uow, notices.items, replies)
                await queue_replies(uow, replies, 0, clock.now())
                await uow.commit()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


async def run(messages: int, chats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'drain.sqlite3'}"
        await upgrade(url)
        engine = create_engine(url)
        units = UnitOfWorkFactory(create_session_factory(engine))
        async with FakeBotAPI(TOKEN) as fake:
            raw = await drain(units, fake, messages, chats, limited=False)
            limited = await drain(units, fake, messages, chats, limited=True)
        timings = await staff_actions(units, url, 100)
        await engine.dispose()
    print(f"outbox, {messages:,} messages to {chats} chats (SQLite, fake Bot API over HTTP):")
    print(f"  limits off: {messages / raw:8.1f} msg/s  ({raw:.2f} s)")
    print(f"  limits on:  {messages / limited:8.1f} msg/s  ({limited:.2f} s)   ceiling 30 msg/s")
    print("staff action with its notifications (render + outbox + commit), 300 actions:")
    p95 = statistics.quantiles(timings, n=20)[18]
    print(f"  p50 {statistics.median(timings):.2f} ms   p95 {p95:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--chats", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(run(args.messages, args.chats))


if __name__ == "__main__":
    main()

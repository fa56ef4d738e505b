"""kill -9 in the middle of a burst from 50 people: after a restart on the same database every
message has been handled exactly once, each person's in the order sent."""

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiogram.fsm.storage.base import StorageKey

from bot.domain.response_policy import load_policy
from bot.messages.i18n import Translator
from bot.services.deadlines import Deadlines
from bot.services.intake import Draft, IntakeService
from handlers.states import FollowUp
from storage.database import create_engine, create_session_factory
from storage.fsm_storage import storage_key
from storage.models import Complainant
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.conversation import plain
from tests.fakes.bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST"
PEOPLE = 50
POLICY = load_policy(None, ZoneInfo("Asia/Tehran"))
MESSAGES = 10


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


async def seed(units: UnitOfWorkFactory) -> dict[int, str]:
    """50 complainants, each with a complaint and in the middle of adding information."""
    codes = {}
    clock = FixedClock()
    async with units() as uow:
        for n in range(PEOPLE):
            user_id = 5000 + n
            complainant = await uow.complainants.add(
                Complainant(
                    telegram_user_id=user_id,
                    chat_id=user_id,
                    language="fa" if n % 2 else "en",
                    language_chosen=True,
                    script_hint_sent=True,
                    created_at=clock.now(),
                )
            )
            draft = Draft(
                category="delay", description="late", remedy="none", consent_at=clock.now()
            )
            intake = IntakeService(uow, clock, Deadlines(POLICY))
            filed = await intake.submit(complainant, draft, f"seed-{n}")
            codes[user_id] = filed.complaint.tracking_code
            key = storage_key(StorageKey(bot_id=123456, chat_id=user_id, user_id=user_id))
            await uow.dialogue_states.put(
                key,
                clock.now(),
                state=FollowUp.adding_information.state,
                data={"code": filed.complaint.tracking_code},
                set_state=True,
                set_data=True,
            )
        await uow.commit()
    return codes


@asynccontextmanager
async def bot_process(
    fake: FakeBotAPI, database_url: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "WEBHOOK_URL", "DATABASE_URL"}
    }
    env.update(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=fake.base_url,
        DATABASE_URL=database_url,
        TELEGRAM_RATE_LIMIT="false",
        LOG_LEVEL="WARNING",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def wait_until(condition, timeout: float, what: str) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while not await condition():
            await asyncio.sleep(0.05)


async def test_sigkill_mid_burst_loses_nothing_and_doubles_nothing(database_url: str) -> None:
    engine = create_engine(database_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    codes = await seed(units)
    added = {lang: plain(Translator()(lang, "follow-up-added")) for lang in ("fa", "en")}
    fake = FakeBotAPI(TOKEN, max_poll_wait=0.3)
    await fake.start()
    try:
        async with bot_process(fake, database_url) as first:
            await wait_until(lambda: _true(fake.is_polling), 60, "first start")
            users = [fake.user(5000 + n, f"P{n}", "fa" if n % 2 else "en") for n in range(PEOPLE)]
            for m in range(MESSAGES):
                for user in users:
                    fake.send_text(user, f"note {m}")
            await wait_until(lambda: _true(len(fake.calls("sendMessage")) >= 120), 60, "some")
            first.send_signal(signal.SIGKILL)
            await first.wait()
        handled_before = len(fake.calls("sendMessage"))
        assert handled_before < PEOPLE * MESSAGES, "the kill came too late to test anything"

        async def all_in() -> bool:
            async with units() as uow:
                total = 0
                for code in codes.values():
                    complaint = await uow.complaints.by_code(code)
                    assert complaint is not None
                    total += sum(
                        e.kind == "info_added" for e in await uow.complaints.history(complaint.id)
                    )
                return total >= PEOPLE * MESSAGES and fake.pending_count() == 0

        async with bot_process(fake, database_url) as second:
            await wait_until(all_in, 90, "all handled after restart")

            async def replied() -> bool:
                return all(confirmations(fake, 5000 + n, added) >= MESSAGES for n in range(PEOPLE))

            await wait_until(replied, 30, "every reply sent")
            second.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(second.wait(), 30) == 0
        async with units() as uow:
            for user_id, code in codes.items():
                complaint = await uow.complaints.by_code(code)
                assert complaint is not None
                notes = [
                    e.payload["text"]
                    for e in await uow.complaints.history(complaint.id)
                    if e.kind == "info_added"
                ]
                assert notes == [f"note {m}" for m in range(MESSAGES)], user_id
        for n in range(PEOPLE):
            # A reply in flight at the instant of the kill may go out twice (Telegram has no
            # idempotency key): at most one per chat. None may go missing.
            count = confirmations(fake, 5000 + n, added)
            assert MESSAGES <= count <= MESSAGES + 1, (5000 + n, count)
    finally:
        await fake.stop()
        await engine.dispose()


def confirmations(fake: FakeBotAPI, user_id: int, added: dict[str, str]) -> int:
    """How many "added to your complaint" replies a person got."""
    return sum(m.get("text") in added.values() for m in fake.sent(user_id))


async def _true(value: bool) -> bool:
    return value

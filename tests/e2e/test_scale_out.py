"""With REDIS_URL: dialogue state in Redis, and two bot processes keep one chat in order."""

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.app import build_app
from bot.clock import SystemClock
from bot.settings import load_settings
from tests.conftest import REDIS_URL
from tests.e2e.conversation import Person, texts
from tests.e2e.harness import TOKEN, running_bot
from tests.e2e.test_intake import file_complaint
from tests.fakes.bot_api import FakeBotAPI


@pytest.fixture
async def redis_url(redis_skip_reason: str | None) -> AsyncIterator[str]:
    """The test Redis database, emptied before and after."""
    if redis_skip_reason:
        pytest.skip(redis_skip_reason)
    client = Redis.from_url(REDIS_URL)
    await client.flushdb()
    yield REDIS_URL
    await client.flushdb()
    await client.aclose()


@pytest.mark.redis
async def test_intake_with_dialogue_state_in_redis_survives_a_restart(
    sqlite_url: str, redis_url: str
) -> None:
    async with running_bot(sqlite_url, redis_url=redis_url) as bot:
        person = Person(bot, 6001, "fa")
        await person.send(person.t("menu-new-complaint"))
        await person.tap("تأخیر")
        await bot.restart()
        replies = await person.send("سفارش من ده روز است که نرسیده است.")
        assert person.t("intake-ask-date").split(".")[0] in texts(replies)
        client = Redis.from_url(redis_url)
        keys = await client.keys("fsm:*")
        await client.aclose()
        assert keys, "the dialogue state should live in Redis"
        assert bot.app is not None
        async with bot.app.units() as uow:
            assert await uow.dialogue_states.get("123456:6001:6001:0::default") is None
        code = await file_complaint(Person(bot, 6002, "en"))
        assert len(code) == 12


@pytest.mark.redis
@pytest.mark.postgres
async def test_two_processes_with_redis_handle_one_chat_in_order(
    postgres_url: str, redis_url: str
) -> None:
    await two_processes_in_order(postgres_url, redis_url)


@pytest.mark.postgres
async def test_two_processes_without_redis_handle_one_chat_in_order(postgres_url: str) -> None:
    await two_processes_in_order(postgres_url, None)


async def two_processes_in_order(database_url: str, redis_url: str | None) -> None:
    """Two apps on one database take turns at one chat's 30 updates: each once, in order."""
    fake = FakeBotAPI(TOKEN)
    await fake.start()
    settings, categories = load_settings(
        _env_file=None,
        bot_token=TOKEN,
        telegram_api_url=fake.base_url,
        database_url=database_url,
        redis_url=redis_url,
        telegram_rate_limit=False,
    )
    apps = [build_app(settings, categories, clock=SystemClock()) for _ in range(2)]
    try:
        for app in apps:
            await app.start()
        fake.user(6100, "Sara", "en")
        payloads = [
            {
                "update_id": 100 + n,
                "message": {
                    "message_id": n + 1,
                    "date": 1796112000,
                    "chat": {"id": 6100, "type": "private", "first_name": "Sara"},
                    "from": {"id": 6100, "is_bot": False, "first_name": "Sara"},
                    "text": "/help" if n % 2 else "/privacy",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 8 - 3 * (n % 2)}],
                },
            }
            for n in range(30)
        ]
        # Telegram hands over one update at a time (here alternately to each process); the
        # lanes of both processes then contend for the chat while the next ones arrive.
        for n, payload in enumerate(payloads):
            await apps[n % 2].inbox.accept([payload])
        for app in apps:
            await app.inbox.wait_idle()
        for app in apps:
            await app.outbox.wait_idle()
        async with apps[0].units() as uow:
            rows = [await uow.inbox.get(100 + n) for n in range(30)]
            assert all(row is not None and row.status == "done" for row in rows)
            moments = [row.handled_at for row in rows if row is not None]
            assert moments == sorted(moments)
        replies = [m["text"].split("\n")[0] for m in fake.sent(6100)]
        assert replies == [
            "How the Dadres complaints desk works" if n % 2 else "Your data and your complaint"
            for n in range(30)
        ]
        assert sum(app.inbox.handled for app in apps) == 30
    finally:
        for app in apps:
            await app.close()
        await fake.stop()

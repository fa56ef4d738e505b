"""Telegram errors: 429 waits `retry_after`, 5xx backs off, and each reply still arrives once."""

import asyncio
import time

import asyncpg
import pytest

from tests.conftest import POSTGRES_URL
from tests.e2e.conversation import Person, texts
from tests.e2e.harness import RunningBot, running_bot


async def test_429_is_retried_after_retry_after_and_delivered_once(bot: RunningBot) -> None:
    person = Person(bot, 7001, "en")
    bot.fake.fail_with_429(times=2, retry_after=1, method="sendMessage")
    started = time.monotonic()
    replies = await person.send("/privacy")
    assert time.monotonic() - started >= 1.0
    assert [m["text"].split("\n")[0] for m in replies] == ["Your data and your complaint"]
    failed = [r for r in bot.fake.calls("sendMessage") if r.failed]
    assert [r.error_code for r in failed] == [429, 429]


async def test_server_errors_are_retried_with_backoff(bot: RunningBot) -> None:
    person = Person(bot, 7002, "fa")
    bot.fake.add_fault("sendMessage", times=3, error_code=502, description="Bad Gateway")
    replies = await person.send("/privacy")
    assert texts(replies).startswith("اطلاعات شما و شکایتتان")
    assert len(replies) == 1


async def test_replies_keep_their_order_through_a_429_storm(bot: RunningBot) -> None:
    person = Person(bot, 7003, "en")
    bot.fake.fail_with_429(times=4, retry_after=1, method="sendMessage")
    for text in ("/help", "/privacy", "/help", "/privacy"):
        bot.fake.send_text(person.user, text)
    await bot.settle(timeout=30)
    heads = [m["text"].split("\n")[0] for m in bot.fake.drain(person.id)]
    assert heads == [
        "How the Dadres complaints desk works",
        "Your data and your complaint",
        "How the Dadres complaints desk works",
        "Your data and your complaint",
    ]


@pytest.mark.postgres
async def test_a_database_outage_gets_a_polite_notice_and_loses_nothing(postgres_url: str) -> None:
    name = postgres_url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        async with running_bot(postgres_url) as bot:
            person = Person(bot, 7004, "fa")
            await person.send(person.t("menu-new-complaint"))
            await person.tap("تأخیر")
            await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
            )
            bot.fake.send_text(person.user, "سفارش من ده روز است که نرسیده است.")
            notice = await bot.fake.next_message(person.id, timeout=10)
            assert notice["text"] == person.t("error-storage-down")
            await asyncio.sleep(0.5)
            await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            await bot.settle(timeout=30)
            replies = bot.fake.drain(person.id)
            assert person.t("intake-ask-date").split(".")[0] in texts(replies)
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await admin.close()

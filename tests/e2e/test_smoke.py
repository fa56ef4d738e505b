import gc
import os

from bot.runner import YOUNG_COLLECTION_EVERY
from tests.e2e.harness import RunningBot, running_bot
from tests.processes import children_of


async def test_start_in_persian(bot: RunningBot) -> None:
    fake = bot.fake
    user = fake.user(1001, "Sara", language_code="fa")
    fake.send_text(user, "/start")
    await bot.settle()
    messages = fake.drain(1001)
    assert "سلام" in messages[0]["text"]
    assert "رایگان" in messages[0]["text"]


async def test_calls_are_made_by_the_bot_itself_without_a_helper_process(
    sqlite_url: str,
) -> None:
    async with running_bot(sqlite_url) as bot:
        user = bot.fake.user(1002, "Sam", language_code="en")
        bot.fake.send_text(user, "/start")
        await bot.settle()
        assert "free" in bot.fake.drain(1002)[0]["text"]
        assert children_of(os.getpid()) == []


async def test_the_collector_runs_rarely_while_serving_and_as_before_after(
    sqlite_url: str,
) -> None:
    before = gc.get_threshold()
    async with running_bot(sqlite_url) as bot:
        assert gc.get_threshold()[0] == YOUNG_COLLECTION_EVERY
        bot.fake.send_text(bot.fake.user(1003, "Sam", language_code="en"), "/start")
        await bot.settle()
        assert "free" in bot.fake.drain(1003)[0]["text"]
    assert gc.get_threshold() == before

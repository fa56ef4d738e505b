"""The one way out: the Sender against the fake Bot API over HTTP, and how it sorts refusals."""

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.methods import AnswerCallbackQuery, SendMessage

from bot.messenger.session import create_session
from bot.pipeline.rate_limit import RateLimiter
from bot.pipeline.sender import GONE, HARMLESS_REFUSAL, REFUSED, SENT, UNREACHED, Sender, refusal
from tests.fakes.bot_api import FakeBotAPI

TOKEN = "123456:SENDER"
USER = 4242


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(TOKEN) as api:
        api.user(USER)
        yield api


@pytest.fixture
async def sender(fake: FakeBotAPI) -> AsyncIterator[Sender]:
    bot = Bot(TOKEN, session=create_session(fake.base_url))
    try:
        yield Sender(bot, RateLimiter(enabled=False))
    finally:
        await bot.session.close()


def test_refusals_are_sorted_by_what_they_mean() -> None:
    assert refusal("Bad Request: message is not modified").status == HARMLESS_REFUSAL
    assert refusal("Bad Request: chat not found").status == GONE
    assert refusal("Bad Request: message thread not found").status == REFUSED


async def test_a_sent_message_gives_its_id(fake: FakeBotAPI, sender: Sender) -> None:
    delivery = await sender.send("sendMessage", {"chat_id": USER, "text": "hi"})
    assert delivery.status == SENT and delivery.ok
    [sent] = fake.sent(USER)
    assert delivery.message_id == sent["message_id"]


async def test_flood_control_is_waited_out_unless_told_not_to(
    fake: FakeBotAPI, sender: Sender
) -> None:
    # The session's own retries wait out the first two 429s; the Sender the third.
    fake.fail_with_429(times=3, retry_after=1, method="sendMessage")
    delivery = await sender.send("sendMessage", {"chat_id": USER, "text": "late"})
    assert delivery.status == SENT
    fake.fail_with_429(times=3, retry_after=1, method="sendMessage")
    delivery = await sender.call(SendMessage(chat_id=USER, text="now or never"))
    assert delivery.status == UNREACHED and not delivery.ok
    assert [m["text"] for m in fake.sent(USER)] == ["late"]


async def test_a_blocked_chat_is_gone(fake: FakeBotAPI, sender: Sender) -> None:
    fake.add_fault(
        "sendMessage", error_code=403, description="Forbidden: bot was blocked by the user"
    )
    delivery = await sender.send("sendMessage", {"chat_id": USER, "text": "hello?"})
    assert delivery.status == GONE
    assert "blocked" in delivery.error


async def test_best_effort_calls_go_at_once_and_failures_are_only_logged(
    fake: FakeBotAPI, sender: Sender
) -> None:
    fake.add_fault(
        "answerCallbackQuery", error_code=400, description="Bad Request: query is too old"
    )
    sender.soon([AnswerCallbackQuery(callback_query_id="1"), SendMessage(chat_id=USER, text="x")])
    await sender.wait_idle()
    assert len(fake.calls("answerCallbackQuery")) == 1
    assert [m["text"] for m in fake.sent(USER)] == ["x"]

"""Bot API calls through the relay process, against the fake Bot API over real HTTP."""

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from aiogram.methods import SendDocument, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.http_relay import Relay, RelayError
from bot.telegram_session import create_session, raw_results
from tests.fakes.bot_api import FakeBotAPI
from tests.processes import running

TOKEN = "123456:TEST"
CHAT = 4242


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    fake = FakeBotAPI(TOKEN)
    await fake.start()
    fake.user(CHAT, "Sara")
    yield fake
    await fake.stop()


@pytest.fixture
async def relay() -> AsyncIterator[Relay]:
    relay = Relay()
    yield relay
    await relay.close()


@pytest.fixture
async def bot(fake: FakeBotAPI, relay: Relay) -> AsyncIterator[Bot]:
    session = create_session(fake.base_url, relay=relay)
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    yield bot
    await session.close()


class SilentServer:
    """Takes requests and never answers: a call to it stays in flight until dropped."""

    def __init__(self) -> None:
        self.received: asyncio.Queue[None] = asyncio.Queue()
        self.dropped = asyncio.Event()
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)
        self.received.put_nowait(None)
        while await reader.read(4096):
            pass
        self.dropped.set()
        writer.close()


@asynccontextmanager
async def call_in_flight(relay: Relay) -> AsyncIterator[tuple[SilentServer, asyncio.Task[Any]]]:
    """A getMe through the relay to a server that never answers, once the server has it."""
    silent = SilentServer()
    async with silent as url:
        stuck = Bot(TOKEN, session=create_session(url, relay=relay))
        waiting = asyncio.create_task(stuck.get_me())
        try:
            await asyncio.wait_for(silent.received.get(), 5)
            yield silent, waiting
        finally:
            waiting.cancel()
            await asyncio.gather(waiting, return_exceptions=True)
            await stuck.session.close()


async def gone(pid: int, within: float = 5.0) -> bool:
    async with asyncio.timeout(within):
        while running(pid):
            await asyncio.sleep(0.02)
    return True


async def test_a_call_goes_through_the_relay_process_as_json(
    fake: FakeBotAPI, relay: Relay, bot: Bot
) -> None:
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="بله", callback_data="yes")]]
    )
    sent = await bot.send_message(CHAT, "سلام <b>دنیا</b>", reply_markup=keyboard)
    assert sent.text == "سلام دنیا" and sent.chat.id == CHAT
    assert relay.pid is not None and relay.pid != os.getpid()
    request = fake.calls("sendMessage")[-1]
    assert request.params["parse_mode"] == "HTML"
    assert request.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "yes"
    with raw_results():
        raw = await bot(SendMessage(chat_id=CHAT, text="again"))
    assert isinstance(raw, dict) and raw["text"] == "again"


async def test_telegram_refusals_raise_what_aiogram_raises(relay: Relay, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999, "hello?")
    assert relay.pid is not None


async def test_an_upload_is_sent_by_the_bot_process_itself(fake: FakeBotAPI, bot: Bot) -> None:
    document = BufferedInputFile(b'{"a": 1}', filename="record.json")
    await bot(SendDocument(chat_id=CHAT, document=document, caption="x"))
    request = fake.calls("sendDocument")[-1]
    assert not request.failed
    assert next(iter(request.files.values())).data == b'{"a": 1}'


async def test_an_unreachable_server_is_a_network_error(relay: Relay) -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    session = create_session(f"http://127.0.0.1:{port}", relay=relay)
    bot = Bot(TOKEN, session=session)
    try:
        with pytest.raises(TelegramNetworkError, match="ClientConnector"):
            await bot.get_me()
    finally:
        await session.close()


async def test_a_call_past_its_timeout_is_a_network_error(fake: FakeBotAPI, bot: Bot) -> None:
    fake.delay("sendMessage", 3)
    with pytest.raises(TelegramNetworkError, match="timeout"):
        await bot.send_message(CHAT, "slow", request_timeout=1)


async def test_a_relay_that_dies_fails_its_calls_and_is_started_again(
    relay: Relay, bot: Bot
) -> None:
    silent = SilentServer()
    async with silent as url:
        waiting = asyncio.create_task(relay.post(f"{url}/bot{TOKEN}/getMe", b"{}", 60))
        await asyncio.wait_for(silent.received.get(), 5)
        first = relay.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        with pytest.raises(RelayError, match="relay stopped"):
            await asyncio.wait_for(waiting, 5)
    sent = await bot.send_message(CHAT, "after")
    assert sent.text == "after"
    assert relay.pid not in (None, first)


async def test_a_call_the_dead_relay_had_is_made_again_by_a_new_one(relay: Relay) -> None:
    async with call_in_flight(relay) as (silent, _):
        first = relay.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        await asyncio.wait_for(silent.received.get(), 10)
        assert relay.pid not in (None, first)


async def test_a_cancelled_call_is_dropped_by_the_relay_too(relay: Relay, bot: Bot) -> None:
    async with call_in_flight(relay) as (silent, waiting):
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        await asyncio.wait_for(silent.dropped.wait(), 5)
    assert (await bot.send_message(CHAT, "next")).text == "next"


async def test_the_relay_exits_once_the_bot_lets_go_even_with_calls_in_flight(
    relay: Relay,
) -> None:
    async with call_in_flight(relay) as (_, waiting):
        pid = relay.pid
        assert pid is not None
        await relay.close(grace=10)
        assert await gone(pid, within=2)
        with pytest.raises(TelegramNetworkError):
            await waiting
    assert relay.pid is None


async def test_signals_for_the_whole_group_leave_the_relay_to_the_bot(
    relay: Relay, bot: Bot
) -> None:
    await bot.get_me()
    pid = relay.pid
    assert pid is not None
    os.kill(pid, signal.SIGINT)
    os.kill(pid, signal.SIGTERM)
    assert (await bot.send_message(CHAT, "still here")).text == "still here"
    assert relay.pid == pid
    await relay.close()
    assert await gone(pid, within=2)


async def test_a_relay_that_stops_answering_is_replaced(fake: FakeBotAPI) -> None:
    relay = Relay(grace=0.3)
    session = create_session(fake.base_url, relay=relay)
    bot = Bot(TOKEN, session=session)
    try:
        await bot.get_me()
        stuck = relay.pid
        assert stuck is not None
        os.kill(stuck, signal.SIGSTOP)
        with pytest.raises(RelayError, match="did not answer in time"):
            await relay.post(f"{fake.base_url}/bot{TOKEN}/getMe", b"{}", 0.2)
        assert await gone(stuck, within=2)
        assert (await bot.send_message(CHAT, "new relay")).text == "new relay"
        assert relay.pid not in (None, stuck)
    finally:
        await session.close()
        await relay.close()


async def test_a_machine_that_cannot_start_the_relay_sends_from_the_bot_itself(
    fake: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    relay = Relay(python="/nonexistent/python")
    session = create_session(fake.base_url, relay=relay)
    bot = Bot(TOKEN, session=session)
    try:
        assert (await bot.send_message(CHAT, "in process")).text == "in process"
        assert (await bot.send_message(CHAT, "again")).text == "again"
        fallback = [r for r in caplog.records if "calls in this process instead" in r.message]
        assert len(fallback) == 1 and "could not start the relay" in fallback[0].message
    finally:
        await session.close()
        await relay.close()

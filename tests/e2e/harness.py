"""The real Dadres (the code path of `dadres run`) against the fake Bot API, over HTTP."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from bot.app import App
from bot.domain.clock import FakeClock
from bot.runner import serve
from bot.settings import load_settings
from tests.fakes.bot_api import FakeBotAPI

TOKEN = "123456:TEST"


class RunningBot:
    """One run of the bot; `restart` stops it and starts a fresh one on the same database."""

    def __init__(
        self,
        fake: FakeBotAPI,
        database_url: str,
        clock: FakeClock,
        webhook: bool = False,
        **settings: Any,
    ) -> None:
        self.fake = fake
        self.webhook = webhook
        self.database_url = database_url
        self.clock = clock
        self.overrides = settings
        self.app: App | None = None
        self._stop: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        settings, categories = load_settings(
            _env_file=None,
            bot_token=TOKEN,
            telegram_api_url=self.fake.base_url,
            database_url=self.database_url,
            telegram_rate_limit=False,
            **self.overrides,
        )
        self._stop = asyncio.Event()
        ready: asyncio.Future[App] = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(
            serve(
                settings,
                categories,
                stop=self._stop,
                clock=self.clock,
                webhook=self.webhook,
                on_ready=ready.set_result,
            )
        )
        done, _ = await asyncio.wait({ready, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if self._task in done:
            self._task.result()
        self.app = ready.result()

    async def stop(self) -> None:
        assert self._stop is not None and self._task is not None
        self._stop.set()
        await self._task
        self.app = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def settle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Until Telegram has nothing unconfirmed and the bot nothing unhandled or unsent."""
        async with asyncio.timeout(timeout):
            quiet_rounds = 0
            while quiet_rounds < 2:
                assert self.app is not None
                if self.fake.pending_count():
                    quiet_rounds = 0
                    await asyncio.sleep(0.005)
                    continue
                await self.app.inbox.wait_idle()
                await self.app.outbox.wait_idle()
                quiet_rounds += 1
                await asyncio.sleep(0)


@asynccontextmanager
async def running_bot(
    database_url: str,
    clock: FakeClock | None = None,
    webhook: bool = False,
    startup: Callable[[FakeBotAPI], object] | None = None,
    **settings: Any,
) -> AsyncIterator[RunningBot]:
    """A fake Telegram (prepared by `startup`) and the bot connected to it, torn down after."""
    fake = FakeBotAPI(TOKEN, max_poll_wait=0.2)
    await fake.start()
    if startup is not None:
        startup(fake)
    bot = RunningBot(fake, database_url, clock or FakeClock(), webhook, **settings)
    try:
        await bot.start()
        yield bot
    finally:
        if bot.app is not None:
            await bot.stop()
        await fake.stop()
    assert not fake.internal_errors, fake.internal_errors

"""Sends what the outbox holds: in order per chat, inside Telegram's limits, once.

A message is marked sent only after Telegram accepted it; it is retried only after a failure,
so a retry never doubles a message that already went out."""

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import Message

from bot.backoff import backoff_seconds
from bot.clock import Clock
from bot.rate_limit import RateLimiter
from bot.telegram_calls import from_data
from storage.repositories.outbox import FAILED, UNDELIVERABLE
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
GONE_CHAT = ("chat not found", "user is deactivated", "bot was kicked", "have no rights")
HARMLESS = ("message is not modified", "query is too old", "query id is invalid")


@dataclass(frozen=True, slots=True)
class Queued:
    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]


class OutboxDispatcher:
    def __init__(
        self,
        bot: Bot,
        units: Callable[[], UnitOfWork],
        clock: Clock,
        limiter: RateLimiter,
        on_undeliverable: Callable[[UnitOfWork, int], Awaitable[None]] | None = None,
    ) -> None:
        self._bot = bot
        self._units = units
        self._clock = clock
        self._limiter = limiter
        self._on_undeliverable = on_undeliverable
        self._lanes: dict[int, deque[Queued]] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._known: set[int] = set()
        self._sent: list[tuple[int, int | None]] = []
        self._batch: asyncio.Future[None] | None = None
        self._flushes: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    async def start(self) -> None:
        """Pick up whatever a previous run left unsent, then keep sending."""
        async with self._units() as unit:
            rows = await unit.outbox.pending(limit=100_000)
            queued = [Queued(r.id, r.chat_id, r.method, r.payload) for r in rows]
        self.enqueue(queued)

    def enqueue(self, messages: list[Queued]) -> None:
        """Hand over rows that were just committed; each chat's rows go out in id order."""
        for message in messages:
            if message.id in self._known:
                continue
            self._known.add(message.id)
            self._lanes.setdefault(message.chat_id, deque()).append(message)
            if message.chat_id not in self._tasks:
                self._idle.clear()
                self._tasks[message.chat_id] = asyncio.create_task(
                    self._lane(message.chat_id), name=f"outbox-{message.chat_id}"
                )

    async def wait_idle(self) -> None:
        """Until everything queued so far has been sent or given up (tests, shutdown)."""
        await self._idle.wait()

    async def stop(self) -> None:
        """Stop sending; what is unsent stays in the table for the next start."""
        for task in list(self._tasks.values()):
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        await asyncio.gather(*self._flushes, return_exceptions=True)

    async def _lane(self, chat_id: int) -> None:
        lane = self._lanes[chat_id]
        try:
            while lane:
                message = lane[0]
                await self._deliver(message)
                lane.popleft()
                self._known.discard(message.id)
        finally:
            del self._tasks[chat_id]
            if not lane:
                self._lanes.pop(chat_id, None)
            if not self._tasks:
                self._idle.set()

    async def _deliver(self, message: Queued) -> None:
        attempt = 0
        while True:
            attempt += 1
            await self._limiter.acquire(message.chat_id)
            try:
                result = await self._bot(from_data(message.method, message.payload))
            except TelegramRetryAfter as error:
                log.info("429 for chat %s, waiting %ss", message.chat_id, error.retry_after)
                await asyncio.sleep(error.retry_after)
                continue
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt >= MAX_ATTEMPTS:
                    await self._give_up(message, FAILED, str(error))
                    return
                await asyncio.sleep(backoff_seconds(attempt))
                continue
            except TelegramForbiddenError as error:
                await self._give_up(message, UNDELIVERABLE, str(error))
                return
            except (TelegramBadRequest, TelegramNotFound) as error:
                text = str(error).lower()
                if any(marker in text for marker in HARMLESS):
                    await self._record_sent(message, None)
                    return
                status = UNDELIVERABLE if any(m in text for m in GONE_CHAT) else FAILED
                await self._give_up(message, status, str(error))
                return
            except TelegramUnauthorizedError:
                raise
            await self._record_sent(
                message, result.message_id if isinstance(result, Message) else None
            )
            return

    async def _record_sent(self, message: Queued, result_message_id: int | None) -> None:
        """Wait until the send is on record (group commit), so a crash can repeat at most the
        one message each chat had in flight."""
        self._sent.append((message.id, result_message_id))
        if self._batch is None:
            self._batch = asyncio.get_running_loop().create_future()
            task = asyncio.create_task(self._flush(), name="outbox-flush")
            self._flushes.add(task)
            task.add_done_callback(self._flushes.discard)
        await asyncio.shield(self._batch)

    async def _give_up(self, message: Queued, status: str, error: str) -> None:
        log.warning("outbox %s to chat %s: %s (%s)", message.id, message.chat_id, status, error)
        async with self._units() as unit:
            await unit.outbox.give_up(message.id, status, error, self._clock.now())
            if status == UNDELIVERABLE and self._on_undeliverable is not None:
                await self._on_undeliverable(unit, message.chat_id)
            await unit.commit()

    async def _flush(self) -> None:
        await asyncio.sleep(0)
        done, batch = self._batch, self._sent
        self._batch, self._sent = None, []
        assert done is not None
        failures = 0
        while True:
            try:
                async with self._units() as unit:
                    await unit.outbox.mark_sent(batch, self._clock.now())
                    await unit.commit()
                break
            except Exception:
                failures += 1
                log.exception("could not record %d sent messages; retrying", len(batch))
                await asyncio.sleep(backoff_seconds(failures, ceiling=5.0))
        done.set_result(None)

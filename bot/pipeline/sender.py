"""The one way out to Telegram: every message, answer and topic the bot sends goes through
here, paced inside Telegram's limits, retried after flood control and server errors, and
its outcome sorted for whoever asked (the outbox, a best-effort answer, an outage notice)."""

import asyncio
import base64
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import BufferedInputFile

from bot.domain.backoff import backoff_seconds
from bot.messenger.calls import from_data, to_data
from bot.messenger.session import raw_results
from bot.pipeline.rate_limit import RateLimiter

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
GONE_CHAT = ("chat not found", "user is deactivated", "bot was kicked", "have no rights")
HARMLESS = ("message is not modified", "query is too old", "query id is invalid")

SENT = "sent"
HARMLESS_REFUSAL = "harmless"  # refused, but what was asked for holds (nothing to change)
GONE = "gone"  # the chat cannot be reached: blocked, deleted, kicked
REFUSED = "refused"  # Telegram will not take this call as it is
UNREACHED = "unreached"  # Telegram did not answer, however often asked


@dataclass(frozen=True, slots=True)
class Delivery:
    """How one call ended: Telegram's raw result, or why there is none."""

    status: str
    result: Any = None
    error: str = ""

    @property
    def ok(self) -> bool:
        """Whether what the call asked for now holds."""
        return self.status in (SENT, HARMLESS_REFUSAL)

    @property
    def message_id(self) -> int | None:
        """The id of the message (or a new topic's thread id) the call produced."""
        if isinstance(self.result, dict):
            found = self.result.get("message_id", self.result.get("message_thread_id"))
            return found if isinstance(found, int) else None
        return None


class Sender:
    """Makes calls kept as data; raises only when the bot's token is refused (then nothing
    can be sent and retrying is pointless)."""

    def __init__(self, bot: Bot, limiter: RateLimiter) -> None:
        self._bot = bot
        self._limiter = limiter
        self._soon: set[asyncio.Task[Delivery | None]] = set()

    async def send(
        self,
        method: str,
        payload: dict[str, Any],
        *,
        upload: dict[str, str] | None = None,
        attempts: int = MAX_ATTEMPTS,
        flood_waits: int | None = None,
    ) -> Delivery:
        """Send once it is allowed; retry server and network errors up to `attempts` tries
        in all, and wait out flood control (at most `flood_waits` times; None: always)."""
        chat_id = payload.get("chat_id")
        tries = waits = 0
        while True:
            tries += 1
            if isinstance(chat_id, int) and not method.startswith("get"):
                await self._limiter.acquire(chat_id)  # what posts to a chat, not what reads
            try:
                return Delivery(SENT, await self._call(method, payload, upload))
            except TelegramRetryAfter as error:
                waits += 1
                tries -= 1
                if flood_waits is not None and waits > flood_waits:
                    return Delivery(UNREACHED, error=str(error))
                log.info("429 for chat %s, waiting %ss", chat_id, error.retry_after)
                await asyncio.sleep(error.retry_after)
            except (TelegramServerError, TelegramNetworkError) as error:
                if tries >= attempts:
                    return Delivery(UNREACHED, error=str(error))
                await asyncio.sleep(backoff_seconds(tries))
            except TelegramForbiddenError as error:
                return Delivery(GONE, error=str(error))
            except TelegramUnauthorizedError:
                raise
            except TelegramAPIError as error:
                return refusal(str(error))

    async def call(
        self, call: TelegramMethod[Any], *, attempts: int = 1, flood_waits: int | None = 0
    ) -> Delivery:
        """Send an aiogram call object (by default once, as a best effort)."""
        return await self.send(*to_data(call), attempts=attempts, flood_waits=flood_waits)

    async def quietly(self, call: TelegramMethod[Any]) -> Delivery | None:
        """Send at once, once; a failure is only logged (None: not even an answer)."""
        return await self._quietly(*to_data(call))

    def soon(self, calls: Iterable[TelegramMethod[Any]]) -> None:
        """Best-effort calls not worth an outbox row, such as answering a button press:
        started now, without waiting for them."""
        for call in calls:
            method, payload = to_data(call)
            task = asyncio.create_task(self._quietly(method, payload), name=f"send-{method}")
            self._soon.add(task)
            task.add_done_callback(self._soon.discard)

    async def _quietly(self, method: str, payload: dict[str, Any]) -> Delivery | None:
        try:
            delivery = await self.send(method, payload, attempts=1, flood_waits=0)
        except Exception as error:
            log.info("best-effort %s failed: %s", method, error)
            return None
        if not delivery.ok:
            log.info("best-effort %s failed: %s", method, delivery.error)
        return delivery

    async def wait_idle(self) -> None:
        """Until the best-effort calls started so far have ended (tests, shutdown)."""
        if self._soon:
            await asyncio.gather(*self._soon, return_exceptions=True)

    async def _call(
        self, method: str, payload: dict[str, Any], upload: dict[str, str] | None
    ) -> Any:
        """Make a call kept as data and return its raw result (callers need only ids)."""
        call = from_data(method, payload)
        if upload is not None:
            setattr(call, upload["field"], _uploaded(upload))
        with raw_results():
            return await self._bot(call)


def refusal(error: str) -> Delivery:
    """A refusal sorted: harmless, the chat gone, or this call refused."""
    text = error.lower()
    if any(marker in text for marker in HARMLESS):
        return Delivery(HARMLESS_REFUSAL, error=error)
    if any(marker in text for marker in GONE_CHAT):
        return Delivery(GONE, error=error)
    return Delivery(REFUSED, error=error)


def _uploaded(upload: dict[str, str]) -> BufferedInputFile:
    """A small file kept in the outbox row as base64."""
    return BufferedInputFile(base64.b64decode(upload["data"]), filename=upload["filename"])

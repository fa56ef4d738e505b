"""Long polling that confirms an update to Telegram only after the inbox has stored it."""

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from bot.domain.backoff import backoff_seconds
from bot.messenger.session import raw_results
from bot.pipeline.inbox import Inbox

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


async def poll(bot: Bot, inbox: Inbox, stop: asyncio.Event, poll_seconds: int = 25) -> None:
    """Fetch, store, then ask for the next batch: the next offset is the confirmation."""
    offset = await inbox.resume_point()
    failures = 0
    while not stop.is_set():
        try:
            with raw_results():
                updates: list[dict[str, Any]] = await bot.get_updates(  # type: ignore[assignment]
                    offset=offset,
                    timeout=poll_seconds,
                    allowed_updates=ALLOWED_UPDATES,
                    request_timeout=poll_seconds + 10,
                )
        except TelegramRetryAfter as error:
            await _pause(stop, error.retry_after)
            continue
        except (TelegramNetworkError, TelegramServerError, TelegramConflictError) as error:
            failures += 1
            log.warning("getUpdates failed (%s); retrying", error)
            await _pause(stop, backoff_seconds(failures))
            continue
        failures = 0
        if not updates:
            continue
        await inbox.accept(updates)
        offset = int(updates[-1]["update_id"]) + 1


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass

"""The HTTP session to the Bot API: a custom server when asked, and retries for direct calls."""

import asyncio
import logging
from typing import Any, ClassVar

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.backoff import backoff_seconds

log = logging.getLogger(__name__)


class RetryMiddleware(BaseRequestMiddleware):
    """Retries 429 after `retry_after`, and 5xx or network errors with backoff, a few times."""

    def __init__(self, attempts: int = 3, longest_wait: float = 60.0) -> None:
        self._attempts = attempts
        self._longest_wait = longest_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates):
            return await make_request(bot, method)
        attempt = 0
        while True:
            attempt += 1
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt >= self._attempts or error.retry_after > self._longest_wait:
                    raise
                await asyncio.sleep(error.retry_after)
            except (TelegramServerError, TelegramNetworkError):
                if attempt >= self._attempts:
                    raise
                await asyncio.sleep(backoff_seconds(attempt))


class DadresSession(AiohttpSession):
    """aiogram's session, keeping each `Response[T]` class alive: pydantic caches generic
    models only weakly, and rebuilding one per call was a quarter of the bot's CPU."""

    _response_types: ClassVar[dict[Any, Any]] = {}

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._response_types:
            self._response_types[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


def create_session(api_url: str | None, **kwargs: Any) -> AiohttpSession:
    """An aiohttp session, pointed at a self-hosted Bot API server when `api_url` is given."""
    if api_url:
        kwargs["api"] = TelegramAPIServer.from_base(api_url)
    session = DadresSession(**kwargs)
    session.middleware(RetryMiddleware())
    return session

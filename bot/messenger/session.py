"""The HTTP session to the Bot API: a custom server when asked, and retries for direct calls."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from http import HTTPStatus
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
from aiohttp import FormData
from aiohttp.payload import JsonPayload

from bot.domain.backoff import backoff_seconds
from bot.telemetry import metrics
from storage import json_codec

_raw: ContextVar[bool] = ContextVar("dadres_raw_results", default=False)
# Looked up once: each `Response[Any]` subscription costs a trip through pydantic's cache.
_ANY_RESPONSE = Response[Any]


@contextmanager
def raw_results() -> Iterator[None]:
    """Inside, a call that succeeds returns Telegram's JSON result unparsed: the inbox stores
    updates as JSON and parses each once when it handles it, and the outbox needs only the
    message id of what it sent. Failures are parsed and raised as usual."""
    token = _raw.set(True)
    try:
        yield
    finally:
        _raw.reset(token)


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
                metrics.rate_limited()
                if attempt >= self._attempts or error.retry_after > self._longest_wait:
                    raise
                await asyncio.sleep(error.retry_after)
            except (TelegramServerError, TelegramNetworkError):
                if attempt >= self._attempts:
                    raise
                await asyncio.sleep(backoff_seconds(attempt))


class DadresSession(AiohttpSession):
    """aiogram's session, keeping each `Response[T]` class alive: pydantic caches generic
    models only weakly, and rebuilding one per call was a quarter of the bot's CPU. Within
    `raw_results()`, successful results are not parsed at all. Calls without a file go as
    one JSON body, which the Bot API accepts for every method."""

    _response_types: ClassVar[dict[Any, Any]] = {}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("json_loads", json_codec.loads)
        kwargs.setdefault("json_dumps", json_codec.dumps)
        super().__init__(**kwargs)

    def build_form_data(self, bot: Bot, method: TelegramMethod[TelegramType]) -> FormData:
        """The call's fields as JSON (aiohttp sends any payload given as `data`); a call
        that uploads a file goes as multipart, as aiogram builds it."""
        fields = self._json_fields(bot, method)
        if fields is None:
            return super().build_form_data(bot, method)
        return JsonPayload(fields, dumps=self.json_dumps)  # type: ignore[return-value]

    def _json_fields(
        self, bot: Bot, method: TelegramMethod[TelegramType]
    ) -> dict[str, Any] | None:
        """The call's fields ready for one JSON body, or None when it uploads a file.

        aiogram's own form dumps the whole call and then encodes every field on its own;
        the fields are already at hand, and nested ones need one encoding, not two."""
        files: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        for name, value in method.__dict__.items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None and prepared != "":
                fields[name] = prepared
        return None if files else fields

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        found = _raw_result(status_code, content)
        if found is not _NOT_OK:
            return _ANY_RESPONSE.model_construct(ok=True, result=found)
        returning = method.__returning__
        if returning not in self._response_types:
            self._response_types[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


_NOT_OK = object()


def _raw_result(status: int, content: str | bytes) -> Any:
    """Inside `raw_results()`, the result of a successful call's JSON answer; `_NOT_OK`
    outside it or for anything else (which aiogram's own check then parses or reports)."""
    if not (_raw.get() and HTTPStatus.OK <= status <= HTTPStatus.IM_USED):
        return _NOT_OK
    try:
        data = json_codec.loads(content)
    except ValueError:
        return _NOT_OK
    if isinstance(data, dict) and data.get("ok") is True:
        return data.get("result")
    return _NOT_OK


def create_session(api_url: str | None, **kwargs: Any) -> AiohttpSession:
    """An aiohttp session, pointed at a self-hosted Bot API server when `api_url` is given."""
    if api_url:
        kwargs["api"] = TelegramAPIServer.from_base(api_url)
    session = DadresSession(**kwargs)
    session.middleware(RetryMiddleware())
    return session

"""Bot API calls as plain data, so a decided message can wait in the outbox table."""

from functools import cache
from typing import Any

import aiogram.methods as methods
from aiogram.client.default import Default
from aiogram.methods import TelegramMethod


@cache
def _method_classes() -> dict[str, type[TelegramMethod[Any]]]:
    found: dict[str, type[TelegramMethod[Any]]] = {}
    for name in dir(methods):
        candidate = getattr(methods, name)
        if (
            isinstance(candidate, type)
            and issubclass(candidate, TelegramMethod)
            and hasattr(candidate, "__api_method__")
        ):
            found[candidate.__api_method__] = candidate
    return found


def method_class(name: str) -> type[TelegramMethod[Any]]:
    """aiogram's class for a Bot API method, by its API name (`sendMessage`)."""
    return _method_classes()[name]


def to_data(call: TelegramMethod[Any]) -> tuple[str, dict[str, Any]]:
    """The API method name and a JSON-ready payload; bot-wide defaults stay unresolved."""
    defaults = {name for name, value in call if isinstance(value, Default)}
    payload = call.model_dump(mode="json", exclude_none=True, exclude=defaults)
    return call.__api_method__, payload


def from_data(method: str, payload: dict[str, Any]) -> TelegramMethod[Any]:
    """Rebuild a call stored by `to_data` (fields it does not know, such as the outbox's own
    notes, are left out)."""
    cls = method_class(method)
    return cls.model_validate({k: v for k, v in payload.items() if k in cls.model_fields})


def target_chat(call: TelegramMethod[Any]) -> int | None:
    """The chat a call writes to, when it names one."""
    chat_id = getattr(call, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None

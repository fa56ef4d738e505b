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


def to_data(call: TelegramMethod[Any]) -> tuple[str, dict[str, Any]]:
    """The API method name and a JSON-ready payload; bot-wide defaults stay unresolved."""
    defaults = {name for name, value in call if isinstance(value, Default)}
    payload = call.model_dump(mode="json", exclude_none=True, exclude=defaults)
    return call.__api_method__, payload


def from_data(method: str, payload: dict[str, Any]) -> TelegramMethod[Any]:
    """Rebuild a call stored by `to_data`. It was validated when it was made, and aiogram
    sends nested values as JSON whether they are models or plain dicts, so the payload is
    not validated (and every button turned into a model) a second time."""
    cls = _method_classes()[method]
    defaults = _plain_defaults(cls)
    if defaults is None:
        return cls.model_construct(**payload)
    # What model_construct does, with the defaults worked out once per class instead of
    # once per field per call (a third of the outbox's CPU went there).
    fields = cls.__pydantic_fields__
    given = {name: value for name, value in payload.items() if name in fields}
    call = cls.__new__(cls)
    object.__setattr__(call, "__dict__", defaults | given)
    object.__setattr__(call, "__pydantic_fields_set__", set(given))
    object.__setattr__(call, "__pydantic_extra__", None)
    object.__setattr__(call, "__pydantic_private__", None)
    if cls.__pydantic_post_init__:
        call.model_post_init(None)
    return call


@cache
def _plain_defaults(cls: type[TelegramMethod[Any]]) -> dict[str, Any] | None:
    """The optional fields' defaults, when they can be shared between calls: immutable, no
    factories, no aliases (else None, and model_construct does it all)."""
    defaults: dict[str, Any] = {}
    for name, field in cls.__pydantic_fields__.items():
        if field.alias not in (None, name) or field.validation_alias is not None:
            return None
        if field.is_required():
            continue
        if field.default_factory is not None:
            return None
        if not isinstance(field.default, _SHAREABLE):
            return None
        defaults[name] = field.default
    return defaults


_SHAREABLE = (type(None), bool, int, float, str, Default)


def target_chat(call: TelegramMethod[Any]) -> int | None:
    """The chat a call writes to, when it names one."""
    chat_id = getattr(call, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None

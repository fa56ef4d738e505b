"""Bot API calls as plain data, so a decided message can wait in the outbox table."""

import base64
from functools import cache
from typing import Any

import aiogram.methods as methods
from aiogram.client.default import Default
from aiogram.methods import TelegramMethod
from aiogram.types import BufferedInputFile

# What JSON cannot hold, kept in a stored call as a marker: an in-memory file (a chart) as
# {"$file": {"filename", "data": base64}}, a bot-wide default inside an album's item as
# {"$default": name}; at the top level defaults are simply left out.
FILE = "$file"
DEFAULT = "$default"


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
    payload = call.model_dump(
        mode="json", exclude_none=True, exclude=defaults, fallback=_file_as_data
    )
    return call.__api_method__, payload


def from_data(method: str, payload: dict[str, Any]) -> TelegramMethod[Any]:
    """Rebuild a call stored by `to_data` (fields it does not know, such as the outbox's own
    notes, are left out)."""
    cls = method_class(method)
    known = {k: _files_back(v) for k, v in payload.items() if k in cls.model_fields}
    return cls.model_validate(known)


def _file_as_data(value: Any) -> Any:
    """What JSON cannot hold: an in-memory file, a default left for the bot; nothing else."""
    if isinstance(value, BufferedInputFile):
        data = base64.b64encode(value.data).decode("ascii")
        return {FILE: {"filename": value.filename, "data": data}}
    if isinstance(value, Default):
        return {DEFAULT: value.name}
    raise TypeError(f"{type(value).__name__} cannot be kept in the outbox")


def _files_back(value: Any) -> Any:
    """The files and defaults of a stored call, wherever in it they were (an album's items)."""
    if isinstance(value, dict):
        stored = value.get(FILE)
        if isinstance(stored, dict) and len(value) == 1:
            raw = base64.b64decode(stored["data"])
            return BufferedInputFile(raw, filename=stored.get("filename"))
        if isinstance(value.get(DEFAULT), str) and len(value) == 1:
            return Default(value[DEFAULT])
        return {k: _files_back(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_files_back(v) for v in value]
    return value


def target_chat(call: TelegramMethod[Any]) -> int | None:
    """The chat a call writes to, when it names one."""
    chat_id = getattr(call, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None

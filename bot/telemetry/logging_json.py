"""Logs as one JSON object a line (LOG_FORMAT=json), for log collectors: the time, level,
logger and message, the update, chat and complaint being handled where known, and nothing
personal — only these fields are written, and phone numbers in a text are masked."""

import logging
import re
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import orjson
import phonenumbers

from bot.domain.digits import to_ascii_digits

CONTEXT_FIELDS = ("update_id", "chat_id", "complaint")
PHONE_REGION = "IR"
MASK = "[phone]"
_LONG_NUMBER = re.compile(r"[0-9]{7}")

_context: ContextVar[Mapping[str, Any]] = ContextVar(
    "dadres_log_context", default=MappingProxyType({})
)


def bind(**fields: Any) -> None:
    """Name what the current task works on (update_id, chat_id, complaint code) in its log
    lines from now on (None forgets a field); the task's context keeps it, other tasks do
    not see it."""
    merged = {**_context.get(), **{k: v for k, v in fields.items() if k in CONTEXT_FIELDS}}
    _context.set({k: v for k, v in merged.items() if v is not None})


def mask_phones(text: str) -> str:
    """The text with every phone number (in any digits) replaced by a mask."""
    ascii_text = to_ascii_digits(text)  # one character for one: positions stay the same
    if not _LONG_NUMBER.search(ascii_text.replace(" ", "").replace("-", "")):
        return text
    spans = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(ascii_text, PHONE_REGION)
    ]
    for start, end in reversed(spans):
        text = text[:start] + MASK + text[end:]
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with only the fields named here."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_phones(record.getMessage()),
        }
        entry.update(_context.get())
        for key in CONTEXT_FIELDS:
            value = record.__dict__.get(key)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = mask_phones(self.formatException(record.exc_info))
        return orjson.dumps(entry, default=str).decode()


def configure_logging(level: str, log_format: str) -> None:
    """Plain lines for people (text) or JSON lines for collectors (json), on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler])

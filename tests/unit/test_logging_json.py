"""JSON log lines: valid JSON, the update, chat and complaint where known, nothing personal."""

import asyncio
import io
import json
import logging

import pytest

from bot.telemetry import logging_json
from bot.telemetry.logging_json import JsonFormatter, bind, configure_logging, mask_phones

DESCRIPTION = "The courier threw my parcel over the wall"


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("dadres.test", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def test_a_line_is_one_json_object_with_the_known_context() -> None:
    async def in_a_task() -> str:
        bind(update_id=17, chat_id=1001)
        bind(complaint="802645901751", description=DESCRIPTION)  # not a field: dropped
        return JsonFormatter().format(record("update %s failed", 17))

    line = asyncio.run(in_a_task())
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "update 17 failed"
    assert (entry["update_id"], entry["chat_id"], entry["complaint"]) == (17, 1001, "802645901751")
    assert entry["level"] == "WARNING" and entry["logger"] == "dadres.test"
    assert entry["time"].endswith("+00:00")
    assert DESCRIPTION not in line


def test_context_stays_in_its_task_and_none_forgets() -> None:
    async def both() -> tuple[str, str]:
        async def lane(chat: int) -> str:
            bind(chat_id=chat)
            await asyncio.sleep(0)
            bind(update_id=None)
            return JsonFormatter().format(record("sent"))

        first, second = await asyncio.gather(lane(1), lane(2))
        return first, second

    first, second = asyncio.run(both())
    assert json.loads(first)["chat_id"] == 1 and json.loads(second)["chat_id"] == 2
    assert "update_id" not in json.loads(first)


def test_extra_fields_other_than_the_context_are_never_written() -> None:
    line = JsonFormatter().format(
        record(
            "filed", chat_id=5, phone="+989121234567", description=DESCRIPTION, contact_name="Sara"
        )
    )
    entry = json.loads(line)
    assert entry["chat_id"] == 5
    assert "9121234567" not in line and DESCRIPTION not in line and "Sara" not in line


@pytest.mark.parametrize(
    "phone", ["+989121234567", "09121234567", "0912 123 4567", "۰۹۱۲۱۲۳۴۵۶۷", "+44 20 7946 0958"]
)
def test_a_phone_in_a_message_or_an_error_is_masked(phone: str) -> None:
    try:
        raise ValueError(f"cannot parse {phone}")
    except ValueError:
        made = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "contact %s failed", (phone,), True
        )
        import sys

        made.exc_info = sys.exc_info()
    line = JsonFormatter().format(made)
    entry = json.loads(line)
    assert phone not in line
    assert entry["message"] == "contact [phone] failed"
    assert "ValueError: cannot parse [phone]" in entry["exception"]


def test_ids_and_counts_are_not_taken_for_phones() -> None:
    text = "update 123456 in chat -1001234567890 parked after 3 tries"
    assert mask_phones(text) == text


def test_configure_logging_writes_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    root.handlers = []
    monkeypatch.setattr(logging_json.sys, "stderr", stream)
    try:
        configure_logging("info", "json")
        logging.getLogger("dadres.x").info("hello %s", "there")
    finally:
        root.handlers, _ = saved
        root.setLevel(saved[1])
    assert json.loads(stream.getvalue())["message"] == "hello there"

"""parse_update gives what aiogram's own Update.model_validate gives, bot bound throughout."""

from typing import Any

import pytest
from aiogram import Bot
from aiogram.types import InaccessibleMessage, Message, Update
from pydantic import BaseModel, ValidationError

from bot.update_parsing import parse_update, without_pressed_keyboard

BOT = Bot("123456:TEST")
PERSON = {"id": 7, "is_bot": False, "first_name": "سارا", "language_code": "fa"}
CHAT = {"id": 7, "type": "private", "first_name": "سارا"}
GROUP = {"id": -1001, "type": "supergroup", "title": "Staff", "is_forum": True}
KEYBOARD = {"inline_keyboard": [[{"text": "امروز", "callback_data": "in:when:ab12cd34:today"}]]}
QUESTION = {
    "message_id": 12,
    "date": 1796160000,
    "chat": CHAT,
    "from": {"id": 1, "is_bot": True, "first_name": "Dadres"},
    "text": "چه زمانی رخ داد؟",
    "entities": [{"type": "bold", "offset": 0, "length": 3}],
    "reply_markup": KEYBOARD,
}


def press(message: dict[str, Any] | None) -> dict[str, Any]:
    query: dict[str, Any] = {
        "id": "99",
        "from": PERSON,
        "chat_instance": "5",
        "data": "in:when:ab12cd34:today",
    }
    if message is not None:
        query["message"] = message
    return {"update_id": 3, "callback_query": query}


PAYLOADS = {
    "text": {
        "update_id": 1,
        "message": {
            "message_id": 4,
            "date": 1796160000,
            "chat": CHAT,
            "from": PERSON,
            "text": "سلام",
        },
    },
    "contact": {
        "update_id": 2,
        "message": {
            "message_id": 5,
            "date": 1796160000,
            "chat": CHAT,
            "from": PERSON,
            "contact": {"phone_number": "+989121234567", "first_name": "سارا", "user_id": 7},
        },
    },
    "photo in a topic, replying": {
        "update_id": 2,
        "message": {
            "message_id": 6,
            "message_thread_id": 3,
            "is_topic_message": True,
            "date": 1796160000,
            "chat": GROUP,
            "from": PERSON,
            "caption": "/note دیر",
            "caption_entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            "photo": [{"file_id": "F", "file_unique_id": "U", "width": 90, "height": 90}],
            "reply_to_message": {**QUESTION, "chat": GROUP},
        },
    },
    "edited text": {
        "update_id": 2,
        "edited_message": {
            "message_id": 4,
            "date": 1796160000,
            "edit_date": 1796160100,
            "chat": CHAT,
            "from": PERSON,
            "text": "سلام!",
        },
    },
    "press": press(QUESTION),
    "press on an inaccessible message": press({"message_id": 12, "date": 0, "chat": CHAT}),
    "press on an inline message": press(None),
    "membership": {
        "update_id": 8,
        "my_chat_member": {
            "chat": GROUP,
            "from": PERSON,
            "date": 1796160000,
            "old_chat_member": {
                "status": "left",
                "user": {"id": 1, "is_bot": True, "first_name": "D"},
            },
            "new_chat_member": {
                "status": "member",
                "user": {"id": 1, "is_bot": True, "first_name": "D"},
            },
        },
    },
    "a field Telegram added later": {
        "update_id": 9,
        "message": {**QUESTION, "reply_markup": None, "brand_new": {"x": 1}},
    },
}


def bound_everywhere(model: BaseModel) -> None:
    assert model.__pydantic_private__ == {"_bot": BOT}
    for value in model.__dict__.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                bound_everywhere(item)


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_an_update_parses_as_aiogram_would(name: str) -> None:
    payload = PAYLOADS[name]
    expected = Update.model_validate(without_pressed_keyboard(payload), context={"bot": BOT})
    got = parse_update(payload, BOT)
    assert got == expected
    assert got.event_type == expected.event_type
    assert type(got.event) is type(expected.event)
    bound_everywhere(got)
    assert got.model_dump(exclude_none=True) == expected.model_dump(exclude_none=True)


def test_a_press_keeps_the_kind_of_message_it_was_on() -> None:
    open_one = parse_update(PAYLOADS["press"], BOT).callback_query
    gone = parse_update(PAYLOADS["press on an inaccessible message"], BOT).callback_query
    assert open_one is not None and isinstance(open_one.message, Message)
    assert open_one.message.reply_markup is None  # no handler reads the pressed keyboard
    assert gone is not None and isinstance(gone.message, InaccessibleMessage)
    assert "reply_markup" in PAYLOADS["press"]["callback_query"]["message"]  # stored as it came


@pytest.mark.parametrize(
    "payload",
    [
        {"update_id": 1, "message": {"message_id": 4, "chat": CHAT, "text": "no date"}},
        {"update_id": "x", "message": PAYLOADS["text"]["message"]},
        {"update_id": 3, "callback_query": {"id": "9", "data": "x"}},
    ],
)
def test_a_malformed_update_is_refused_as_aiogram_refuses_it(payload: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Update.model_validate(payload, context={"bot": BOT})
    with pytest.raises(ValidationError):
        parse_update(payload, BOT)

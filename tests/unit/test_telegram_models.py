"""Keyboards and replies built without validation are what aiogram's validation would build,
and an update's parse leaves out only the pressed message's keyboard."""

from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import AnswerCallbackQuery, EditMessageReplyMarkup, SendMessage
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from pydantic import BaseModel

from bot.i18n import I18n, Translator
from bot.keyboards import inline, language_choice, main_menu, no_keyboard, phone_request
from bot.telegram_calls import to_data
from bot.telegram_models import built
from bot.update_parsing import without_pressed_keyboard

I18N = I18n(Translator(), "fa")
ROWS = [[("پیگیری", "c:1"), ("لغو", "c:2")], [("بازگشت", "c:3")]]


def validated_inline(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=t, callback_data=d) for t, d in r] for r in rows
        ]
    )


def same(fast: BaseModel, checked: BaseModel) -> None:
    assert type(fast) is type(checked)
    assert fast.model_dump(mode="json", exclude_none=True) == checked.model_dump(
        mode="json", exclude_none=True
    )
    assert fast.__pydantic_private__ == checked.__pydantic_private__


def test_an_inline_keyboard_is_the_one_aiogram_validates() -> None:
    same(inline(ROWS), validated_inline(ROWS))
    assert all(
        isinstance(b, InlineKeyboardButton) for row in inline(ROWS).inline_keyboard for b in row
    )


@pytest.mark.parametrize(
    ("fast", "checked"),
    [
        (
            phone_request(I18N),
            ReplyKeyboardMarkup(
                keyboard=[
                    [KeyboardButton(text=I18N("intake-share-phone"), request_contact=True)],
                    [KeyboardButton(text=I18N("button-skip"))],
                    [
                        KeyboardButton(text=I18N("button-back")),
                        KeyboardButton(text=I18N("button-cancel")),
                    ],
                ],
                resize_keyboard=True,
                one_time_keyboard=True,
            ),
        ),
        (no_keyboard(), ReplyKeyboardRemove()),
        (language_choice(), validated_inline([[("فارسی", "lang:fa"), ("English", "lang:en")]])),
    ],
    ids=["phone", "remove", "language"],
)
def test_reply_keyboards_are_the_ones_aiogram_validates(
    fast: BaseModel, checked: BaseModel
) -> None:
    same(fast, checked)


def test_the_menu_keeps_its_layout_and_placeholder() -> None:
    menu = main_menu(I18N)
    assert [len(row) for row in menu.keyboard] == [1, 2, 2]
    assert menu.is_persistent and menu.resize_keyboard
    assert menu.input_field_placeholder == I18N("menu-placeholder")


@pytest.mark.parametrize(
    ("cls", "fields"),
    [
        (SendMessage, {"chat_id": 5, "text": "سلام", "reply_markup": validated_inline(ROWS)}),
        (SendMessage, {"chat_id": 5, "text": "x", "reply_markup": None}),
        (AnswerCallbackQuery, {"callback_query_id": "q1", "text": None}),
        (EditMessageReplyMarkup, {"chat_id": 5, "message_id": 9}),
    ],
)
def test_a_built_call_queues_the_payload_a_validated_one_does(
    cls: type[Any], fields: dict[str, Any]
) -> None:
    fast, checked = built(cls, **fields), cls(**fields)
    assert to_data(fast) == to_data(checked)
    assert fast.model_fields_set == checked.model_fields_set
    assert fast.__pydantic_private__ == checked.__pydantic_private__


def test_built_objects_do_not_share_their_defaults() -> None:
    first, second = (
        built(SendMessage, chat_id=1, text="a"),
        built(SendMessage, chat_id=2, text="b"),
    )
    first.text = "changed"
    assert second.text == "b" and second.chat_id == 2


PRESS: dict[str, Any] = {
    "update_id": 3,
    "callback_query": {
        "id": "77",
        "from": {"id": 9, "is_bot": False, "first_name": "Sara"},
        "chat_instance": "ci",
        "data": "c:1",
        "message": {
            "message_id": 5,
            "date": 1_700_000_000,
            "chat": {"id": 9, "type": "private"},
            "text": "کدام دسته؟",
            "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "c:1"}]]},
        },
    },
}


def test_a_press_is_parsed_without_the_keyboard_it_was_pressed_on() -> None:
    lean = without_pressed_keyboard(PRESS)
    assert "reply_markup" in PRESS["callback_query"]["message"]  # the stored update is untouched
    update = Update.model_validate(lean, context={"bot": Bot("1:x")})
    assert update.callback_query is not None and update.callback_query.data == "c:1"
    message = update.callback_query.message
    assert message is not None and message.message_id == 5 and message.reply_markup is None


def test_other_updates_are_parsed_as_they_came() -> None:
    text = {
        "update_id": 4,
        "message": {"message_id": 1, "date": 1, "chat": {"id": 9, "type": "private"}},
    }
    assert without_pressed_keyboard(text) is text

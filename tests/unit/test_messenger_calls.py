"""A call kept in the outbox comes back as the call that was decided, ready to send."""

import pytest
from aiogram.client.default import Default
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardRemove

from bot.messenger.calls import from_data, to_data

KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="پیگیری", callback_data="c:1")]]
)
CALLS: list[TelegramMethod[object]] = [
    SendMessage(chat_id=5, text="سلام", reply_markup=KEYBOARD),
    SendMessage(chat_id=5, text="no keyboard", reply_markup=ReplyKeyboardRemove()),
    EditMessageText(chat_id=-100, message_id=9, text="card", reply_markup=KEYBOARD),
    SendPhoto(chat_id=5, photo="AgAC-file-id", caption="evidence"),
    AnswerCallbackQuery(callback_query_id="q1", text="done"),
]


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.__api_method__)
def test_a_stored_call_comes_back_as_the_call_that_was_decided(
    call: TelegramMethod[object],
) -> None:
    method, payload = to_data(call)
    rebuilt = from_data(method, dict(payload))
    assert type(rebuilt) is type(call) and rebuilt == call
    assert to_data(rebuilt) == (method, payload)


def test_unset_bot_wide_defaults_stay_for_the_bot_to_fill() -> None:
    method, payload = to_data(SendMessage(chat_id=5, text="x"))
    rebuilt = from_data(method, payload)
    assert isinstance(rebuilt, SendMessage)
    assert isinstance(rebuilt.parse_mode, Default)
    assert "parse_mode" not in rebuilt.model_fields_set


def test_calls_do_not_share_what_they_were_given() -> None:
    method, payload = to_data(SendMessage(chat_id=5, text="x"))
    first, second = from_data(method, dict(payload)), from_data(method, dict(payload))
    assert isinstance(first, SendMessage) and isinstance(second, SendMessage)
    first.text = "changed"
    assert second.text == "x"

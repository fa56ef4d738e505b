"""What the session puts on the wire: one JSON body, or aiogram's multipart for uploads."""

import json
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.methods import AnswerCallbackQuery, SendMessage, SendPhoto
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import FormData
from aiohttp.payload import JsonPayload

from bot.messenger.calls import from_data, to_data
from bot.messenger.session import DadresSession, create_session

TOKEN = "123456:TEST"


def body_of(call: Any, parse_mode: str | None = "HTML") -> Any:
    session = create_session(None)
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=parse_mode))
    return session.build_form_data(bot, call)


def decoded(payload: JsonPayload) -> dict[str, Any]:
    assert payload.content_type == "application/json"
    return json.loads(payload._value)


def keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="بله", callback_data="yes")]]
    )


def test_a_message_goes_as_json_with_the_bot_defaults_resolved() -> None:
    call = SendMessage(chat_id=42, text="سلام", reply_markup=keyboard())
    body = decoded(body_of(call))
    assert body == {
        "chat_id": 42,
        "text": "سلام",
        "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": [[{"text": "بله", "callback_data": "yes"}]]},
    }


def test_a_call_rebuilt_from_the_outbox_sends_the_same_body() -> None:
    call = SendMessage(chat_id=42, text="hi", reply_markup=keyboard())
    assert decoded(body_of(from_data(*to_data(call)))) == decoded(body_of(call))


def test_unset_fields_are_left_out_and_false_is_kept() -> None:
    body = decoded(body_of(AnswerCallbackQuery(callback_query_id="q1", show_alert=False), None))
    assert body == {"callback_query_id": "q1", "show_alert": False}


def test_an_upload_goes_as_multipart_with_its_file() -> None:
    photo = BufferedInputFile(b"\x89PNG", filename="a.png")
    form = body_of(SendPhoto(chat_id=42, photo=photo, caption="x"))
    assert isinstance(form, FormData)
    names = [options["name"] for options, _headers, _value in form._fields]
    assert "chat_id" in names and "caption" in names
    assert any(str(value).startswith("attach://") for *_, value in form._fields)


def test_a_stored_call_is_sent_with_the_fields_of_the_call_rebuilt_from_it() -> None:
    session = create_session(None)
    assert isinstance(session, DadresSession)
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    calls = [
        SendMessage(chat_id=42, text="سلام", reply_markup=keyboard()),
        SendMessage(chat_id=42, text="<b>bold</b>", parse_mode="HTML", protect_content=True),
        AnswerCallbackQuery(callback_query_id="q1", show_alert=False),
    ]
    for call in calls:
        name, payload = to_data(call)
        assert session._json_fields(bot, from_data(name, payload)) == session._json_fields(
            bot, call
        )
    name, payload = to_data(calls[0])
    assert "parse_mode" not in payload  # the stored row keeps the default unresolved
    assert session._json_fields(bot, from_data(name, payload))["parse_mode"] == "HTML"

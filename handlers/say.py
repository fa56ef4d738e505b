"""Queueing a reply: handlers decide what to say; the outbox sends it after the commit."""

import base64

from aiogram.methods import AnswerCallbackQuery, EditMessageReplyMarkup, SendDocument, SendMessage
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.messages.replies import Replies

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


def say(replies: Replies, chat_id: int, text: str, markup: Markup = None) -> None:
    """Send a message to a chat."""
    replies.add(SendMessage(chat_id=chat_id, text=text, reply_markup=markup))


def acknowledge(replies: Replies, query: CallbackQuery, text: str | None = None) -> None:
    """Stop the button's spinner, with a short toast when there is something to say."""
    replies.add(AnswerCallbackQuery(callback_query_id=query.id, text=text))


def drop_buttons(replies: Replies, query: CallbackQuery) -> None:
    """Take the buttons off the message a final button was pressed on."""
    message = query.message
    if message is not None and message.date.timestamp() > 0:
        chat_id, message_id = message.chat.id, message.message_id
        replies.add(EditMessageReplyMarkup(chat_id=chat_id, message_id=message_id))


def chat_of(query: CallbackQuery) -> int:
    """The chat a button was pressed in (the user's own for old messages)."""
    return query.message.chat.id if query.message is not None else query.from_user.id


def close_with(replies: Replies, query: CallbackQuery, text: str, markup: Markup = None) -> None:
    """A final button: stop its spinner, take the buttons off its message, and answer."""
    acknowledge(replies, query)
    drop_buttons(replies, query)
    say(replies, chat_of(query), text, markup)


def send_file(
    replies: Replies,
    chat_id: int,
    filename: str,
    content: bytes,
    caption: str | None = None,
    *,
    ephemeral: bool = False,
) -> None:
    """Send a small file made here; its bytes wait in the outbox row (base64) until sent, so
    it survives a restart like any message."""
    replies.track(
        SendDocument(chat_id=chat_id, document="upload", caption=caption),
        upload={
            "field": "document",
            "filename": filename,
            "data": base64.b64encode(content).decode(),
        },
        ephemeral=ephemeral,
    )

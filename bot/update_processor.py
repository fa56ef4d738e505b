"""Runs one stored update through aiogram inside its unit of work, and queues what it said."""

from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import SendMessage
from aiogram.types import Update

from bot.clock import Clock
from bot.i18n import Translator, language_from_telegram
from bot.inbox import chat_key_of
from bot.outbox import Queued
from bot.replies import Replies
from bot.telegram_calls import target_chat, to_data
from storage.unit_of_work import UnitOfWork


class UpdateProcessor:
    def __init__(
        self, dispatcher: Dispatcher, bot: Bot, translator: Translator, clock: Clock
    ) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._translator = translator
        self._clock = clock

    async def handle(self, payload: dict[str, Any], unit: UnitOfWork) -> list[Queued]:
        update = Update.model_validate(payload, context={"bot": self._bot})
        replies = Replies()
        await self._dispatcher.feed_update(self._bot, update, uow=unit, replies=replies)
        return await self._queue(unit, replies, chat_key_of(payload))

    async def apologise(self, payload: dict[str, Any], unit: UnitOfWork) -> list[Queued]:
        user = _sender(payload)
        key = chat_key_of(payload)
        if user is None or key == 0:
            return []
        complainant = await unit.complainants.by_user(int(user["id"]))
        lang = (
            complainant.language
            if complainant
            else language_from_telegram(user.get("language_code"))
        )
        replies = Replies()
        replies.add(SendMessage(chat_id=key, text=self._translator(lang, "error-update-failed")))
        return await self._queue(unit, replies, key)

    def storage_down_notice(self, payload: dict[str, Any]) -> SendMessage | None:
        """The "try again in a moment" message for a user whose update cannot be stored now."""
        user = _sender(payload)
        key = chat_key_of(payload)
        if user is None or key <= 0:
            return None
        lang = language_from_telegram(user.get("language_code"))
        return SendMessage(chat_id=key, text=self._translator(lang, "error-storage-down"))

    async def _queue(self, unit: UnitOfWork, replies: Replies, chat_key: int) -> list[Queued]:
        now = self._clock.now()
        queued = []
        for call in replies.calls:
            method, data = to_data(call)
            chat_id = target_chat(call) or chat_key
            row = await unit.outbox.add(chat_id, method, data, now)
            queued.append(Queued(row.id, chat_id, method, data))
        return queued


def _sender(payload: dict[str, Any]) -> dict[str, Any] | None:
    for value in payload.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            return value["from"]
    return None

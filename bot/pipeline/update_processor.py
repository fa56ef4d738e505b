"""Runs one stored update through aiogram inside its unit of work, and queues what it said."""

import logging
from datetime import datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import AnswerCallbackQuery, SendMessage, TelegramMethod
from aiogram.types import Update

from bot.domain.clock import Clock
from bot.domain.languages import language_from_telegram
from bot.domain.notices import Notices
from bot.messages.i18n import Translator
from bot.messages.long_text import fit_call
from bot.messages.notifier import Notifier
from bot.messages.replies import Replies
from bot.messenger.calls import target_chat, to_data
from bot.pipeline.inbox import chat_key_of
from bot.pipeline.outbox import ABOUT, EPHEMERAL, RESOLVE, TOPIC, UPLOAD
from bot.pipeline.staff_directory import StaffDirectory
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


class UpdateProcessor:
    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        translator: Translator,
        clock: Clock,
        notifier: Notifier,
        staff_directory: StaffDirectory,
    ) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._translator = translator
        self._clock = clock
        self._notifier = notifier
        self._staff_directory = staff_directory

    def needs_preparing(self, payload: dict[str, Any]) -> bool:
        """Whether the update may be a staff action whose sender's membership must be learned."""
        return self._staff_directory.needs_learning(payload)

    async def prepare(self, payload: dict[str, Any]) -> None:
        """Learn the sender's staff membership, outside the update's transaction."""
        try:
            await self._staff_directory.prepare(payload)
        except Exception:
            log.exception("could not prepare an update")

    async def handle(self, payload: dict[str, Any], unit: UnitOfWork) -> list[TelegramMethod[Any]]:
        """Run the update and queue its replies; returns the best-effort calls (answers to
        button presses) that are sent at once after the commit."""
        update = Update.model_validate(payload, context={"bot": self._bot})
        replies = Replies()
        notices = Notices()
        await self._dispatcher.feed_update(
            self._bot, update, uow=unit, replies=replies, notices=notices
        )
        await self._notifier.render(unit, notices.items, replies)
        direct = [
            item.call for item in replies.items if isinstance(item.call, AnswerCallbackQuery)
        ]
        replies.items = [i for i in replies.items if not isinstance(i.call, AnswerCallbackQuery)]
        await self._queue(unit, replies, chat_key_of(payload))
        return direct

    async def apologise(self, payload: dict[str, Any], unit: UnitOfWork) -> None:
        user = _sender(payload)
        key = chat_key_of(payload)
        if user is None or key == 0:
            return
        complainant = await unit.complainants.by_user(int(user["id"]))
        lang = (
            complainant.language
            if complainant
            else language_from_telegram(user.get("language_code"))
        )
        replies = Replies()
        replies.add(SendMessage(chat_id=key, text=self._translator(lang, "error-update-failed")))
        await self._queue(unit, replies, key)

    def storage_down_notice(self, payload: dict[str, Any]) -> SendMessage | None:
        """The "try again in a moment" message for a user whose update cannot be stored now."""
        user = _sender(payload)
        key = chat_key_of(payload)
        if user is None or key <= 0:
            return None
        lang = language_from_telegram(user.get("language_code"))
        return SendMessage(chat_id=key, text=self._translator(lang, "error-storage-down"))

    async def _queue(self, unit: UnitOfWork, replies: Replies, chat_key: int) -> None:
        await queue_replies(unit, replies, chat_key, self._clock.now())


async def queue_replies(
    unit: UnitOfWork, replies: Replies, default_chat: int, now: datetime
) -> None:
    """Write replies into the outbox inside `unit`; its commit hands them to the sender.
    What is too long for one message goes as several, so Telegram never refuses it."""
    calls = []
    for item in replies.items:
        chat_id = target_chat(item.call) or default_chat
        for index, (method, data) in enumerate(fit_call(*to_data(item.call))):
            if item.resolve:
                data[RESOLVE] = item.resolve
            if item.topic is not None:
                data[TOPIC] = item.topic
            if item.upload is not None and index == 0:
                data[UPLOAD] = item.upload
            if item.about is not None:
                data[ABOUT] = item.about
            if item.ephemeral:
                data[EPHEMERAL] = True
            calls.append((chat_id, method, data, item.ref))
    await unit.outbox.add_many(calls, now)


def _sender(payload: dict[str, Any]) -> dict[str, Any] | None:
    for value in payload.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            return value["from"]
    return None

"""Whatever no other handler took: a polite answer, never silence."""

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.messages.i18n import I18n
from bot.messages.keyboards import main_menu
from bot.pipeline.replies import Replies
from handlers.routing_filters import InState, in_private, on_loop
from handlers.say import acknowledge, say


def router() -> Router:
    r = Router(name="fallback")

    @r.message(on_loop(in_private), InState(None), on_loop(F.text.startswith("/")))
    async def unknown_command(message: Message, i18n: I18n, replies: Replies) -> None:
        say(replies, message.chat.id, i18n("fallback-unknown-command"), main_menu(i18n))

    @r.message(on_loop(in_private), InState(None), on_loop(F.text))
    async def free_text(message: Message, i18n: I18n, replies: Replies) -> None:
        say(replies, message.chat.id, i18n("fallback-text"), main_menu(i18n))

    @r.message(on_loop(in_private))
    async def anything_else(message: Message, i18n: I18n, replies: Replies) -> None:
        say(replies, message.chat.id, i18n("fallback-other"), main_menu(i18n))

    @r.callback_query()
    async def old_button(query: CallbackQuery, i18n: I18n, replies: Replies) -> None:
        acknowledge(replies, query, i18n("callback-stale"))

    return r

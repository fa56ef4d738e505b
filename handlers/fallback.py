"""Whatever no other handler took: a polite answer, never silence."""

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.messages.i18n import I18n
from bot.messages.keyboards import main_menu
from bot.messages.replies import Replies
from handlers.routing_filters import in_private, on_loop
from handlers.say import acknowledge, say


def router() -> Router:
    """The last handlers tried: what nothing before took, in this order."""
    r = Router(name="fallback")
    private, idle = on_loop(in_private), StateFilter(None)
    r.message.register(unknown_command, private, idle, on_loop(F.text.startswith("/")))
    r.message.register(free_text, private, idle, on_loop(F.text))
    r.message.register(anything_else, private)
    r.callback_query.register(old_button)
    return r


async def unknown_command(message: Message, i18n: I18n, replies: Replies) -> None:
    """A command nobody knows, outside any dialogue."""
    say(replies, message.chat.id, i18n("fallback-unknown-command"), main_menu(i18n))


async def free_text(message: Message, i18n: I18n, replies: Replies) -> None:
    """Text that is no answer to anything."""
    say(replies, message.chat.id, i18n("fallback-text"), main_menu(i18n))


async def anything_else(message: Message, i18n: I18n, replies: Replies) -> None:
    """A file, a sticker or the like, in a dialogue that could not take it."""
    say(replies, message.chat.id, i18n("fallback-other"), main_menu(i18n))


async def old_button(query: CallbackQuery, i18n: I18n, replies: Replies) -> None:
    """A button no handler takes: an old, a forged or another step's button."""
    acknowledge(replies, query, i18n("callback-stale"))

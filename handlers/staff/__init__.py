"""The staff desk: the group's setup, the card's one-tap actions, what staff write in a
complaint's thread (relayed to the complainant, or answering a prompt), and the staff commands."""

from aiogram import Router

from bot.settings import Settings
from handlers.staff import buttons, commands, group, thread


def router(settings: Settings) -> Router:
    """The staff desk's handlers, fresh for each dispatcher, tried in this order. One router,
    not one per module: each router an update passes costs as much as a few handlers."""
    r = Router(name="staff")
    group.register(r)
    buttons.register(r)
    thread.register(r, settings.staff_chat_id)
    commands.register(r, settings.staff_chat_id)
    return r

"""The staff desk: the group's setup, the card's one-tap actions, what staff write in a
complaint's thread (relayed to the complainant, or answering a prompt), and the staff commands."""

from aiogram import Router

from bot.settings import Settings
from handlers.staff import buttons, commands, group, thread


def router(settings: Settings) -> Router:
    """The staff desk's handlers, fresh for each dispatcher, tried in this order."""
    r = Router(name="staff")
    staff_chat = settings.staff_chat_id
    r.include_routers(
        group.router(),
        buttons.router(),
        thread.router(staff_chat),
        commands.router(staff_chat),
    )
    return r

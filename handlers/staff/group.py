"""Setting up the staff group: the bot added to a group, and /chatid to learn its id."""

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import ChatMemberUpdated, Message

from bot.messages.notifier import Notifier
from bot.messages.replies import Replies
from bot.settings import Settings
from handlers.routing_filters import a_command
from handlers.say import say
from handlers.staff.filters import in_groups


def register(r: Router) -> None:
    """The group setup's handlers."""
    r.message.register(chat_id, in_groups, a_command, Command("chatid"))
    r.my_chat_member.register(added_to_group, in_groups)


async def chat_id(message: Message, replies: Replies, notifier: Notifier) -> None:
    """The group's id, to be set as the staff chat."""
    i18n = notifier.staff_i18n
    say(replies, message.chat.id, i18n("staff-chat-id", id=f"<code>{message.chat.id}</code>"))


async def added_to_group(
    event: ChatMemberUpdated, replies: Replies, notifier: Notifier, settings: Settings
) -> None:
    """Added to the staff group: say it is ready; to another group: say how to make it one."""
    if event.new_chat_member.status not in ("member", "administrator"):
        return
    i18n = notifier.staff_i18n
    if event.chat.id == settings.staff_chat_id:
        key = "staff-group-ready-forum" if event.chat.is_forum else "staff-group-ready"
        say(replies, event.chat.id, i18n(key))
    else:
        say(
            replies,
            event.chat.id,
            i18n("staff-group-not-configured", id=f"<code>{event.chat.id}</code>"),
        )

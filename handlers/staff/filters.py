"""Who wrote or pressed (staff, or someone Telegram could not vouch for just now), and where."""

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject, User

from bot.pipeline.staff_directory import StaffDirectory
from handlers.routing_filters import OnLoop, in_private, is_command, on_loop


class IsStaff(Filter):
    """Passes staff through, with who they are as `staff`. Membership was learned before
    the update's transaction (see StaffDirectory); here it is only read."""

    async def __call__(
        self, event: TelegramObject, staff_directory: StaffDirectory, event_from_user: User | None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        member = staff_directory.member(event_from_user)
        return {"staff": member} if member else False


class Unchecked(Filter):
    """Passes someone whose staff membership Telegram could not confirm just now."""

    async def __call__(
        self, event: TelegramObject, staff_directory: StaffDirectory, event_from_user: User | None
    ) -> bool:
        return event_from_user is not None and staff_directory.unchecked(event_from_user)


def in_chat(chat_id: int | None) -> OnLoop:
    """Written in the staff group (never, when none is configured)."""
    return on_loop(lambda event: chat_id is not None and event.chat.id == chat_id)


def in_staff_place(chat_id: int | None) -> OnLoop:
    """Written in private or in the staff group: where complaint details may be shown."""
    return on_loop(lambda message: in_private(message) or message.chat.id == chat_id)


in_groups = on_loop(lambda event: event.chat.type in ("group", "supergroup"))
# A reply to something, or a message in a forum topic (or a reply thread).
in_a_thread = on_loop(
    lambda message: message.reply_to_message is not None or bool(message.message_thread_id)
)
not_a_command = on_loop(lambda message: not is_command(message))

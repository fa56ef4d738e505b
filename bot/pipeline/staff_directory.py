"""Who counts as staff: supervisors by id, agents by membership of the staff group, the same
way for a press or a message in the group and in a private chat.

Membership is asked of Telegram (getChatMember) before an update's unit of work opens, with a
few seconds' patience and no retrying beyond them, and remembered for about a minute. Handlers
only read what was remembered: a slow or failing Telegram holds up that one update, never the
database and with it every other chat."""

import asyncio
import logging
import time
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ChatMember, ChatMemberRestricted, User

from bot.messages.callbacks import StaffAction
from bot.messages.report_keyboards import ReportPick
from bot.services.staff_desk import StaffMember
from bot.settings import Settings

log = logging.getLogger(__name__)

MEMBER_STATUSES = frozenset({"creator", "administrator", "member"})
PROMPTED_COMMANDS = ("ask", "note", "resolve", "reject", "escalate")
# "forget" too: a staff member's /forget is refused, so their membership must be known then.
STAFF_COMMANDS = frozenset(
    {*PROMPTED_COMMANDS, "assign", "complaint", "open", "mine", "forget", "report"}
)
# A remembered answer is used a little past its minute: the update it was asked for may wait
# behind a retry before its handler reads it.
GRACE = 30.0
PRUNE_AT = 10_000


def counts_as_member(member: ChatMember) -> bool:
    """Creator, administrator, member, or restricted while still in the group."""
    if isinstance(member, ChatMemberRestricted):
        return member.is_member
    return member.status in MEMBER_STATUSES


def staff_command(text: str | None) -> bool:
    """Whether a text (or caption) is one of the staff commands, e.g. "/note@bot 1234 …"."""
    if not text or not text.lstrip().startswith("/"):
        return False
    word = text.lstrip()[1:].split(maxsplit=1)
    name = word[0].partition("@")[0].lower() if word else ""
    return name in STAFF_COMMANDS


def is_staff_press(data: object) -> bool:
    """Whether a button's data is a staff action: the desk's, or the report's period picker."""
    if not isinstance(data, str):
        return False
    for kind in (StaffAction, ReportPick):
        try:
            kind.unpack(data)
        except (TypeError, ValueError):
            continue
        return True
    return False


class StaffDirectory:
    def __init__(
        self,
        bot: Bot,
        settings: Settings,
        ttl: float = 60.0,
        patience: float = 3.0,
        quiet_after_failure: float = 10.0,
    ) -> None:
        self._bot = bot
        self._settings = settings
        self._ttl = ttl
        self._patience = patience
        self._quiet = quiet_after_failure
        self._known: dict[int, tuple[float, bool]] = {}
        self._failed: dict[int, float] = {}

    def member(self, user: User) -> StaffMember | None:
        """The staff member behind a user, from what is remembered; None for anyone else, and
        for an agent whose membership could not be learned (see `unchecked`)."""
        if user.is_bot:
            return None
        if user.id in self._settings.supervisors:
            return StaffMember(user.id, user.full_name, True)
        if self._remembered(user.id):
            return StaffMember(user.id, user.full_name, False)
        return None

    def unchecked(self, user: User) -> bool:
        """Telegram could not say lately whether this user is in the staff group."""
        if user.is_bot or user.id in self._settings.supervisors:
            return False
        if self._settings.staff_chat_id is None:
            return False
        return self._remembered(user.id) is None

    def needs_learning(self, payload: dict[str, Any]) -> bool:
        """Whether an update may be a staff action by someone Telegram is due to be asked
        about (not a supervisor, not asked within the minute, not failing just now)."""
        user_id = self.sender_to_check(payload)
        return user_id is not None and self._due(user_id)

    async def prepare(self, payload: dict[str, Any]) -> None:
        """Learn the sender's membership before an update that may need it is handled."""
        user_id = self.sender_to_check(payload)
        if user_id is not None:
            await self.learn(user_id)

    def sender_to_check(self, payload: dict[str, Any]) -> int | None:
        """Who sent an update that may be a staff action: a staff button anywhere, any message
        in the staff group, a staff command in a private chat. None when no check is due."""
        staff_chat = self._settings.staff_chat_id
        if staff_chat is None:
            return None
        query = payload.get("callback_query")
        if isinstance(query, dict):
            return _sender_id(query) if is_staff_press(query.get("data")) else None
        message = payload.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
            return None
        chat = message["chat"]
        if chat.get("id") == staff_chat:
            return _sender_id(message)
        if chat.get("type") == "private":
            text = message.get("text") or message.get("caption")
            return _sender_id(message) if staff_command(text) else None
        return None

    async def learn(self, user_id: int) -> None:
        """Ask Telegram, once a minute at most, with a few seconds' patience."""
        if not self._due(user_id):
            return
        assert self._settings.staff_chat_id is not None
        try:
            async with asyncio.timeout(self._patience):
                member = await self._bot.get_chat_member(self._settings.staff_chat_id, user_id)
            answer = counts_as_member(member)
        except TelegramBadRequest:
            answer = False  # Telegram's way of saying "not in this chat"
        except Exception as error:
            log.warning("could not check a membership of the staff group: %s", type(error))
            self._prune()
            self._failed[user_id] = time.monotonic() + self._quiet
            return
        self._prune()
        self._known[user_id] = (time.monotonic(), answer)
        self._failed.pop(user_id, None)

    def _due(self, user_id: int) -> bool:
        if user_id in self._settings.supervisors:
            return False
        now = time.monotonic()
        known = self._known.get(user_id)
        if known is not None and now - known[0] < self._ttl:
            return False
        return self._failed.get(user_id, 0.0) <= now

    def _remembered(self, user_id: int) -> bool | None:
        known = self._known.get(user_id)
        if known is None or time.monotonic() - known[0] > self._ttl + GRACE:
            return None
        return known[1]

    def _prune(self) -> None:
        """Forget what is out of date once many users have been asked about."""
        if len(self._known) + len(self._failed) < PRUNE_AT:
            return
        now = time.monotonic()
        self._known = {k: v for k, v in self._known.items() if now - v[0] <= self._ttl + GRACE}
        self._failed = {k: until for k, until in self._failed.items() if until > now}


def _sender_id(holder: dict[str, Any]) -> int | None:
    sender = holder.get("from")
    if not isinstance(sender, dict) or sender.get("is_bot") or "id" not in sender:
        return None
    return int(sender["id"])

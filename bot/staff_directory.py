"""Who counts as staff: supervisors by id, agents by membership of the staff group (checked
with getChatMember and remembered for a minute)."""

import logging
import time

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import User

from bot.services.staff_desk import StaffMember
from bot.settings import Settings

log = logging.getLogger(__name__)
MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted"})


class StaffDirectory:
    def __init__(self, bot: Bot, settings: Settings, ttl: float = 60.0) -> None:
        self._bot = bot
        self._settings = settings
        self._ttl = ttl
        self._cache: dict[int, tuple[float, bool]] = {}

    async def member(self, user: User, chat_id: int | None) -> StaffMember | None:
        """The staff member behind a user, or None; inside the staff group membership is given."""
        if user.is_bot:
            return None
        supervisor = user.id in self._settings.supervisors
        if supervisor or (chat_id is not None and chat_id == self._settings.staff_chat_id):
            return StaffMember(user.id, user.full_name, supervisor)
        if self._settings.staff_chat_id is None:
            return None
        if await self._in_staff_chat(user.id):
            return StaffMember(user.id, user.full_name, False)
        return None

    async def _in_staff_chat(self, user_id: int) -> bool:
        now = time.monotonic()
        cached = self._cache.get(user_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        assert self._settings.staff_chat_id is not None
        try:
            member = await self._bot.get_chat_member(self._settings.staff_chat_id, user_id)
            answer = member.status in MEMBER_STATUSES
        except TelegramAPIError:
            log.warning("could not check whether %s is in the staff group", user_id)
            answer = False
        self._cache[user_id] = (now + self._ttl, answer)
        return answer

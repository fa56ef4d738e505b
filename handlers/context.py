"""One scope per update: the services, the complainant and the language, built once."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject, User

from bot.domain.clock import Clock
from bot.domain.languages import language_from_telegram
from bot.domain.notices import Notices
from bot.messages.i18n import Translator
from bot.services.accounts import AccountService
from bot.services.deadlines import Deadlines
from bot.services.follow_up import FollowUpService
from bot.services.intake import IntakeService
from bot.services.privacy import PrivacyService
from bot.services.staff_desk import StaffDesk
from bot.services.status_lookup import StatusLookupService
from bot.services.survey import SurveyService
from bot.settings import Settings
from storage.unit_of_work import UnitOfWork


class UpdateScope(BaseMiddleware):
    """Gives handlers typed services over this update's unit of work."""

    def __init__(self, translator: Translator, clock: Clock, settings: Settings) -> None:
        self._translator = translator
        self._clock = clock
        self._settings = settings

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        uow: UnitOfWork = data["uow"]
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        accounts = AccountService(uow, self._clock)
        complainant = None
        if user is not None and not user.is_bot and chat is not None and chat.type == "private":
            complainant = await accounts.ensure(
                user.id, chat.id, user.language_code, user.full_name
            )
        lang = (
            complainant.language
            if complainant is not None
            else language_from_telegram(user.language_code if user else None)
        )
        notices: Notices = data["notices"]
        deadlines = Deadlines(self._settings.policy)
        data.update(
            accounts=accounts,
            complainant=complainant,
            i18n=self._translator.bind(lang),
            intake=IntakeService(uow, self._clock, deadlines, notices),
            lookup=StatusLookupService(uow, self._clock),
            follow_up=FollowUpService(uow, self._clock, deadlines, notices),
            desk=StaffDesk(uow, self._clock, deadlines, notices),
            survey=SurveyService(uow, self._clock, notices),
            privacy=PrivacyService(uow, self._clock, deadlines, notices),
        )
        return await handler(event, data)

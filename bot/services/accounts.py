"""Who is talking to the bot, and in which language they want to hear back."""

from bot.domain.clock import Clock
from bot.domain.languages import LANGUAGES, language_from_telegram
from bot.domain.text_clean import clean_user_text, trim
from bot.services.unit_of_work import UnitOfWork
from storage.models import Complainant

NAME_MAX = 100  # as long as a name typed in the intake may be


def display_name(raw: str | None) -> str | None:
    """A name from Telegram cleaned like typed text (no controls or bidi tricks), on one line
    and trimmed: the person chose it, not us, and staff will read it."""
    name = " ".join(clean_user_text(raw or "").split())
    return trim(name, NAME_MAX) if name else None


class AccountService:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def find(self, telegram_user_id: int) -> Complainant | None:
        """The complainant behind an account, without creating one."""
        return await self._uow.complainants.by_user(telegram_user_id)

    async def ensure(
        self, telegram_user_id: int, chat_id: int, telegram_language: str | None, name: str | None
    ) -> Complainant:
        """The complainant behind an account, registered on first contact."""
        found = await self._uow.complainants.by_user(telegram_user_id)
        if found is not None:
            if found.blocked_at is not None:
                found.blocked_at = None
            return found
        return await self._uow.complainants.add(
            Complainant(
                telegram_user_id=telegram_user_id,
                chat_id=chat_id,
                language=language_from_telegram(telegram_language),
                language_chosen=False,
                name=display_name(name),
                script_hint_sent=False,
                created_at=self._clock.now(),
            )
        )

    async def choose_language(self, complainant: Complainant, lang: str) -> None:
        """Keep the language the person picked; it wins over Telegram's setting from now on."""
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        complainant.language = lang
        complainant.language_chosen = True
        complainant.script_hint_sent = True

    async def note_script_hint(self, complainant: Complainant) -> None:
        """The offer to switch language is made once, never again."""
        complainant.script_hint_sent = True

    async def mark_blocked(self, chat_id: int) -> None:
        """The person blocked the bot: record it so nothing waits on their replies."""
        await self._uow.complainants.mark_blocked(chat_id, self._clock.now())

"""Someone writing Persian while the bot speaks English (or the reverse) is offered a switch."""

from bot.domain.text_clean import script_of
from bot.messages.callbacks import LanguageChoice
from bot.messages.i18n import I18n
from bot.messages.keyboards import inline
from bot.messages.replies import Replies
from bot.services.accounts import AccountService
from handlers.say import say
from storage.models import Complainant


async def offer_language_switch(
    chat_id: int,
    text: str,
    i18n: I18n,
    replies: Replies,
    accounts: AccountService,
    complainant: Complainant | None,
) -> None:
    """Offer once, and only when the script of the text clearly differs from the language."""
    if complainant is None or complainant.script_hint_sent or complainant.language_chosen:
        return
    written = script_of(text)
    if written is None or written == i18n.lang:
        return
    await accounts.note_script_hint(complainant)
    other = i18n.translator.bind(written)
    button = [(other("language-switch-button"), LanguageChoice(lang=written).pack())]
    say(replies, chat_id, other("language-switch-offer"), inline([button]))

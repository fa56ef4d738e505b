"""The complainant's status card with the buttons their complaint allows right now."""

from aiogram.types import InlineKeyboardMarkup

from bot.categories import Categories
from bot.domain.status import is_open
from bot.i18n import I18n
from bot.replies import Replies
from bot.services.status_lookup import OwnerView
from bot.settings import Settings
from handlers.callbacks import ComplaintAction
from handlers.keyboards import inline
from handlers.say import say
from handlers.views import owner_card


def card_buttons(i18n: I18n, view: OwnerView, page: int | None = None) -> InlineKeyboardMarkup:
    """Add information and Withdraw while it is open; back to the list when opened from it."""
    code = view.complaint.tracking_code
    rows: list[list[tuple[str, str]]] = []
    if is_open(view.complaint.status):
        rows.append(
            [
                (i18n("card-add-information"), ComplaintAction(action="add", code=code).pack()),
                (i18n("card-withdraw"), ComplaintAction(action="withdraw", code=code).pack()),
            ]
        )
    if page is not None:
        rows.append(
            [(i18n("card-back-to-list"), ComplaintAction(action="page", page=page).pack())]
        )
    return inline(rows)


def send_owner_card(
    replies: Replies,
    chat_id: int,
    i18n: I18n,
    view: OwnerView,
    categories: Categories,
    settings: Settings,
    page: int | None = None,
) -> None:
    """Send the owner's card of one complaint."""
    text = owner_card(i18n, view.complaint, view.history, categories, settings.zone)
    say(replies, chat_id, text, card_buttons(i18n, view, page))

"""Sending the complainant's status card, remembered so later changes can edit it in place."""

from aiogram.methods import SendMessage

from bot.domain.categories import Categories
from bot.messages.i18n import I18n
from bot.messages.notifier import owner_card_ref
from bot.messages.owner_card import owner_buttons, owner_text
from bot.messages.replies import Replies
from bot.services.status_lookup import OwnerView
from bot.settings import Settings


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
    text = owner_text(i18n, view.complaint, view.history, categories, settings)
    replies.track(
        SendMessage(
            chat_id=chat_id, text=text, reply_markup=owner_buttons(i18n, view.complaint, page)
        ),
        ref=owner_card_ref(view.complaint.id),
    )

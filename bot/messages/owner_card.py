"""The complainant's status card: its text, its buttons, and the call that edits it in place."""

from aiogram.methods import EditMessageText
from aiogram.types import InlineKeyboardMarkup

from bot.domain.categories import Categories
from bot.domain.events import PUBLIC_KINDS
from bot.domain.status import is_open
from bot.messages.callbacks import ComplaintAction
from bot.messages.i18n import I18n
from bot.messages.keyboards import inline
from bot.messages.views import owner_card
from bot.settings import Settings
from storage.models import Complaint, ComplaintEvent
from storage.unit_of_work import UnitOfWork


def owner_buttons(
    i18n: I18n, complaint: Complaint, page: int | None = None
) -> InlineKeyboardMarkup:
    """Add information and Withdraw while it is open; back to the list when opened from it."""
    code = complaint.tracking_code
    rows: list[list[tuple[str, str]]] = []
    if is_open(complaint.status):
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


def owner_text(
    i18n: I18n,
    complaint: Complaint,
    history: list[ComplaintEvent],
    categories: Categories,
    settings: Settings,
) -> str:
    """The card's text, with only the history the complainant may read."""
    public = [event for event in history if event.kind in PUBLIC_KINDS]
    return owner_card(i18n, complaint, public, categories, settings.zone)


async def owner_card_call(
    unit: UnitOfWork,
    i18n: I18n,
    complaint: Complaint,
    categories: Categories,
    settings: Settings,
) -> EditMessageText:
    """The edit that brings an open status card up to date (its message id is filled in later)."""
    complainant = await unit.complainants.by_id(complaint.complainant_id)
    assert complainant is not None
    history = await unit.complaints.history(complaint.id)
    return EditMessageText(
        chat_id=complainant.chat_id,
        text=owner_text(i18n, complaint, history, categories, settings),
        reply_markup=owner_buttons(i18n, complaint),
    )

"""Buttons on the staff card (what the complaint's stage allows) and on messages to the
complainant that expect an answer."""

from aiogram.types import InlineKeyboardMarkup

from bot.domain.status import Status, is_open
from bot.messages.callbacks import ComplaintAction, StaffAction
from bot.messages.i18n import I18n
from bot.messages.keyboards import inline
from storage.models import Complaint


def staff_buttons(i18n: I18n, complaint: Complaint) -> InlineKeyboardMarkup:
    """One-tap actions that make sense for the complaint right now."""

    def button(key: str, action: str) -> tuple[str, str]:
        return i18n(key), StaffAction(action=action, id=complaint.id).pack()

    history = [button("staff-button-history", "history"), button("staff-button-export", "export")]
    if not is_open(complaint.status):
        return inline([[button("staff-button-reopen", "reopen")], history])
    rows = [
        [button("staff-button-take", "take"), button("staff-button-assign", "assign")],
        [button("staff-button-ask", "ask"), button("staff-button-note", "note")],
        [button("staff-button-resolve", "resolve"), button("staff-button-reject", "reject")],
        [
            button("staff-button-escalate", "escalate"),
            button("staff-button-priority", "priority"),
            button("staff-button-category", "category"),
        ],
    ]
    if complaint.contact_phone:
        rows.append([button("staff-button-contact", "contact")])
    rows.append(history)
    return inline(rows)


def complainant_buttons(
    i18n: I18n, complaint: Complaint, kind: str
) -> InlineKeyboardMarkup | None:
    """An Answer button under a question while the complaint waits for the answer."""
    code = complaint.tracking_code
    if kind == "question" and complaint.status == Status.WAITING:
        data = ComplaintAction(action="answer", code=code).pack()
        return inline([[(i18n("to-complainant-answer-button"), data)]])
    if kind == "resolved" and complaint.status == Status.RESOLVED:
        return inline(
            [
                [(i18n("resolution-accept"), ComplaintAction(action="accept", code=code).pack())],
                [(i18n("resolution-refuse"), ComplaintAction(action="refuse", code=code).pack())],
            ]
        )
    if kind in ("confirm_expired", "waiting_expired") and complaint.status == Status.CLOSED:
        data = ComplaintAction(action="reopen", code=code).pack()
        return inline([[(i18n("reopen-button"), data)]])
    return None

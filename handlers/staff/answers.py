"""What the staff desk says back where a staff member wrote or pressed, shared by the card's
buttons, the replies in a complaint's thread and the staff commands."""

from html import escape

from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardMarkup, Message

from bot.domain.dates import format_datetime
from bot.domain.status import MoveNotAllowed
from bot.domain.text_clean import trim
from bot.domain.tracking_code import format_code
from bot.messages.callbacks import StaffAction
from bot.messages.i18n import I18n
from bot.messages.keyboards import inline
from bot.messages.replies import Replies
from bot.messages.views import status_name
from bot.services.staff_desk import StaffDesk, StaffMember
from bot.settings import Settings
from storage.models import Complaint
from storage.unit_of_work import UnitOfWork

TEXT_MAX = 3500


def answer_in_place(
    replies: Replies, message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Answer in the same chat and, in a forum, the same topic."""
    replies.add(
        SendMessage(
            chat_id=message.chat.id,
            message_thread_id=message.message_thread_id if message.is_topic_message else None,
            text=text,
            reply_markup=markup,
        )
    )


async def assignee_chooser(
    uow: UnitOfWork, i18n: I18n, complaint: Complaint
) -> tuple[str, InlineKeyboardMarkup]:
    """A button per known staff member, to give them the complaint."""
    rows = [
        [
            (
                p.name,
                StaffAction(
                    action="assign_to", id=complaint.id, value=str(p.telegram_user_id)
                ).pack(),
            )
        ]
        for p in await uow.staff.everyone()
    ]
    text = i18n("staff-choose-assignee", code=format_code(complaint.tracking_code))
    return text, inline(rows)


async def perform(
    replies: Replies,
    message: Message,
    i18n: I18n,
    desk: StaffDesk,
    complaint: Complaint,
    staff: StaffMember,
    action: str,
    text: str | None,
) -> None:
    """Do an action that needs a text, and say how it went where the staff member wrote."""
    if not text:
        answer_in_place(replies, message, i18n("staff-prompt-needs-text"))
        return
    try:
        await run_prompted(desk, complaint, staff, action, trim(text, TEXT_MAX))
    except MoveNotAllowed as refused:
        status = status_name(i18n, refused.current)
        answer_in_place(replies, message, i18n("staff-move-not-allowed", status=status))
        return
    answer_in_place(replies, message, i18n(f"staff-done-{action}"))


async def run_prompted(
    desk: StaffDesk, complaint: Complaint, staff: StaffMember, action: str, text: str
) -> None:
    """Do an action that needs a text: ask, note, resolve, reject, escalate."""
    if action == "ask":
        await desk.ask(complaint, staff, text)
    elif action == "note":
        await desk.note(complaint, staff, text)
    elif action == "resolve":
        await desk.resolve(complaint, staff, text)
    elif action == "reject":
        await desk.reject(complaint, staff, text)
    elif action == "escalate":
        await desk.escalate(complaint, staff, text)


async def staff_history(
    i18n: I18n, desk: StaffDesk, complaint: Complaint, settings: Settings
) -> str:
    """The full internal history of a complaint, notes included."""
    lines = []
    for event in (await desk.history(complaint))[-40:]:
        when = format_datetime(event.at, i18n.lang, settings.zone)
        if event.kind == "status_changed":
            what = status_name(i18n, event.new_status or "")
        else:
            what = i18n(f"history-{event.kind.replace('_', '-')}")
        detail = event.payload.get("text") if isinstance(event.payload, dict) else None
        who = event.payload.get("by") if isinstance(event.payload, dict) else None
        line = f"• {when} — {what}"
        if who:
            line += f" ({escape(str(who))})"
        if detail:
            line += f": {escape(trim(str(detail), 200))}"
        lines.append(line)
    return (
        i18n("staff-history-title", code=format_code(complaint.tracking_code))
        + "\n"
        + "\n".join(lines)
    )

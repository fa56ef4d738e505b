"""The card's one-tap actions, pressed anywhere (a forwarded card too): done for staff,
refused and logged for anyone else."""

import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Router
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage
from aiogram.types import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message

from bot.domain.categories import Categories
from bot.domain.priority import Priority
from bot.domain.status import MoveNotAllowed, Status, is_open
from bot.domain.tracking_code import format_code
from bot.messages.callbacks import StaffAction
from bot.messages.i18n import I18n
from bot.messages.keyboards import inline
from bot.messages.notifier import Notifier, complaint_of_ref
from bot.messages.replies import Replies
from bot.messages.staff_keyboards import staff_buttons
from bot.messages.views import status_name
from bot.pipeline.staff_directory import PROMPTED_COMMANDS
from bot.services.staff_desk import HeldByOther, NotAllowed, NotFound, StaffDesk, StaffMember
from bot.settings import Settings
from handlers.say import acknowledge
from handlers.staff.answers import assignee_chooser, staff_history
from handlers.staff.filters import IsStaff, Unchecked
from storage.models import Complaint
from storage.unit_of_work import UnitOfWork


def register(r: Router) -> None:
    """The card's buttons: staff, then someone unconfirmed, then anyone else."""
    r.callback_query.register(staff_pressed, StaffAction.filter(), IsStaff())
    r.callback_query.register(unchecked_pressed, StaffAction.filter(), Unchecked())
    r.callback_query.register(outsider_pressed, StaffAction.filter())


@dataclass(frozen=True, slots=True)
class Press:
    """A staff member's press of a complaint's button, and what acting on it needs."""

    query: CallbackQuery
    data: StaffAction
    staff: StaffMember
    complaint: Complaint
    desk: StaffDesk
    replies: Replies
    notifier: Notifier
    uow: UnitOfWork
    categories: Categories
    settings: Settings

    @property
    def i18n(self) -> I18n:
        return self.notifier.staff_i18n

    def here(self, text: str, markup: InlineKeyboardMarkup | ForceReply | None = None) -> None:
        """Send where the button was pressed (its topic in a forum; else the staff member's
        own chat, for a button on a message too old to say where it is)."""
        self.replies.add(self.message_here(text, markup))

    def message_here(
        self, text: str, markup: InlineKeyboardMarkup | ForceReply | None = None
    ) -> SendMessage:
        """A message to where the button was pressed."""
        message = self.query.message if isinstance(self.query.message, Message) else None
        chat_id = message.chat.id if message else self.staff.user_id
        thread_id = message.message_thread_id if message and message.is_topic_message else None
        return SendMessage(
            chat_id=chat_id, message_thread_id=thread_id, text=text, reply_markup=markup
        )


async def staff_pressed(
    query: CallbackQuery,
    callback_data: StaffAction,
    staff: StaffMember,
    desk: StaffDesk,
    replies: Replies,
    notifier: Notifier,
    uow: UnitOfWork,
    categories: Categories,
    settings: Settings,
) -> None:
    """Do what the button says, and answer with a toast (or why it cannot be done)."""
    i18n = notifier.staff_i18n
    await desk.seen(staff)
    try:
        complaint = await desk.find(callback_data.id)
        press = Press(
            query,
            callback_data,
            staff,
            complaint,
            desk,
            replies,
            notifier,
            uow,
            categories,
            settings,
        )
        toast = await act(press)
    except NotFound:
        toast = i18n("staff-not-found")
    except HeldByOther as held:
        toast = i18n("staff-held-by-other", name=held.holder)  # a toast is plain text
    except NotAllowed:
        toast = i18n("staff-supervisors-only")
    except MoveNotAllowed as refused:
        toast = i18n("staff-move-not-allowed", status=status_name(i18n, refused.current))
    if toast is not None:
        replies.add(AnswerCallbackQuery(callback_query_id=query.id, text=toast[:200] or None))


async def unchecked_pressed(query: CallbackQuery, replies: Replies, notifier: Notifier) -> None:
    """Telegram could not say just now whether this is staff: nothing is done."""
    acknowledge(replies, query, notifier.staff_i18n("staff-cannot-check"))


async def outsider_pressed(
    query: CallbackQuery,
    callback_data: StaffAction,
    desk: StaffDesk,
    i18n: I18n,
    replies: Replies,
    uow: UnitOfWork,
    settings: Settings,
) -> None:
    """Someone not on the staff pressed: refused, and noted where the staff can see it."""
    try:
        complaint: Complaint | None = await desk.find(callback_data.id)
    except NotFound:
        complaint = None
    message = query.message if isinstance(query.message, Message) else None
    seen_there = (
        complaint is not None
        and message is not None
        and message.chat.id == settings.staff_chat_id
        and complaint.id in await complaints_shown_by(uow, message)
    )
    await desk.refused(complaint, query.from_user.id, callback_data.action, seen_there=seen_there)
    acknowledge(replies, query, i18n("staff-refused"))


async def complaints_shown_by(uow: UnitOfWork, message: Message) -> set[int | None]:
    """The complaints a message in the staff group shows: its own refs and its topic's."""
    refs = await uow.message_refs.refs_of(message.chat.id, message.message_id)
    if message.is_topic_message and message.message_thread_id:
        refs += await uow.message_refs.refs_of(message.chat.id, message.message_thread_id)
    return {complaint_of_ref(ref) for ref in refs}


# ----------------------------------------------------------------- the actions
# Each returns the toast: "" for none (the spinner just stops), None when it answered itself.

Action = Callable[[Press], Awaitable[str | None]]


async def act(press: Press) -> str | None:
    """The button's action, or "old button" for one this version does not know."""
    action = ACTIONS.get(press.data.action)
    if action is None:
        return press.i18n("callback-stale")
    return await action(press)


async def take(press: Press) -> str | None:
    """Take the complaint on."""
    await press.desk.take(press.complaint, press.staff)
    return press.i18n("staff-taken")


async def choose_assignee(press: Press) -> str | None:
    """Offer the known staff members to give the complaint to."""
    press.here(*await assignee_chooser(press.uow, press.i18n, press.complaint))
    return ""


async def assign_to(press: Press) -> str | None:
    """Give the complaint to the chosen staff member."""
    if not press.data.value.lstrip("-").isdigit():
        return press.i18n("callback-stale")
    await press.desk.assign(press.complaint, press.staff, int(press.data.value))
    return press.i18n("staff-assigned")


async def choose_priority(press: Press) -> str | None:
    """Offer the priorities."""
    i18n, complaint_id = press.i18n, press.complaint.id
    rows = [
        [
            (
                i18n(f"priority-{p}"),
                StaffAction(action="set_priority", id=complaint_id, value=p).pack(),
            )
        ]
        for p in Priority
    ]
    press.here(i18n("staff-choose-priority"), inline(rows))
    return ""


async def set_priority(press: Press) -> str | None:
    """Set the chosen priority."""
    if press.data.value not in set(Priority):
        return press.i18n("callback-stale")
    await press.desk.set_priority(press.complaint, press.staff, press.data.value)
    return press.i18n("staff-priority-set")


async def choose_category(press: Press) -> str | None:
    """Offer the categories."""
    i18n, complaint_id = press.i18n, press.complaint.id
    rows = [
        [
            (
                c.label(i18n.lang),
                StaffAction(action="set_category", id=complaint_id, value=c.key).pack(),
            )
        ]
        for c in press.categories.items
    ]
    press.here(i18n("staff-choose-category"), inline(rows))
    return ""


async def set_category(press: Press) -> str | None:
    """Move the complaint to the chosen category."""
    if press.categories.get(press.data.value) is None:
        return press.i18n("callback-stale")
    await press.desk.set_category(press.complaint, press.staff, press.data.value)
    return press.i18n("staff-category-set")


async def ask_for_text(press: Press) -> str | None:
    """Ask, note, resolve, reject, escalate: ask for the text as a reply to a prompt."""
    action, complaint = press.data.action, press.complaint
    if action != "note" and not is_open(complaint.status):
        raise MoveNotAllowed(Status(complaint.status), Status.IN_PROGRESS)
    text = press.i18n(f"staff-prompt-{action}", code=format_code(complaint.tracking_code))
    prompt = press.message_here(text, ForceReply(selective=True))
    press.replies.track(prompt, ref=f"prompt:{action}:{complaint.id}")
    return ""


async def contact(press: Press) -> str | None:
    """The phone number, in an alert only the presser sees; the look is logged."""
    phone = await press.desk.show_contact(press.complaint, press.staff)
    press.replies.add(
        AnswerCallbackQuery(
            callback_query_id=press.query.id,
            text=phone or press.i18n("staff-card-no-phone"),
            show_alert=True,
        )
    )
    return None


async def history(press: Press) -> str | None:
    """The full internal history, where the button was pressed."""
    press.here(await staff_history(press.i18n, press.desk, press.complaint, press.settings))
    return ""


async def export(press: Press) -> str | None:
    """The complaint as a JSON file, sent to the staff member privately."""
    complaint, staff = press.complaint, press.staff
    content = await press.desk.export(complaint, staff)
    caption = press.i18n("staff-export-caption", code=format_code(complaint.tracking_code))
    press.replies.track(
        SendDocument(chat_id=staff.user_id, document="upload", caption=caption),
        upload={
            "field": "document",
            "filename": f"complaint-{complaint.tracking_code}.json",
            "data": base64.b64encode(content).decode(),
        },
    )
    return press.i18n("staff-export-sent")


async def card(press: Press) -> str | None:
    """The card again, where the button was pressed (one lost in a long thread)."""
    text = await press.notifier.card_text(press.uow, press.complaint)
    press.here(text, staff_buttons(press.i18n, press.complaint))
    return ""


async def reopen(press: Press) -> str | None:
    """Reopen a closed complaint."""
    await press.desk.reopen(press.complaint, press.staff)
    return press.i18n("staff-reopened")


ACTIONS: dict[str, Action] = {
    "take": take,
    "assign": choose_assignee,
    "assign_to": assign_to,
    "priority": choose_priority,
    "set_priority": set_priority,
    "category": choose_category,
    "set_category": set_category,
    **dict.fromkeys(PROMPTED_COMMANDS, ask_for_text),
    "contact": contact,
    "history": history,
    "export": export,
    "card": card,
    "reopen": reopen,
}

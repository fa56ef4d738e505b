"""The staff commands, in private or in the staff group: /ask, /note, /resolve, /reject,
/escalate, /assign and /complaint about one complaint, and the lists /open and /mine."""

from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.methods import SendMessage
from aiogram.types import Message

from bot.domain import tracking_code
from bot.domain.categories import Categories
from bot.domain.dates import format_datetime
from bot.domain.status import Status
from bot.domain.text_clean import clean_user_text
from bot.domain.tracking_code import format_code
from bot.messages.notifier import Notifier, complaint_of_ref
from bot.messages.replies import Replies
from bot.messages.staff_keyboards import staff_buttons
from bot.messages.views import status_name
from bot.pipeline.staff_directory import PROMPTED_COMMANDS
from bot.services.staff_desk import NotFound, StaffDesk, StaffMember
from bot.settings import Settings
from handlers.routing_filters import a_command
from handlers.staff.answers import answer_in_place, assignee_chooser, perform, staff_history
from handlers.staff.filters import IsStaff, Unchecked, in_chat, in_staff_place
from storage.models import Complaint
from storage.unit_of_work import UnitOfWork

ABOUT_ONE = (*PROMPTED_COMMANDS, "assign", "complaint")


def register(r: Router, staff_chat: int | None) -> None:
    """Someone unconfirmed is told so; staff get the command done. Staff commands answer with
    a complaint's details, so only in private or in the staff group (/mine: the group only,
    for the unconfirmed)."""
    place, group = in_staff_place(staff_chat), in_chat(staff_chat)
    about_one, lists = Command(*ABOUT_ONE), Command("open", "mine")
    any_but_mine = Command(*ABOUT_ONE, "open")
    r.message.register(unchecked_command, a_command, place, any_but_mine, Unchecked())
    r.message.register(unchecked_command, a_command, group, Command("mine"), Unchecked())
    r.message.register(staff_command, a_command, place, about_one, IsStaff())
    r.message.register(staff_lists, a_command, place, lists, IsStaff())


async def unchecked_command(message: Message, replies: Replies, notifier: Notifier) -> None:
    """Telegram could not say just now whether this is staff: nothing is done."""
    answer_in_place(replies, message, notifier.staff_i18n("staff-cannot-check"))


async def staff_command(
    message: Message,
    command: CommandObject,
    staff: StaffMember,
    desk: StaffDesk,
    replies: Replies,
    notifier: Notifier,
    uow: UnitOfWork,
    settings: Settings,
) -> None:
    """A command about one complaint, named by its code or by the message or topic it is
    written in."""
    i18n = notifier.staff_i18n
    complaint, text = await complaint_and_text(uow, desk, message, command.args or "")
    if complaint is None:
        answer_in_place(
            replies, message, i18n("staff-command-needs-complaint", command=command.command)
        )
        return
    if command.command in PROMPTED_COMMANDS:
        await perform(replies, message, i18n, desk, complaint, staff, command.command, text)
        return
    if command.command == "assign":
        answer_in_place(replies, message, *await assignee_chooser(uow, i18n, complaint))
        return
    replies.add(
        SendMessage(
            chat_id=message.chat.id,
            message_thread_id=message.message_thread_id if message.is_topic_message else None,
            text=await notifier.card_text(uow, complaint),
            reply_markup=staff_buttons(i18n, complaint),
        )
    )
    answer_in_place(replies, message, await staff_history(i18n, desk, complaint, settings))


async def staff_lists(
    message: Message,
    command: CommandObject,
    staff: StaffMember,
    desk: StaffDesk,
    replies: Replies,
    notifier: Notifier,
    categories: Categories,
    settings: Settings,
) -> None:
    """Open complaints, newest first, by status or category, or the staff member's own."""
    i18n = notifier.staff_i18n
    arg = (command.args or "").strip().lower()
    status = arg if arg in set(Status) else None
    category = arg if categories.get(arg) is not None else None
    mine = command.command == "mine" or arg == "mine"
    rows, total = await desk.open_list(
        status=status, category=category, assignee=staff.user_id if mine else None
    )
    if not rows:
        answer_in_place(replies, message, i18n("staff-list-empty"))
        return
    lines = [
        i18n(
            "staff-list-line",
            code=f"<code>{format_code(c.tracking_code)}</code>",
            status=status_name(i18n, c.status),
            category=escape(categories.label(c.category, i18n.lang)),
            filed=format_datetime(c.created_at, i18n.lang, settings.zone),
            assignee=escape(c.assignee_name or i18n("staff-card-nobody")),
        )
        for c in rows
    ]
    header = i18n("staff-list-title", shown=len(rows), total=total)
    answer_in_place(replies, message, "\n".join([header, *lines]))


async def context_refs(uow: UnitOfWork, message: Message) -> list[str]:
    """What the message replies to or which topic it is in, as message refs."""
    refs: list[str] = []
    if message.reply_to_message is not None:
        refs += await uow.message_refs.refs_of(
            message.chat.id, message.reply_to_message.message_id
        )
    if message.is_topic_message and message.message_thread_id:
        refs += await uow.message_refs.refs_of(message.chat.id, message.message_thread_id)
    return refs


async def complaint_and_text(
    uow: UnitOfWork, desk: StaffDesk, message: Message, args: str
) -> tuple[Complaint | None, str]:
    """The complaint a staff command is about (a code first, else the topic or the replied
    message) and the rest of its text."""
    first, _, rest = args.strip().partition(" ")
    code = tracking_code.parse(first) if first else None
    if isinstance(code, str):
        try:
            return await desk.find(code), clean_user_text(rest)
        except NotFound:
            return None, ""
    for ref in await context_refs(uow, message):
        complaint_id = complaint_of_ref(ref)
        if complaint_id is None and ref.startswith("prompt:"):
            complaint_id = int(ref.rsplit(":", 1)[1])
        if complaint_id is not None:
            return await desk.find(complaint_id), clean_user_text(args)
    return None, ""

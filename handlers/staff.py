"""The staff desk: the card's one-tap actions, replies in a complaint's topic (or under its card)
relayed to the complainant, prompts answered by reply, and the staff commands."""

import base64
from dataclasses import dataclass
from html import escape
from typing import Any

from aiogram import Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    ForceReply,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
    User,
)

from bot.domain import tracking_code
from bot.messages.callbacks import StaffAction
from bot.domain.categories import Categories
from bot.domain.dates import format_datetime
from bot.domain.priority import Priority
from bot.domain.status import MoveNotAllowed, Status, is_open
from bot.messages.i18n import I18n, Translator
from bot.messages.keyboards import inline
from bot.domain.notices import FileRef
from bot.messages.notifier import Notifier, complaint_of_ref, internal_ref, ref_kind
from bot.pipeline.replies import Replies
from bot.services.staff_desk import HeldByOther, NotAllowed, NotFound, StaffDesk, StaffMember
from bot.settings import Settings
from bot.pipeline.staff_directory import PROMPTED_COMMANDS, StaffDirectory
from bot.messages.staff_keyboards import staff_buttons
from bot.domain.text_clean import clean_user_text, trim
from bot.domain.tracking_code import format_code
from bot.messages.views import status_name
from handlers.attachments import attachment_of
from handlers.routing_filters import in_private, is_command, on_loop
from handlers.say import acknowledge, say
from storage.models import Complaint
from storage.unit_of_work import UnitOfWork

PROMPTED = PROMPTED_COMMANDS
TEXT_MAX = 3500
# What a person posts that the complainant cannot be sent; service messages (pins, topic
# edits, members joining) are neither relayed nor worth a hint.
UNSENDABLE = frozenset(
    "sticker poll contact location venue dice story game paid_media live_photo checklist".split()
)


class IsStaff(Filter):
    """Passes staff through, with who they are as `staff`. Membership was learned before
    the update's transaction (see StaffDirectory); here it is only read."""

    async def __call__(
        self, event: TelegramObject, staff_directory: StaffDirectory, event_from_user: User | None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        member = staff_directory.member(event_from_user)
        return {"staff": member} if member else False


class Unchecked(Filter):
    """Passes someone whose staff membership Telegram could not confirm just now."""

    async def __call__(
        self, event: TelegramObject, staff_directory: StaffDirectory, event_from_user: User | None
    ) -> bool:
        return event_from_user is not None and staff_directory.unchecked(event_from_user)


@dataclass(frozen=True, slots=True)
class Aim:
    """Which complaint a message in the staff group is about, and whether it is meant for
    the complainant (or answers a prompt)."""

    complaint_id: int | None = None
    to_complainant: bool = False
    prompt: str | None = None


def router(translator: Translator, categories: Categories, settings: Settings) -> Router:
    r = Router(name="staff")
    staff_chat = settings.staff_chat_id
    in_staff_chat = on_loop(lambda m: staff_chat is not None and m.chat.id == staff_chat)
    in_groups = on_loop(lambda m: m.chat.type in ("group", "supergroup"))

    def for_the_desk(message: Message) -> bool:
        """What a handler here could take: a group's message, the staff chat's, or a command."""
        return not in_private(message) or message.chat.id == staff_chat or is_command(message)

    r.message.filter(on_loop(for_the_desk))
    r.callback_query.filter(StaffAction.filter())
    not_a_command = on_loop(lambda m: not is_command(m))
    # Staff commands answer with complaint details: only in the staff group or in private.
    replying = on_loop(lambda m: m.reply_to_message is not None)
    in_thread = on_loop(lambda m: bool(m.message_thread_id))
    staff_place = on_loop(lambda m: in_private(m) or m.chat.id == staff_chat)

    @r.message(in_groups, Command("chatid"))
    async def chat_id(message: Message, replies: Replies, settings: Settings) -> None:
        i18n = translator.bind(settings.staff_language)
        say(replies, message.chat.id, i18n("staff-chat-id", id=f"<code>{message.chat.id}</code>"))

    @r.my_chat_member(in_groups)
    async def added_to_group(
        event: ChatMemberUpdated, replies: Replies, settings: Settings
    ) -> None:
        if event.new_chat_member.status not in ("member", "administrator"):
            return
        i18n = translator.bind(settings.staff_language)
        if event.chat.id == staff_chat:
            key = "staff-group-ready-forum" if event.chat.is_forum else "staff-group-ready"
            say(replies, event.chat.id, i18n(key))
        else:
            say(
                replies,
                event.chat.id,
                i18n("staff-group-not-configured", id=f"<code>{event.chat.id}</code>"),
            )

    # The card's buttons, pressed anywhere (a forwarded card too)
    @r.callback_query(StaffAction.filter(), IsStaff())
    async def staff_pressed(
        query: CallbackQuery,
        callback_data: StaffAction,
        staff: StaffMember,
        desk: StaffDesk,
        replies: Replies,
        notifier: Notifier,
        uow: UnitOfWork,
    ) -> None:
        i18n = notifier.staff_i18n
        await desk.seen(staff)
        try:
            complaint = await desk.find(callback_data.id)
            toast = await act(query, callback_data, staff, complaint, desk, replies, notifier, uow)
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

    @r.callback_query(StaffAction.filter(), Unchecked())
    async def unchecked_pressed(
        query: CallbackQuery, replies: Replies, notifier: Notifier
    ) -> None:
        acknowledge(replies, query, notifier.staff_i18n("staff-cannot-check"))

    @r.callback_query(StaffAction.filter())
    async def outsider_pressed(
        query: CallbackQuery,
        callback_data: StaffAction,
        desk: StaffDesk,
        i18n: I18n,
        replies: Replies,
        uow: UnitOfWork,
    ) -> None:
        try:
            complaint: Complaint | None = await desk.find(callback_data.id)
        except NotFound:
            complaint = None
        message = query.message if isinstance(query.message, Message) else None
        seen_there = (
            complaint is not None
            and message is not None
            and message.chat.id == staff_chat
            and complaint.id in await complaints_shown_by(uow, message)
        )
        await desk.refused(
            complaint, query.from_user.id, callback_data.action, seen_there=seen_there
        )
        acknowledge(replies, query, i18n("staff-refused"))

    async def act(
        query: CallbackQuery,
        data: StaffAction,
        staff: StaffMember,
        complaint: Complaint,
        desk: StaffDesk,
        replies: Replies,
        notifier: Notifier,
        uow: UnitOfWork,
    ) -> str | None:
        i18n = notifier.staff_i18n
        message = query.message if isinstance(query.message, Message) else None
        chat_id = message.chat.id if message else staff.user_id
        thread_id = message.message_thread_id if message and message.is_topic_message else None
        action = data.action

        def here(text: str, markup: InlineKeyboardMarkup | None = None) -> None:
            replies.add(
                SendMessage(
                    chat_id=chat_id, message_thread_id=thread_id, text=text, reply_markup=markup
                )
            )

        if action == "take":
            await desk.take(complaint, staff)
            return i18n("staff-taken")
        if action == "assign":
            here(*await assignee_chooser(uow, i18n, complaint))
            return ""
        if action == "assign_to" and data.value.lstrip("-").isdigit():
            await desk.assign(complaint, staff, int(data.value))
            return i18n("staff-assigned")
        if action == "priority":
            rows = [
                [
                    (
                        i18n(f"priority-{p}"),
                        StaffAction(action="set_priority", id=complaint.id, value=p).pack(),
                    )
                ]
                for p in Priority
            ]
            here(i18n("staff-choose-priority"), inline(rows))
            return ""
        if action == "set_priority" and data.value in set(Priority):
            await desk.set_priority(complaint, staff, data.value)
            return i18n("staff-priority-set")
        if action == "category":
            rows = [
                [
                    (
                        c.label(i18n.lang),
                        StaffAction(action="set_category", id=complaint.id, value=c.key).pack(),
                    )
                ]
                for c in categories.items
            ]
            here(i18n("staff-choose-category"), inline(rows))
            return ""
        if action == "set_category" and categories.get(data.value) is not None:
            await desk.set_category(complaint, staff, data.value)
            return i18n("staff-category-set")
        if action in PROMPTED:
            if action != "note" and not is_open(complaint.status):
                raise MoveNotAllowed(Status(complaint.status), Status.IN_PROGRESS)
            prompt(replies, notifier, complaint, action, chat_id, thread_id)
            return ""
        if action == "contact":
            phone = await desk.show_contact(complaint, staff)
            replies.add(
                AnswerCallbackQuery(
                    callback_query_id=query.id,
                    text=phone or i18n("staff-card-no-phone"),
                    show_alert=True,
                )
            )
            return None
        if action == "history":
            here(await staff_history(i18n, desk, complaint, settings))
            return ""
        if action == "export":
            content = await desk.export(complaint, staff)
            caption = i18n("staff-export-caption", code=format_code(complaint.tracking_code))
            replies.track(
                SendDocument(chat_id=staff.user_id, document="upload", caption=caption),
                upload={
                    "field": "document",
                    "filename": f"complaint-{complaint.tracking_code}.json",
                    "data": base64.b64encode(content).decode(),
                },
            )
            return i18n("staff-export-sent")
        if action == "card":
            here(await notifier.card_text(uow, complaint), staff_buttons(i18n, complaint))
            return ""
        if action == "reopen":
            await desk.reopen(complaint, staff)
            return i18n("staff-reopened")
        return i18n("callback-stale")

    # Replies to prompts, and what staff write in a complaint's thread: only a reply to the
    # card or to the complainant's own messages, or a message in the complaint's topic, with
    # text or a file, goes to the complainant; the rest stays in the staff group.
    @r.message(in_staff_chat, replying, IsStaff(), not_a_command)
    @r.message(in_staff_chat, in_thread, IsStaff(), not_a_command)
    async def staff_wrote(
        message: Message,
        staff: StaffMember,
        desk: StaffDesk,
        replies: Replies,
        notifier: Notifier,
        uow: UnitOfWork,
    ) -> None:
        i18n = notifier.staff_i18n
        aim = await aim_of(uow, message)
        if aim.complaint_id is None:
            return
        text = clean_user_text(message.text or message.caption or "") or None
        found = attachment_of(message)
        if aim.prompt is None and not (aim.to_complainant and (text or found)):
            if message.text or found or message.content_type in UNSENDABLE:
                complaint = await desk.find(aim.complaint_id)
                if await desk.hint_due(complaint, message.chat.id, message.message_id):
                    hint(replies, message, i18n, complaint)
            return
        await desk.seen(staff)
        files = [FileRef(found["kind"], found["file_id"], text)] if found else []
        try:
            complaint = await desk.find(aim.complaint_id)
            if aim.prompt is not None:
                await perform(replies, message, i18n, desk, complaint, staff, aim.prompt, text)
                return
            await desk.reply(complaint, staff, text if not files else None, files)
        except MoveNotAllowed as refused:
            answer_in_place(
                replies,
                message,
                i18n("staff-move-not-allowed", status=status_name(i18n, refused.current)),
            )

    @r.message(in_staff_chat, replying, Unchecked(), not_a_command)
    @r.message(in_staff_chat, in_thread, Unchecked(), not_a_command)
    async def unchecked_wrote(
        message: Message, replies: Replies, notifier: Notifier, uow: UnitOfWork
    ) -> None:
        aim = await aim_of(uow, message)
        meant = aim.to_complainant and (message.text or attachment_of(message))
        if aim.complaint_id is not None and (aim.prompt is not None or meant):
            answer_in_place(replies, message, notifier.staff_i18n("staff-cannot-check"))

    @r.message(staff_place, Command(*PROMPTED, "assign", "complaint", "open"), Unchecked())
    @r.message(in_staff_chat, Command("mine"), Unchecked())
    async def unchecked_command(message: Message, replies: Replies, notifier: Notifier) -> None:
        answer_in_place(replies, message, notifier.staff_i18n("staff-cannot-check"))

    @r.message(staff_place, Command(*PROMPTED, "assign", "complaint"), IsStaff())
    async def staff_command(
        message: Message,
        command: CommandObject,
        staff: StaffMember,
        desk: StaffDesk,
        replies: Replies,
        notifier: Notifier,
        uow: UnitOfWork,
    ) -> None:
        i18n = notifier.staff_i18n
        complaint, text = await complaint_and_text(uow, desk, message, command.args or "")
        if complaint is None:
            answer_in_place(
                replies, message, i18n("staff-command-needs-complaint", command=command.command)
            )
            return
        if command.command in PROMPTED:
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
                reply_markup=staff_buttons(notifier.staff_i18n, complaint),
            )
        )
        answer_in_place(replies, message, await staff_history(i18n, desk, complaint, settings))

    @r.message(staff_place, Command("open", "mine"), IsStaff())
    async def staff_lists(
        message: Message,
        command: CommandObject,
        staff: StaffMember,
        desk: StaffDesk,
        replies: Replies,
        notifier: Notifier,
    ) -> None:
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

    return r


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


async def aim_of(uow: UnitOfWork, message: Message) -> Aim:
    """Decide by the kind of message replied to, or the topic written in: a reply to a
    prompt answers it; a reply to the card or to the complainant's own (relayed) message, or
    a message in the complaint's topic that does not reply to an internal one (a note, a
    ping, a notice, the bot's own answers), is for the complainant; anything else is not."""
    reply = message.reply_to_message
    in_topic = bool(message.is_topic_message and message.message_thread_id)
    topic_refs = (
        await uow.message_refs.refs_of(message.chat.id, message.message_thread_id or 0)
        if in_topic
        else []
    )
    topic = next((complaint_of_ref(r) for r in topic_refs if ref_kind(r) == "topic"), None)
    # In a topic Telegram sets the topic's first message as what every message replies to.
    if reply is None or (in_topic and reply.message_id == message.message_thread_id):
        return Aim(topic, to_complainant=topic is not None)
    refs = await uow.message_refs.refs_of(message.chat.id, reply.message_id)
    for ref in refs:
        if ref_kind(ref) == "prompt":
            _, action, id_text = ref.split(":")
            return Aim(int(id_text), prompt=action)
    kinds = {ref_kind(r): c for r in refs if (c := complaint_of_ref(r)) is not None}
    for kind in ("card", "relay"):
        if kind in kinds:
            return Aim(kinds[kind], to_complainant=True)
    if "internal" in kinds:
        return Aim(kinds["internal"])
    if topic is not None:
        by_a_bot = reply.from_user is not None and reply.from_user.is_bot
        return Aim(topic, to_complainant=not by_a_bot)
    return Aim()


def hint(replies: Replies, message: Message, i18n: I18n, complaint: Complaint) -> None:
    """Say, under what a staff member wrote, that it stayed in the staff group and how to
    reach the complainant."""
    in_topic = bool(message.is_topic_message)
    replies.track(
        SendMessage(
            chat_id=message.chat.id,
            message_thread_id=message.message_thread_id if in_topic else None,
            text=i18n("staff-hint-not-relayed-forum" if in_topic else "staff-hint-not-relayed"),
            reply_to_message_id=message.message_id,
            allow_sending_without_reply=True,
        ),
        ref=internal_ref(complaint.id),
    )


async def complaints_shown_by(uow: UnitOfWork, message: Message) -> set[int | None]:
    """The complaints a message in the staff group shows: its own refs and its topic's."""
    refs = await uow.message_refs.refs_of(message.chat.id, message.message_id)
    if message.is_topic_message and message.message_thread_id:
        refs += await uow.message_refs.refs_of(message.chat.id, message.message_thread_id)
    return {complaint_of_ref(ref) for ref in refs}


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


def prompt(
    replies: Replies,
    notifier: Notifier,
    complaint: Complaint,
    action: str,
    chat_id: int,
    thread_id: int | None,
) -> None:
    """Ask the staff member for the text an action needs, as a reply to this message."""
    i18n = notifier.staff_i18n
    replies.track(
        SendMessage(
            chat_id=chat_id,
            message_thread_id=thread_id,
            text=i18n(f"staff-prompt-{action}", code=format_code(complaint.tracking_code)),
            reply_markup=ForceReply(selective=True),
        ),
        ref=f"prompt:{action}:{complaint.id}",
    )


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

"""What staff write in the staff group: only a reply to the card or to the complainant's own
messages, or a message in the complaint's topic, with text or a file, goes to the
complainant; a reply to a prompt answers it; the rest stays in the staff group."""

from dataclasses import dataclass

from aiogram import Router
from aiogram.methods import SendMessage
from aiogram.types import Message

from bot.domain.notices import FileRef
from bot.domain.status import MoveNotAllowed
from bot.domain.text_clean import clean_user_text
from bot.messages.i18n import I18n
from bot.messages.notifier import Notifier, complaint_of_ref, internal_ref, ref_kind
from bot.messages.replies import Replies
from bot.messages.views import status_name
from bot.services.staff_desk import StaffDesk, StaffMember
from handlers.attachments import attachment_of
from handlers.staff.answers import answer_in_place, perform
from handlers.staff.filters import IsStaff, Unchecked, in_a_thread, in_chat, not_a_command
from storage.models import Complaint
from storage.unit_of_work import UnitOfWork

# What a person posts that the complainant cannot be sent; service messages (pins, topic
# edits, members joining) are neither relayed nor worth a hint.
UNSENDABLE = frozenset(
    "sticker poll contact location venue dice story game paid_media live_photo checklist".split()
)


def register(r: Router, staff_chat: int | None) -> None:
    """A reply or a message in a topic of the staff group, not a command: from staff, then
    from someone unconfirmed."""
    here = in_chat(staff_chat)
    r.message.register(staff_wrote, here, in_a_thread, IsStaff(), not_a_command)
    r.message.register(unchecked_wrote, here, in_a_thread, Unchecked(), not_a_command)


@dataclass(frozen=True, slots=True)
class Aim:
    """Which complaint a message in the staff group is about, and whether it is meant for
    the complainant (or answers a prompt)."""

    complaint_id: int | None = None
    to_complainant: bool = False
    prompt: str | None = None


async def staff_wrote(
    message: Message,
    staff: StaffMember,
    desk: StaffDesk,
    replies: Replies,
    notifier: Notifier,
    uow: UnitOfWork,
) -> None:
    """Relay it, do the prompted action, or (once in a while) hint that it stayed here."""
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


async def unchecked_wrote(
    message: Message, replies: Replies, notifier: Notifier, uow: UnitOfWork
) -> None:
    """Telegram could not say just now whether this is staff: what was meant for the
    complainant (or a prompt) is not passed on, and that is said."""
    aim = await aim_of(uow, message)
    meant = aim.to_complainant and (message.text or attachment_of(message))
    if aim.complaint_id is not None and (aim.prompt is not None or meant):
        answer_in_place(replies, message, notifier.staff_i18n("staff-cannot-check"))


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

"""Turns notices into Telegram calls: staff cards and threads, messages to the complainant in
their own language, pings to supervisors. Everything goes out through the outbox."""

from datetime import timedelta
from html import escape
from typing import Any

from aiogram.methods import (
    CreateForumTopic,
    EditMessageText,
    SendAudio,
    SendDocument,
    SendMessage,
    SendPhoto,
    SendVideo,
    SendVoice,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardMarkup

from bot.callbacks import StaffAction
from bot.categories import Categories
from bot.dates import format_both, format_date
from bot.i18n import I18n, Translator
from bot.keyboards import inline
from bot.notices import (
    CardChanged,
    FileRef,
    NewComplaint,
    Notice,
    TellAssignee,
    TellComplainant,
    TellStaff,
    TellSupervisors,
)
from bot.owner_card import owner_card_call
from bot.replies import Replies
from bot.services.survey import next_question
from bot.settings import Settings
from bot.staff_keyboards import complainant_buttons, staff_buttons
from bot.survey_view import survey_question
from bot.text_clean import trim
from bot.tracking_code import format_code
from storage.models import Complaint
from storage.unit_of_work import UnitOfWork

CARD_DESCRIPTION = 1500
TOPIC_NAME = 120
SENDERS: dict[str, type[TelegramMethod[Any]]] = {
    "photo": SendPhoto,
    "document": SendDocument,
    "video": SendVideo,
    "voice": SendVoice,
    "audio": SendAudio,
    "animation": SendDocument,
    "video_note": SendVideo,
}


def card_ref(complaint_id: int) -> str:
    return f"card:{complaint_id}"


def topic_ref(complaint_id: int) -> str:
    return f"topic:{complaint_id}"


def relay_ref(complaint_id: int) -> str:
    """The complainant's own words and files, posted for staff: a reply to one reaches them.
    Refs stored before internal messages had their own kind are all of this kind."""
    return f"relay:{complaint_id}"


def internal_ref(complaint_id: int) -> str:
    """A message for staff only (a note, a ping, a notice): a reply to it stays internal."""
    return f"internal:{complaint_id}"


def owner_card_ref(complaint_id: int) -> str:
    return f"owner-card:{complaint_id}"


def complaint_of_ref(ref: str) -> int | None:
    """The complaint a staff-side message ref belongs to."""
    kind, _, rest = ref.partition(":")
    if kind in ("card", "topic", "relay", "internal") and rest.isdigit():
        return int(rest)
    return None


def ref_kind(ref: str) -> str:
    """What a staff-side message stands for: "card", "topic", "relay", "internal", "prompt"…"""
    return ref.partition(":")[0]


class Notifier:
    def __init__(
        self,
        translator: Translator,
        categories: Categories,
        settings: Settings,
        forum: bool,
    ) -> None:
        self._translator = translator
        self._categories = categories
        self._settings = settings
        self.forum = forum

    @property
    def staff_chat(self) -> int | None:
        return self._settings.staff_chat_id

    @property
    def staff_i18n(self) -> I18n:
        return self._translator.bind(self._settings.staff_language)

    async def render(self, unit: UnitOfWork, notices: list[Notice], replies: Replies) -> None:
        """Queue the calls for a batch of notices; each card is edited once, at the end."""
        cards: list[int] = []
        complaints = await unit.complaints.many({notice.complaint_id for notice in notices})
        for notice in notices:
            complaint = complaints.get(notice.complaint_id)
            if complaint is None:
                continue
            if isinstance(notice, NewComplaint):
                await self._new_card(unit, complaint, replies)
            elif isinstance(notice, CardChanged):
                if notice.complaint_id not in cards:
                    cards.append(notice.complaint_id)
            elif isinstance(notice, TellComplainant):
                await self._tell_complainant(unit, complaint, notice, replies)
            elif isinstance(notice, TellStaff):
                self._tell_staff(complaint, notice, replies)
            elif isinstance(notice, TellSupervisors):
                self._tell_supervisors(complaint, notice, replies)
            elif isinstance(notice, TellAssignee):
                self._tell_assignee(complaint, notice, replies)
        for complaint_id in cards:
            complaint = complaints.get(complaint_id)
            if complaint is not None and self.staff_chat is not None:
                replies.track(
                    EditMessageText(
                        chat_id=self.staff_chat,
                        text=await self.card_text(unit, complaint),
                        reply_markup=staff_buttons(self.staff_i18n, complaint),
                    ),
                    resolve={"message_id": card_ref(complaint.id)},
                )

    async def card_text(self, unit: UnitOfWork, complaint: Complaint) -> str:
        """The staff card: everything but the phone number, which needs a logged tap."""
        i18n = self.staff_i18n
        complainant = await unit.complainants.by_id(complaint.complainant_id)
        reachable = complainant is not None and complainant.blocked_at is None
        remedy = i18n(f"remedy-{complaint.remedy}")
        if complaint.remedy_text:
            remedy = f"{remedy}: {escape(complaint.remedy_text)}"
        return i18n(
            "staff-card",
            code=f"<code>{format_code(complaint.tracking_code)}</code>",
            category=escape(self._categories.label(complaint.category, i18n.lang)),
            status=i18n(f"status-name-{complaint.status.replace('_', '-')}"),
            priority=i18n(f"priority-{complaint.priority}"),
            assignee=escape(complaint.assignee_name or i18n("staff-card-nobody")),
            filed=format_both(complaint.created_at, self._settings.zone),
            occurred=(
                format_date(complaint.occurred_on, i18n.lang)
                if complaint.occurred_on
                else i18n("summary-not-given")
            ),
            location=escape(complaint.location)
            if complaint.location
            else i18n("summary-not-given"),
            remedy=remedy,
            attachments=len(complaint.attachments),
            reachable=i18n("staff-card-reachable" if reachable else "staff-card-unreachable"),
            phone=i18n(
                "staff-card-phone-hidden" if complaint.contact_phone else "staff-card-no-phone"
            ),
            description=escape(trim(complaint.description, CARD_DESCRIPTION)) or "—",
        )

    def topic_name(self, complaint: Complaint) -> str:
        """The forum topic's title: code and category."""
        label = self._categories.label(complaint.category, self._settings.staff_language)
        return f"{format_code(complaint.tracking_code)} · {label}"[:TOPIC_NAME]

    def _thread(self, complaint: Complaint) -> tuple[dict[str, str], dict[str, str] | None]:
        """Where staff-side messages of a complaint go: its topic, or under its card."""
        if self.forum:
            topic = {
                "name": self.topic_name(complaint),
                "notice": self.staff_i18n("staff-topic-recreated"),
            }
            return {"message_thread_id": topic_ref(complaint.id)}, topic
        return {"reply_to_message_id": card_ref(complaint.id)}, None

    async def _new_card(self, unit: UnitOfWork, complaint: Complaint, replies: Replies) -> None:
        if self.staff_chat is None:
            return
        text = await self.card_text(unit, complaint)
        markup = staff_buttons(self.staff_i18n, complaint)
        if self.forum:
            replies.track(
                CreateForumTopic(chat_id=self.staff_chat, name=self.topic_name(complaint)),
                ref=topic_ref(complaint.id),
            )
            resolve, topic = self._thread(complaint)
            replies.track(
                SendMessage(chat_id=self.staff_chat, text=text, reply_markup=markup),
                ref=card_ref(complaint.id),
                resolve=resolve,
                topic=topic,
            )
        else:
            replies.track(
                SendMessage(chat_id=self.staff_chat, text=text, reply_markup=markup),
                ref=card_ref(complaint.id),
            )
        files = tuple(FileRef(a.kind, a.file_id, a.caption) for a in complaint.attachments)
        self._files_to_staff(complaint, files, replies)

    def _files_to_staff(
        self, complaint: Complaint, files: tuple[FileRef, ...], replies: Replies
    ) -> None:
        assert self.staff_chat is not None
        resolve, topic = self._thread(complaint)
        for file in files:
            replies.track(
                _file_call(self.staff_chat, file),
                ref=relay_ref(complaint.id),
                resolve=resolve,
                topic=topic,
            )

    def _tell_staff(self, complaint: Complaint, notice: TellStaff, replies: Replies) -> None:
        if self.staff_chat is None:
            return
        i18n = self.staff_i18n
        text = i18n(
            f"staff-thread-{notice.kind.replace('_', '-')}",
            code=format_code(complaint.tracking_code),
            text=escape(notice.text or ""),
            actor=escape(notice.actor or ""),
            late=duration_text(i18n, notice.duration),
        )
        resolve, topic = self._thread(complaint)
        markup = ping_buttons(i18n, complaint) if notice.kind in PINGS else None
        replies.track(
            SendMessage(chat_id=self.staff_chat, text=text, reply_markup=markup),
            ref=relay_ref(complaint.id) if notice.kind in RELAYED else internal_ref(complaint.id),
            resolve=resolve,
            topic=topic,
        )
        self._files_to_staff(complaint, notice.files, replies)

    def _tell_supervisors(
        self, complaint: Complaint, notice: TellSupervisors, replies: Replies
    ) -> None:
        i18n = self.staff_i18n
        text = i18n(
            f"supervisor-{notice.kind.replace('_', '-')}",
            code=f"<code>{format_code(complaint.tracking_code)}</code>",
            text=escape(notice.text or "—"),
            actor=escape(notice.actor or ""),
            late=duration_text(i18n, notice.duration),
        )
        markup = ping_buttons(i18n, complaint)
        for supervisor in sorted(self._settings.supervisors):
            replies.add(SendMessage(chat_id=supervisor, text=text, reply_markup=markup))

    def _tell_assignee(self, complaint: Complaint, notice: TellAssignee, replies: Replies) -> None:
        if complaint.assignee_id is None:
            return
        i18n = self.staff_i18n
        text = i18n(
            f"assignee-{notice.kind.replace('_', '-')}",
            code=f"<code>{format_code(complaint.tracking_code)}</code>",
            left=duration_text(i18n, notice.duration),
        )
        replies.add(
            SendMessage(
                chat_id=complaint.assignee_id,
                text=text,
                reply_markup=ping_buttons(i18n, complaint),
            )
        )

    async def _tell_complainant(
        self, unit: UnitOfWork, complaint: Complaint, notice: TellComplainant, replies: Replies
    ) -> None:
        complainant = await unit.complainants.by_id(complaint.complainant_id)
        if complainant is None:
            return
        i18n = self._translator.bind(complainant.language)
        organisation = (
            self._settings.organisation_name_fa
            if i18n.lang == "fa"
            else self._settings.organisation_name
        )
        text = i18n(
            f"to-complainant-{notice.kind.replace('_', '-')}",
            code=f"<code>{format_code(complaint.tracking_code)}</code>",
            organisation=escape(organisation),
            text=escape(notice.text or ""),
            grace=duration_text(i18n, self._settings.policy.reopen_grace),
        )
        if self._settings.show_staff_names and notice.actor:
            text += "\n\n" + i18n("to-complainant-signature", name=escape(notice.actor))
        markup: InlineKeyboardMarkup | None = complainant_buttons(i18n, complaint, notice.kind)
        if notice.kind in ("survey", "survey_reminder"):
            survey = await unit.surveys.get(complaint.id)
            if survey is None or survey.completed_at is not None:
                return
            question, markup = survey_question(
                i18n, complaint.id, complaint.tracking_code, next_question(survey)
            )
            text = f"{text}\n\n{question}"
        replies.add(SendMessage(chat_id=complainant.chat_id, text=text, reply_markup=markup))
        for file in notice.files:
            replies.add(_file_call(complainant.chat_id, file))
        if await unit.message_refs.newest(owner_card_ref(complaint.id)) is not None:
            replies.track(
                await owner_card_call(unit, i18n, complaint, self._categories, self._settings),
                resolve={"message_id": owner_card_ref(complaint.id)},
            )


def _file_call(chat_id: int, file: FileRef) -> TelegramMethod[Any]:
    sender = SENDERS.get(file.kind, SendDocument)
    field = {
        SendPhoto: "photo",
        SendDocument: "document",
        SendVideo: "video",
        SendVoice: "voice",
        SendAudio: "audio",
    }[sender]
    return sender(chat_id=chat_id, caption=file.caption, **{field: file.file_id})


PINGS = frozenset({"unassigned", "breached"})
# What the complainant said; every other notice in a complaint's thread is internal.
RELAYED = frozenset({"answer", "info"})


def ping_buttons(i18n: I18n, complaint: Complaint) -> InlineKeyboardMarkup:
    """Open the card here, or take the complaint, straight from a ping."""
    return inline(
        [
            [
                (i18n("staff-button-open"), StaffAction(action="card", id=complaint.id).pack()),
                (i18n("staff-button-take"), StaffAction(action="take", id=complaint.id).pack()),
            ]
        ]
    )


def duration_text(i18n: I18n, duration: timedelta | None) -> str:
    """A span of time in words ("2 days, 3 hours"), leaving out what is zero."""
    if duration is None:
        return ""
    minutes = max(int(duration.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        i18n(key, count=value)
        for key, value in (("duration-days", days), ("duration-hours", hours))
        if value
    ]
    if minutes or not parts:
        parts.append(i18n("duration-minutes", count=minutes))
    joiner = i18n("duration-joiner")
    return (f" {joiner} " if i18n.rtl else f"{joiner} ").join(parts)

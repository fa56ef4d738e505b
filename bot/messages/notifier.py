"""Turns notices into Telegram calls: staff cards and threads, messages to the complainant in
their own language, pings to supervisors. Everything goes out through the outbox."""

from datetime import timedelta
from html import escape
from typing import Any

from aiogram.methods import (
    CreateForumTopic,
    EditMessageText,
    SendAnimation,
    SendAudio,
    SendDocument,
    SendMessage,
    SendPhoto,
    SendVideo,
    SendVideoNote,
    SendVoice,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardMarkup

from bot.domain.categories import Categories
from bot.domain.dates import format_both, format_date
from bot.domain.erasure import erased_because, is_pseudonym
from bot.domain.notices import (
    CardChanged,
    FileRef,
    NewComplaint,
    Notice,
    TellAssignee,
    TellComplainant,
    TellStaff,
    TellSupervisors,
)
from bot.domain.text_clean import trim
from bot.domain.tracking_code import format_code
from bot.messages.callbacks import StaffAction
from bot.messages.i18n import I18n, Translator
from bot.messages.keyboards import inline
from bot.messages.owner_card import owner_card_call
from bot.messages.replies import Replies
from bot.messages.staff_keyboards import complainant_buttons, staff_buttons
from bot.messages.survey_view import survey_question
from bot.services.survey import next_question
from bot.settings import Settings
from storage.models import Complaint
from storage.unit_of_work import UnitOfWork

CARD_DESCRIPTION = 1500
TOPIC_NAME = 120
# Each kind of file goes back as what it was: a video note stays round, a GIF stays a GIF.
SENDERS: dict[str, type[TelegramMethod[Any]]] = {
    "photo": SendPhoto,
    "document": SendDocument,
    "video": SendVideo,
    "voice": SendVoice,
    "audio": SendAudio,
    "animation": SendAnimation,
    "video_note": SendVideoNote,
}
SENDERS_FIELD: dict[type[TelegramMethod[Any]], str] = {
    sender: kind for kind, sender in SENDERS.items()
}
# Kinds Telegram sends with a caption (a video note has none).
CAPTIONED = frozenset(SENDERS) - {"video_note"}
# Relayed kinds whose words are the complainant's; a failure to show them is told to them.
# What the complainant said; every other notice in a complaint's thread is internal.
FROM_COMPLAINANT = frozenset({"info", "answer"})


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
        return self._translator.bind(self._settings.staff_language, staff=True)

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
            filed=format_both(complaint.created_at, self._settings.zone, i18n.lang),
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
            description=erased_note(i18n, complaint)
            or escape(trim(complaint.description, CARD_DESCRIPTION))
            or "—",
        )

    def topic_name(self, complaint: Complaint) -> str:
        """The forum topic's title: code and category."""
        label = self._categories.label(complaint.category, self._settings.staff_language)
        return f"{format_code(complaint.tracking_code)} · {label}"[:TOPIC_NAME]

    def _thread(self, complaint: Complaint) -> tuple[dict[str, str], dict[str, str] | None]:
        """Where staff-side messages of a complaint go: its topic, or under its card."""
        if self.forum:
            name = self.topic_name(complaint)
            topic = {
                "name": name,
                "notice": self.staff_i18n("staff-topic-recreated"),
                "fallback": self.staff_i18n("staff-topic-fallback", topic=escape(name)),
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
                about=about(complaint, "card"),
            )
        else:
            replies.track(
                SendMessage(chat_id=self.staff_chat, text=text, reply_markup=markup),
                ref=card_ref(complaint.id),
                about=about(complaint, "card"),
            )
        files = tuple(FileRef(a.kind, a.file_id, a.caption) for a in complaint.attachments)
        self._files_to_staff(complaint, files, replies)

    def _files_to_staff(
        self,
        complaint: Complaint,
        files: tuple[FileRef, ...],
        replies: Replies,
        lead: str | None = None,
    ) -> None:
        """The complainant's files in the complaint's thread, each with its caption; `lead`
        (what the relayed message says, with the caption) replaces the first one's."""
        assert self.staff_chat is not None
        resolve, topic = self._thread(complaint)
        for index, file in enumerate(files):
            caption = lead if index == 0 and lead is not None else caption_of(file)
            replies.track(
                _file_call(self.staff_chat, file, caption),
                ref=relay_ref(complaint.id),
                resolve=resolve,
                topic=topic,
                about=about(complaint, "complainant"),
            )

    def _tell_staff(self, complaint: Complaint, notice: TellStaff, replies: Replies) -> None:
        if self.staff_chat is None:
            return
        i18n = self.staff_i18n
        markup = ping_buttons(i18n, complaint) if notice.kind in PINGS else None
        first = notice.files[0] if notice.files else None
        if notice.text is None and first is not None and first.kind in CAPTIONED:
            # One message, the file, saying what the text would have said.
            own = notice.kind == "info" and first.caption
            lead = caption_of(first) if own else self._staff_line(complaint, notice, first.caption)
            self._files_to_staff(complaint, notice.files, replies, lead)
            return
        resolve, topic = self._thread(complaint)
        who = "complainant" if notice.kind in FROM_COMPLAINANT else "thread"
        replies.track(
            SendMessage(
                chat_id=self.staff_chat,
                text=self._staff_line(complaint, notice, notice.text),
                reply_markup=markup,
            ),
            ref=relay_ref(complaint.id) if who == "complainant" else internal_ref(complaint.id),
            resolve=resolve,
            topic=topic,
            about=about(complaint, who),
        )
        self._files_to_staff(complaint, notice.files, replies)

    def _staff_line(self, complaint: Complaint, notice: TellStaff, text: str | None) -> str:
        """What a notice says in the complaint's thread, with `text` (a person's) escaped."""
        i18n = self.staff_i18n
        return i18n(
            f"staff-thread-{notice.kind.replace('_', '-')}",
            code=format_code(complaint.tracking_code),
            text=escape(text or ""),
            actor=escape(notice.actor or ""),
            late=duration_text(i18n, notice.duration),
        )

    async def delivery_failed(
        self, unit: UnitOfWork, failed: dict[str, Any], method: str, error: str, replies: Replies
    ) -> None:
        """Say what Telegram refused for good, and why: in the complaint's thread (staff
        language), and to the complainant when it was their words that did not reach the staff.
        `failed` is the row's `about`: its complaint and whose words it carried."""
        complaint = await unit.complaints.by_id(int(failed.get("complaint", 0)))
        if complaint is None:
            return
        source = str(failed.get("from", ""))
        kind = KIND_OF_METHOD.get(method, "text")
        reason, detail = failure_reason(error)
        if self.staff_chat is not None:
            i18n = self.staff_i18n
            key = STAFF_FAILURE_KEYS.get(source, "staff-delivery-failed")
            resolve, topic = self._thread(complaint)
            replies.track(
                SendMessage(
                    chat_id=self.staff_chat, text=_failure_text(i18n, key, kind, reason, detail)
                ),
                resolve=resolve,
                topic=topic,
            )
        if source == "complainant":
            complainant = await unit.complainants.by_id(complaint.complainant_id)
            if complainant is not None and complainant.blocked_at is None:
                i18n = self._translator.bind(complainant.language)
                text = _failure_text(
                    i18n,
                    "delivery-failed-to-staff",
                    kind,
                    reason,
                    detail,
                    code=f"<code>{format_code(complaint.tracking_code)}</code>",
                )
                replies.add(SendMessage(chat_id=complainant.chat_id, text=text))

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
        if complainant is None or is_pseudonym(complainant.chat_id):
            return  # erased: there is nobody to tell
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
        signature = ""
        if self._settings.show_staff_names and notice.actor:
            signature = "\n\n" + i18n("to-complainant-signature", name=escape(notice.actor))
        markup: InlineKeyboardMarkup | None = complainant_buttons(i18n, complaint, notice.kind)
        if notice.kind in ("survey", "survey_reminder"):
            survey = await unit.surveys.get(complaint.id)
            if survey is None or survey.completed_at is not None:
                return
            question, markup = survey_question(
                i18n, complaint.id, complaint.tracking_code, next_question(survey)
            )
            signature = f"{signature}\n\n{question}"
        told = about(complaint, "to-complainant")
        files = list(notice.files)
        if notice.text is None and files and files[0].kind in CAPTIONED:
            # One message, the file: with its own caption, or else with what the text said.
            first = files.pop(0)
            caption = caption_of(first) if first.caption else text
            call = _file_call(complainant.chat_id, first, caption + signature, markup)
        else:
            call = SendMessage(
                chat_id=complainant.chat_id, text=text + signature, reply_markup=markup
            )
        replies.track(call, about=told)
        for file in files:
            replies.track(_file_call(complainant.chat_id, file, caption_of(file)), about=told)
        if await unit.message_refs.newest(owner_card_ref(complaint.id)) is not None:
            replies.track(
                await owner_card_call(unit, i18n, complaint, self._categories, self._settings),
                resolve={"message_id": owner_card_ref(complaint.id)},
            )


def erased_note(i18n: I18n, complaint: Complaint) -> str | None:
    """What stands on the card where an erased complaint's description was."""
    why = erased_because(complaint.submission_key)
    return None if why is None else i18n(f"staff-card-erased-{why}")


def _file_call(
    chat_id: int,
    file: FileRef,
    caption: str | None,
    markup: InlineKeyboardMarkup | None = None,
) -> TelegramMethod[Any]:
    """The call that sends a file as the kind it is, with a caption already made safe."""
    sender = SENDERS.get(file.kind, SendDocument)
    fields: dict[str, Any] = {"chat_id": chat_id, "reply_markup": markup}
    if file.kind in CAPTIONED and caption:
        fields["caption"] = caption
    return sender(**fields, **{SENDERS_FIELD.get(sender, "document"): file.file_id})


def caption_of(file: FileRef) -> str:
    """A file's own caption as HTML: what a person wrote is never markup."""
    return escape(file.caption or "")


def about(complaint: Complaint, source: str) -> dict[str, Any]:
    """What a queued message is about, for when Telegram refuses it: its complaint, and whose
    words it carries: the `complainant`'s to staff, a message `to-complainant`, the `card`, or
    a `thread` notice."""
    return {"complaint": complaint.id, "from": source}


KIND_OF_METHOD = {
    "sendPhoto": "photo",
    "sendVideo": "video",
    "sendDocument": "document",
    "sendVoice": "voice",
    "sendAudio": "audio",
    "sendAnimation": "animation",
    "sendVideoNote": "video-note",
    "createForumTopic": "topic",
}
# Telegram's words for why a message was refused, and how the locales say it.
REASONS = (
    ("too long", "too-long"),
    ("too_long", "too-long"),
    ("parse entities", "markup"),
    ("file", "file"),
    ("not found", "gone"),
)
FAILURE_DETAIL = 160
STAFF_FAILURE_KEYS = {
    "complainant": "staff-delivery-failed-from-complainant",
    "to-complainant": "staff-delivery-failed-to-complainant",
}


def failure_reason(error: str) -> tuple[str, str]:
    """A reason the locales can say (`other` with Telegram's own words) for an error."""
    detail = error.split(" - ", 1)[-1].strip()
    lowered = detail.lower()
    reason = next((key for marker, key in REASONS if marker in lowered), "other")
    return reason, escape(trim(detail, FAILURE_DETAIL))


def _failure_text(i18n: I18n, key: str, kind: str, reason: str, detail: str, **args: str) -> str:
    """A "could not be delivered" notice in one language."""
    what = i18n("delivery-what", kind=kind)
    why = i18n("delivery-why", reason=reason, detail=detail)
    return i18n(key, what=what, why=why, **args)


PINGS = frozenset({"unassigned", "breached"})


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

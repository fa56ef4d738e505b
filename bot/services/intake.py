"""Turning a confirmed draft into a complaint with a tracking code, exactly once."""

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain import tracking_code
from bot.domain.events import Actor, EventKind
from bot.domain.notices import NewComplaint
from bot.domain.status import Status
from bot.services.use_case import UseCase
from storage.models import Attachment, Complainant, Complaint


@dataclass(frozen=True, slots=True)
class AttachmentDraft:
    kind: str
    file_id: str
    file_unique_id: str
    caption: str | None = None


def attachments_of(
    complaint_id: int, drafts: list[AttachmentDraft], at: datetime, event_id: int | None = None
) -> list[Attachment]:
    """Rows for files sent with a complaint, or later with one event of its history."""
    return [
        Attachment(
            complaint_id=complaint_id,
            event_id=event_id,
            kind=item.kind,
            file_id=item.file_id,
            file_unique_id=item.file_unique_id,
            caption=item.caption,
            created_at=at,
        )
        for item in drafts
    ]


@dataclass(slots=True)
class Draft:
    category: str
    description: str
    remedy: str
    consent_at: datetime
    attachments: list[AttachmentDraft] = field(default_factory=list)
    occurred_on: date | None = None
    location: str | None = None
    remedy_text: str | None = None
    name: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Filed:
    complaint: Complaint
    created: bool


class IntakeService(UseCase):
    """Filing a complaint from the complainant's draft."""

    async def submit(self, complainant: Complainant, draft: Draft, submission_key: str) -> Filed:
        """File the draft; a repeated submission of the same draft returns the first complaint."""
        existing = await self._uow.complaints.by_submission(submission_key)
        if existing is not None:
            return Filed(existing, created=False)
        now = self._clock.now()
        complaint = Complaint(
            tracking_code=await self._fresh_code(),
            submission_key=submission_key,
            complainant_id=complainant.id,
            category=draft.category,
            description=draft.description,
            occurred_on=draft.occurred_on,
            location=draft.location,
            remedy=draft.remedy,
            remedy_text=draft.remedy_text,
            contact_name=draft.name,
            contact_phone=draft.phone,
            language=complainant.language,
            status=Status.RECEIVED,
            priority="normal",
            ladder=0,
            consent_at=draft.consent_at,
            created_at=now,
            updated_at=now,
        )
        self._deadlines.plan(complaint)  # before the INSERT, so that one statement has it all
        await self._uow.complaints.add(complaint)
        await self._uow.complaints.add_attachments(
            attachments_of(complaint.id, draft.attachments, now)
        )
        await self._uow.complaints.log(
            complaint_id=complaint.id,
            kind=EventKind.FILED,
            actor_kind=Actor.COMPLAINANT,
            actor_id=complainant.telegram_user_id,
            at=now,
            old_status=None,
            new_status=Status.RECEIVED,
            payload={"attachments": len(draft.attachments)},
        )
        self._notices.add(NewComplaint(complaint.id))
        if draft.phone:
            complainant.phone = draft.phone
        if draft.name:
            complainant.name = draft.name
        return Filed(complaint, created=True)

    async def already_filed(self, submission_key: str) -> Complaint | None:
        """The complaint filed from a draft, if that draft was confirmed before."""
        return await self._uow.complaints.by_submission(submission_key)

    async def _fresh_code(self) -> str:
        while True:
            code = tracking_code.generate()
            if not await self._uow.complaints.code_taken(code):
                return code

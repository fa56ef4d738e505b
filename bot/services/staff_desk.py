"""What staff do to a complaint. Every action is checked against the stage the complaint is in,
written to its history with who and when, and followed by the notices it calls for."""

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.events import Actor, EventKind
from bot.domain.notices import (
    CardChanged,
    FileRef,
    TellComplainant,
    TellStaff,
    TellSupervisors,
)
from bot.domain.priority import Priority
from bot.domain.status import OPEN, MoveNotAllowed, Status, check_move
from bot.services.complaint_fields import told
from bot.services.history import record_move
from bot.services.use_case import UseCase
from storage.models import Complaint, ComplaintEvent

log = logging.getLogger(__name__)

# The message ref that remembers a complaint's thread was told what reaches the complainant.
HINT_REF = "staff-hint"


@dataclass(frozen=True, slots=True)
class StaffMember:
    user_id: int
    name: str
    supervisor: bool = False


class NotFound(Exception):
    """No complaint with that code or id."""


class NotAllowed(Exception):
    """This staff member may not do this (e.g. only supervisors reassign or reopen)."""


class HeldByOther(NotAllowed):
    """Another staff member holds the complaint; only a supervisor takes it over."""

    def __init__(self, holder: str) -> None:
        super().__init__("take")
        self.holder = holder


class StaffDesk(UseCase):
    """What staff do with a complaint: take it, ask, note, decide, escalate."""

    async def find(self, code_or_id: str | int) -> Complaint:
        """A complaint by tracking code or id."""
        if isinstance(code_or_id, int):
            complaint = await self._uow.complaints.by_id(code_or_id)
        else:
            complaint = await self._uow.complaints.by_code(code_or_id)
        if complaint is None:
            raise NotFound(str(code_or_id))
        return complaint

    async def seen(self, staff: StaffMember) -> None:
        """Remember a staff member, so they can be chosen as an assignee."""
        await self._uow.staff.seen(staff.user_id, staff.name, self._clock.now())

    async def take(self, complaint: Complaint, staff: StaffMember) -> Complaint:
        """Assign the complaint to oneself; a new or reopened one moves to in progress. One
        that a colleague holds only a supervisor takes over: an agent's press is refused."""
        await self._uow.complaints.lock(complaint)
        if complaint.assignee_id not in (None, staff.user_id) and not staff.supervisor:
            raise HeldByOther(complaint.assignee_name or "")
        await self._assign(complaint, staff, staff.user_id, staff.name)
        return complaint

    async def assign(self, complaint: Complaint, staff: StaffMember, to_user_id: int) -> Complaint:
        """A supervisor gives the complaint to another agent."""
        await self._uow.complaints.lock(complaint)
        if not staff.supervisor and complaint.assignee_id not in (None, staff.user_id):
            raise NotAllowed("reassign")
        member = await self._uow.staff.get(to_user_id)
        if member is None:
            raise NotFound(str(to_user_id))
        await self._assign(complaint, staff, member.telegram_user_id, member.name)
        return complaint

    async def set_priority(self, complaint: Complaint, staff: StaffMember, priority: str) -> None:
        """Change how urgent the complaint is."""
        await self._uow.complaints.lock(complaint)
        value = Priority(priority)
        self._open_or_raise(complaint, Status.IN_PROGRESS)
        old, target = complaint.priority, self._deadlines.target_of(complaint)
        complaint.priority = value
        self._deadlines.replan(complaint, target)
        await self._event(
            complaint, staff, EventKind.PRIORITY_CHANGED, {"from": old, "to": str(value)}
        )
        self._notices.add(CardChanged(complaint.id))

    async def set_category(self, complaint: Complaint, staff: StaffMember, category: str) -> None:
        """Correct the category; the complainant's own choice stays in the history."""
        await self._uow.complaints.lock(complaint)
        self._open_or_raise(complaint, Status.IN_PROGRESS)
        old, complaint.category = complaint.category, category
        await self._event(
            complaint, staff, EventKind.CATEGORY_CHANGED, {"from": old, "to": category}
        )
        self._notices.add(CardChanged(complaint.id))

    async def ask(self, complaint: Complaint, staff: StaffMember, question: str) -> None:
        """Ask the complainant something; the complaint waits for their answer."""
        await self._uow.complaints.lock(complaint)
        if complaint.assignee_id is None:
            await self._assign(complaint, staff, staff.user_id, staff.name)
        await self._move(complaint, staff, Status.WAITING)
        await self._event(complaint, staff, EventKind.QUESTION_ASKED, {"text": question})
        self._notices.add(TellComplainant(complaint.id, "question", question, actor=staff.name))
        self._notices.add(CardChanged(complaint.id))

    async def reply(
        self, complaint: Complaint, staff: StaffMember, text: str | None, files: list[FileRef]
    ) -> None:
        """Relay a staff message to the complainant, as the organisation."""
        await self._uow.complaints.lock(complaint)
        self._open_or_raise(complaint, Status.IN_PROGRESS)
        if complaint.assignee_id is None:
            await self._assign(complaint, staff, staff.user_id, staff.name)
        self._deadlines.first_response(complaint, self._clock.now())
        await self._event(
            complaint,
            staff,
            EventKind.MESSAGE_TO_COMPLAINANT,
            {"text": text, "files": [f.file_id for f in files]},
        )
        self._notices.add(
            TellComplainant(complaint.id, "message", text, tuple(files), actor=staff.name)
        )

    async def note(self, complaint: Complaint, staff: StaffMember, text: str) -> None:
        """An internal note: on record, never sent to the complainant."""
        await self._event(complaint, staff, EventKind.NOTE, {"text": text})
        self._notices.add(TellStaff(complaint.id, "note", text, actor=staff.name))

    async def resolve(self, complaint: Complaint, staff: StaffMember, resolution: str) -> None:
        """Decide in the complainant's favour (or settle it), with the reasons written out."""
        await self._uow.complaints.lock(complaint)
        await self._move(complaint, staff, Status.RESOLVED, {"text": resolution})
        self._notices.add(TellComplainant(complaint.id, "resolved", resolution, actor=staff.name))
        self._notices.add(CardChanged(complaint.id))

    async def reject(self, complaint: Complaint, staff: StaffMember, reason: str) -> None:
        """Decide the complaint is not upheld, with the reasons written out."""
        await self._uow.complaints.lock(complaint)
        await self._move(complaint, staff, Status.REJECTED, {"text": reason})
        self._notices.add(TellComplainant(complaint.id, "rejected", reason, actor=staff.name))
        self._notices.add(CardChanged(complaint.id))

    async def escalate(self, complaint: Complaint, staff: StaffMember, reason: str | None) -> None:
        """Bring a supervisor in."""
        self._open_or_raise(complaint, Status.IN_PROGRESS)
        await self._event(complaint, staff, EventKind.ESCALATED, {"text": reason})
        self._notices.add(TellSupervisors(complaint.id, "escalated", reason, actor=staff.name))
        self._notices.add(TellStaff(complaint.id, "escalated", reason, actor=staff.name))

    async def reopen(self, complaint: Complaint, staff: StaffMember) -> None:
        """A supervisor opens a finished complaint again."""
        await self._uow.complaints.lock(complaint)
        if not staff.supervisor:
            raise NotAllowed("reopen")
        await self._move(complaint, staff, Status.REOPENED)
        self._notices.add(TellComplainant(complaint.id, "reopened"))
        self._notices.add(CardChanged(complaint.id))

    async def show_contact(self, complaint: Complaint, staff: StaffMember) -> str | None:
        """The phone number, on request; the request is on record."""
        await self._event(complaint, staff, EventKind.CONTACT_VIEWED, {})
        return complaint.contact_phone

    async def refused(
        self, complaint: Complaint | None, user_id: int, what: str, *, seen_there: bool
    ) -> bool:
        """Someone who is not staff pressed a staff button. It goes into the complaint's
        history only when the presser could see that complaint: pressed on its own message in
        the staff group (`seen_there`), or it is their own complaint. A press forged with any
        other complaint's id is only logged, so nobody can write on strangers' records."""
        log.warning("refused a staff button %r pressed by someone not on the staff", what[:64])
        if complaint is None:
            return False
        if not seen_there:
            owner = await self._uow.complainants.by_id(complaint.complainant_id)
            if owner is None or owner.telegram_user_id != user_id:
                return False
        await self._uow.complaints.log(
            complaint_id=complaint.id,
            kind=EventKind.REFUSED,
            actor_kind=Actor.COMPLAINANT,
            actor_id=user_id,
            at=self._clock.now(),
            payload={"action": what},
        )
        return True

    async def hint_due(self, complaint: Complaint, chat_id: int, message_id: int) -> bool:
        """Whether to tell staff, once per complaint, that what they wrote in its thread stayed
        internal; remembered as a message ref on the message that earned it."""
        ref = f"{HINT_REF}:{complaint.id}"
        if await self._uow.message_refs.newest(ref) is not None:
            return False
        await self._uow.message_refs.add(ref, chat_id, message_id, self._clock.now())
        return True

    async def export(self, complaint: Complaint, staff: StaffMember) -> bytes:
        """The complaint's full record as JSON, for a supervisor; the export is on record."""
        if not staff.supervisor:
            raise NotAllowed("export")
        await self._event(complaint, staff, EventKind.EXPORTED, {})
        history = await self._uow.complaints.history(complaint.id)
        record: dict[str, Any] = {
            "tracking_code": complaint.tracking_code,
            "category": complaint.category,
            "status": complaint.status,
            "priority": complaint.priority,
            **told(complaint),
            "contact_phone": complaint.contact_phone,
            "created_at": complaint.created_at.isoformat(),
            "attachments": [
                {"kind": a.kind, "file_id": a.file_id, "caption": a.caption}
                for a in complaint.attachments
            ],
            "history": [
                {
                    "at": e.at.isoformat(),
                    "kind": e.kind,
                    "actor": e.actor_kind,
                    "actor_id": e.actor_id,
                    "old_status": e.old_status,
                    "new_status": e.new_status,
                    "payload": e.payload,
                }
                for e in history
            ],
        }
        return json.dumps(record, ensure_ascii=False, indent=2).encode()

    async def history(self, complaint: Complaint) -> list[ComplaintEvent]:
        """Everything on record, oldest first."""
        return await self._uow.complaints.history(complaint.id)

    async def open_list(
        self,
        *,
        status: str | None = None,
        category: str | None = None,
        assignee: int | None = None,
    ) -> tuple[list[Complaint], int]:
        """Open complaints, oldest first, optionally by status, category or assignee."""
        statuses = [status] if status else [str(s) for s in OPEN]
        return await self._uow.complaints.open_list(
            statuses, category=category, assignee_id=assignee
        )

    async def answer_received(
        self, complaint: Complaint, from_user_id: int, text: str | None, files: list[FileRef]
    ) -> None:
        """The complainant answered a question: back to the assignee, into the staff thread."""
        await self._uow.complaints.lock(complaint)
        now = self._clock.now()
        if complaint.status == Status.WAITING:
            by = (Actor.COMPLAINANT, from_user_id)
            await record_move(self._uow, complaint, Status.IN_PROGRESS, by, now, {})
            self._deadlines.resumed(complaint, now)
            self._notices.add(CardChanged(complaint.id))
        await self._uow.complaints.log(
            complaint_id=complaint.id,
            kind=EventKind.ANSWER_RECEIVED,
            actor_kind=Actor.COMPLAINANT,
            actor_id=from_user_id,
            at=now,
            payload={"text": text, "files": [f.file_id for f in files]},
        )
        self._notices.add(TellStaff(complaint.id, "answer", text, tuple(files)))

    async def _assign(
        self, complaint: Complaint, staff: StaffMember, to_user_id: int, to_name: str
    ) -> None:
        self._open_or_raise(complaint, Status.IN_PROGRESS)
        complaint.assignee_id, complaint.assignee_name = to_user_id, to_name
        complaint.updated_at = self._clock.now()
        await self._event(
            complaint, staff, EventKind.ASSIGNED, {"to": to_user_id, "name": to_name}
        )
        if complaint.status in (Status.RECEIVED, Status.REOPENED):
            await self._move(complaint, staff, Status.IN_PROGRESS)
        self._notices.add(CardChanged(complaint.id))

    def _open_or_raise(self, complaint: Complaint, wanted: Status) -> None:
        if Status(complaint.status) not in OPEN:
            raise MoveNotAllowed(Status(complaint.status), wanted)

    async def _move(
        self,
        complaint: Complaint,
        staff: StaffMember,
        wanted: Status,
        payload: dict[str, Any] | None = None,
    ) -> None:
        old = check_move(complaint.status, wanted)
        now = self._clock.now()
        by = (Actor.STAFF, staff.user_id)
        await record_move(
            self._uow, complaint, wanted, by, now, {**(payload or {}), "by": staff.name}
        )
        self._keep_time(complaint, old, wanted, now)
        if wanted is Status.IN_PROGRESS:
            self._notices.add(TellComplainant(complaint.id, "in_progress"))

    def _keep_time(self, complaint: Complaint, old: Status, new: Status, now: datetime) -> None:
        """Move the complaint's clock along with its stage."""
        deadlines = self._deadlines
        if new is Status.REOPENED:
            deadlines.reopened(complaint, now)
            return
        if new is Status.IN_PROGRESS and old is Status.WAITING:
            deadlines.resumed(complaint, now)
            return
        deadlines.first_response(complaint, now)
        if new is Status.WAITING:
            deadlines.paused(complaint, now)
        elif new not in OPEN:
            deadlines.finished(complaint, now)

    async def _event(
        self,
        complaint: Complaint,
        staff: StaffMember,
        kind: EventKind,
        payload: dict[str, Any],
    ) -> None:
        await self._uow.complaints.log(
            complaint_id=complaint.id,
            kind=kind,
            actor_kind=Actor.STAFF,
            actor_id=staff.user_id,
            at=self._clock.now(),
            payload={**payload, "by": staff.name},
        )

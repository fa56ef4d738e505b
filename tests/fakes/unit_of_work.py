"""A unit of work whose repositories remember in memory, for testing services by their rules
(it satisfies `bot.services.unit_of_work.UnitOfWork`).

It keeps the same objects a real unit would hand out (the ORM's model classes, never saved),
and records whether it was committed; nothing here mocks or guesses."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from typing import Any

from storage.models import (
    Attachment,
    Complainant,
    Complaint,
    ComplaintEvent,
    MessageRef,
    StaffMember,
    StatusLookup,
    Survey,
)

OPEN_STATUSES = frozenset({"received", "in_progress", "waiting", "reopened"})


class FakeComplainants:
    def __init__(self) -> None:
        self.rows: dict[int, Complainant] = {}
        self._ids = count(1)

    async def by_user(self, telegram_user_id: int) -> Complainant | None:
        return next(
            (c for c in self.rows.values() if c.telegram_user_id == telegram_user_id), None
        )

    async def by_id(self, complainant_id: int) -> Complainant | None:
        return self.rows.get(complainant_id)

    async def by_chat(self, chat_id: int) -> Complainant | None:
        return next((c for c in self.rows.values() if c.chat_id == chat_id), None)

    async def add(self, complainant: Complainant) -> Complainant:
        complainant.id = next(self._ids)
        self.rows[complainant.id] = complainant
        return complainant

    async def mark_blocked(self, chat_id: int, at: datetime) -> None:
        for complainant in self.rows.values():
            if complainant.chat_id == chat_id and complainant.blocked_at is None:
                complainant.blocked_at = at


class FakeComplaints:
    def __init__(self) -> None:
        self.rows: dict[int, Complaint] = {}
        self.events: list[ComplaintEvent] = []
        self.attachments: list[Attachment] = []
        self.locked: list[int] = []
        self._ids = count(1)
        self._event_ids = count(1)

    async def add(self, complaint: Complaint) -> Complaint:
        if any(c.tracking_code == complaint.tracking_code for c in self.rows.values()):
            raise ValueError("tracking code taken")
        complaint.id = next(self._ids)
        complaint.attachments = []
        self.rows[complaint.id] = complaint
        return complaint

    async def by_code(self, tracking_code: str) -> Complaint | None:
        return next((c for c in self.rows.values() if c.tracking_code == tracking_code), None)

    async def by_id(self, complaint_id: int) -> Complaint | None:
        return self.rows.get(complaint_id)

    async def lock(self, complaint: Complaint) -> Complaint:
        self.locked.append(complaint.id)
        return complaint

    async def by_submission(self, submission_key: str) -> Complaint | None:
        return next((c for c in self.rows.values() if c.submission_key == submission_key), None)

    async def code_taken(self, tracking_code: str) -> bool:
        return any(c.tracking_code == tracking_code for c in self.rows.values())

    async def many(self, ids: Collection[int]) -> dict[int, Complaint]:
        return {i: self.rows[i] for i in ids if i in self.rows}

    async def page_for(
        self, complainant_id: int, offset: int, limit: int
    ) -> tuple[list[Complaint], int]:
        own = [c for c in self.rows.values() if c.complainant_id == complainant_id]
        own.sort(key=lambda c: (c.created_at, c.id), reverse=True)
        return own[offset : offset + limit], len(own)

    async def open_list(
        self,
        statuses: Collection[str],
        *,
        category: str | None = None,
        assignee_id: int | None = None,
        limit: int = 20,
    ) -> tuple[list[Complaint], int]:
        rows = [
            c
            for c in sorted(self.rows.values(), key=lambda c: (c.created_at, c.id))
            if c.status in statuses
            and (category is None or c.category == category)
            and (assignee_id is None or c.assignee_id == assignee_id)
        ]
        return rows[:limit], len(rows)

    async def open_of(self, complainant_id: int) -> list[Complaint]:
        return [
            c
            for c in self.rows.values()
            if c.complainant_id == complainant_id and c.status in OPEN_STATUSES
        ]

    async def waiting_for(self, complainant_id: int) -> list[Complaint]:
        rows = [
            c
            for c in self.rows.values()
            if c.complainant_id == complainant_id and c.status == "waiting"
        ]
        return sorted(rows, key=lambda c: c.updated_at, reverse=True)

    async def claim_due(self, now: datetime, limit: int) -> list[Complaint]:
        due = [c for c in self.rows.values() if c.next_check_at and c.next_check_at <= now]
        return sorted(due, key=lambda c: c.next_check_at or now)[:limit]

    async def add_attachments(self, attachments: list[Attachment]) -> None:
        for attachment in attachments:
            self.attachments.append(attachment)
            complaint = self.rows.get(attachment.complaint_id)
            if complaint is not None:
                complaint.attachments = [*complaint.attachments, attachment]

    async def log(self, *, flush: bool = False, **values: Any) -> ComplaintEvent:
        values.setdefault("payload", {})
        event = ComplaintEvent(**values)
        event.id = next(self._event_ids)
        self.events.append(event)
        return event

    async def logged_after(
        self, complainant_id: int, actor_kind: str, kinds: Collection[str], after: datetime
    ) -> list[datetime]:
        own = {c.id for c in self.rows.values() if c.complainant_id == complainant_id}
        return sorted(
            e.at
            for e in self.events
            if e.complaint_id in own
            and e.actor_kind == actor_kind
            and e.kind in kinds
            and e.at > after
        )

    async def history(self, complaint_id: int) -> list[ComplaintEvent]:
        rows = [e for e in self.events if e.complaint_id == complaint_id]
        return sorted(rows, key=lambda e: (e.at, e.id))

    def kinds(self, complaint_id: int) -> list[str]:
        """The kinds of a complaint's history lines, in order (for assertions)."""
        return [e.kind for e in self.events if e.complaint_id == complaint_id]


class FakeLookups:
    def __init__(self) -> None:
        self.rows: list[StatusLookup] = []

    async def record(
        self, telegram_user_id: int, at: datetime, succeeded: bool, code: str | None = None
    ) -> None:
        self.rows.append(
            StatusLookup(telegram_user_id=telegram_user_id, at=at, succeeded=succeeded, code=code)
        )

    async def code_failures_since(self, code: str, since: datetime) -> list[datetime]:
        return sorted(
            r.at for r in self.rows if r.code == code and r.at >= since and not r.succeeded
        )

    async def failures_since(self, telegram_user_id: int, since: datetime) -> list[datetime]:
        return sorted(
            r.at
            for r in self.rows
            if r.telegram_user_id == telegram_user_id and r.at >= since and not r.succeeded
        )


class FakeMessageRefs:
    def __init__(self) -> None:
        self.rows: list[MessageRef] = []

    async def add(self, ref: str, chat_id: int, message_id: int, at: datetime) -> None:
        self.rows.append(
            MessageRef(ref=ref, chat_id=chat_id, message_id=message_id, created_at=at)
        )

    async def newest(self, ref: str) -> MessageRef | None:
        return next((r for r in reversed(self.rows) if r.ref == ref), None)


class FakeStaff:
    def __init__(self) -> None:
        self.rows: dict[int, StaffMember] = {}

    async def seen(self, telegram_user_id: int, name: str, at: datetime) -> None:
        self.rows[telegram_user_id] = StaffMember(
            telegram_user_id=telegram_user_id, name=name, last_seen=at
        )

    async def everyone(self) -> list[StaffMember]:
        return sorted(self.rows.values(), key=lambda m: m.last_seen, reverse=True)

    async def get(self, telegram_user_id: int) -> StaffMember | None:
        return self.rows.get(telegram_user_id)


class FakeSurveys:
    def __init__(self) -> None:
        self.rows: dict[int, Survey] = {}

    async def get(self, complaint_id: int) -> Survey | None:
        return self.rows.get(complaint_id)

    async def add(self, survey: Survey) -> Survey:
        self.rows[survey.complaint_id] = survey
        return survey


class FakeErasure:
    """Erasure over the other fakes: what they hold is changed as the tables would be; what
    only the real tables hold (inbox, outbox, dialogues) is recorded as asked."""

    def __init__(
        self,
        complainants: FakeComplainants,
        complaints: FakeComplaints,
        lookups: FakeLookups,
        message_refs: FakeMessageRefs,
        surveys: FakeSurveys,
    ) -> None:
        self._complainants = complainants
        self._complaints = complaints
        self._lookups = lookups
        self._refs = message_refs
        self._surveys = surveys
        self.people_scrubbed: list[tuple[int, int, datetime | None]] = []
        self.complaints_scrubbed: list[tuple[int, list[str]]] = []
        self.updates_hidden: list[tuple[int, int]] = []

    async def complaints_of(self, complainant_id: int) -> list[Complaint]:
        own = [c for c in self._complaints.rows.values() if c.complainant_id == complainant_id]
        return sorted(own, key=lambda c: (c.created_at, c.id))

    async def expired(
        self, finished: Collection[str], before: datetime, limit: int
    ) -> list[Complaint]:
        rows = [
            c
            for c in self._complaints.rows.values()
            if c.status in finished
            and c.updated_at < before
            and not c.submission_key.startswith("erased:")
        ]
        return sorted(rows, key=lambda c: (c.updated_at, c.id))[:limit]

    async def left_behind(
        self, registered_before: datetime, real_above: int, limit: int
    ) -> list[Complainant]:
        kept = {
            c.complainant_id
            for c in self._complaints.rows.values()
            if not c.submission_key.startswith("erased:")
        }
        rows = [
            p
            for p in self._complainants.rows.values()
            if p.created_at < registered_before
            and p.telegram_user_id > real_above
            and p.id not in kept
        ]
        return sorted(rows, key=lambda p: p.id)[:limit]

    async def lookups_of(self, telegram_user_id: int) -> list[StatusLookup]:
        return [r for r in self._lookups.rows if r.telegram_user_id == telegram_user_id]

    async def scrub_complaint(
        self, complaint: Complaint, actor_pseudonym: int, spellings: Collection[str]
    ) -> None:
        self._complaints.attachments = [
            a for a in self._complaints.attachments if a.complaint_id != complaint.id
        ]
        complaint.attachments = []
        for event in self._complaints.events:
            if event.complaint_id != complaint.id:
                continue
            event.payload = {k: v for k, v in event.payload.items() if k not in ("text", "files")}
            if event.actor_kind == "complainant":
                event.actor_id = actor_pseudonym
        survey = self._surveys.rows.get(complaint.id)
        if survey is not None:
            survey.comment = None
        self.complaints_scrubbed.append((complaint.id, list(spellings)))

    async def scrub_person(
        self, telegram_user_id: int, chat_id: int, busy_since: datetime | None = None
    ) -> None:
        self._lookups.rows = [
            r for r in self._lookups.rows if r.telegram_user_id != telegram_user_id
        ]
        self._refs.rows = [r for r in self._refs.rows if r.chat_id != chat_id]
        self.people_scrubbed.append((telegram_user_id, chat_id, busy_since))

    async def hide_update(self, update_id: int, chat_pseudonym: int) -> None:
        self.updates_hidden.append((update_id, chat_pseudonym))


class FakeReports:
    """Reads the other fakes' rows, as the real queries read the tables."""

    def __init__(self, complaints: FakeComplaints, surveys: FakeSurveys) -> None:
        self._complaints = complaints
        self._surveys = surveys

    async def complaints(self, start: datetime, end: datetime) -> list[Complaint]:
        def within(moment: datetime | None) -> bool:
            return moment is not None and start <= moment < end

        moved = {e.complaint_id for e in await self.status_changes(start, end)}
        surveyed = {s.complaint_id for s in await self.surveys(start, end)}
        return [
            c
            for _, c in sorted(self._complaints.rows.items())
            if c.id in moved
            or c.id in surveyed
            or any(
                within(m) for m in (c.created_at, c.first_responded_at, c.resolved_at, c.closed_at)
            )
        ]

    async def status_changes(self, start: datetime, end: datetime) -> list[ComplaintEvent]:
        found = [
            e
            for e in self._complaints.events
            if e.kind == "status_changed" and start <= e.at < end
        ]
        return sorted(found, key=lambda e: (e.at, e.id))

    async def surveys(self, start: datetime, end: datetime) -> list[Survey]:
        return [s for _, s in sorted(self._surveys.rows.items()) if start <= s.sent_at < end]


@dataclass
class FakeUnitOfWork:
    """Stands where a service expects a unit of work; `committed` says whether it was asked to."""

    complainants: FakeComplainants = field(default_factory=FakeComplainants)
    complaints: FakeComplaints = field(default_factory=FakeComplaints)
    lookups: FakeLookups = field(default_factory=FakeLookups)
    message_refs: FakeMessageRefs = field(default_factory=FakeMessageRefs)
    staff: FakeStaff = field(default_factory=FakeStaff)
    surveys: FakeSurveys = field(default_factory=FakeSurveys)
    committed: bool = False
    reports: FakeReports = field(init=False)

    def __post_init__(self) -> None:
        self.reports = FakeReports(self.complaints, self.surveys)
        self.erasure = FakeErasure(
            self.complainants, self.complaints, self.lookups, self.message_refs, self.surveys
        )

    async def commit(self) -> None:
        self.committed = True

    async def rollback(self) -> None:
        self.committed = False

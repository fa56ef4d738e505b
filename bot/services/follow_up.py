"""What a complainant does after filing: list, read, add to, or withdraw their complaints."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.events import Actor, EventKind
from bot.domain.notices import CardChanged, FileRef, TellStaff, TellSupervisors
from bot.domain.status import Status, awaits_answer, check_move, is_open
from bot.services.deadlines import start_survey
from bot.services.history import record_move
from bot.services.intake import AttachmentDraft, attachments_of
from bot.services.use_case import UseCase
from storage.models import Complainant, Complaint

PAGE_SIZE = 5
# The staff group takes 20 messages a minute (Telegram's limit): one complainant's later
# information and answers are capped per hour, counted from the stored history.
FOLLOW_UPS_PER_HOUR = 30
FOLLOW_UP_WINDOW = timedelta(hours=1)
FOLLOW_UP_KINDS = (EventKind.INFO_ADDED, EventKind.ANSWER_RECEIVED)


class NotYours(Exception):
    """The code names no complaint of this complainant."""


class TooLate(Exception):
    """The grace period for reopening is over."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


class NotOpen(Exception):
    """The complaint is finished; nothing can be added to it."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class TooMany(Exception):
    """The complainant has sent this hour's share of follow-ups; more can come `until`."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


class NotAwaitingAnswer(Exception):
    """Accept or Not resolved pressed when no resolution waits for that answer (an old or
    forged button): the complaint has moved on, and the press must change nothing."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True, slots=True)
class Page:
    complaints: list[Complaint]
    number: int
    pages: int
    total: int


class FollowUpService(UseCase):
    """What a complainant does with a complaint after filing it."""

    async def page(self, complainant: Complainant, number: int) -> Page:
        """One page of the complainant's complaints, newest first."""
        number = max(number, 0)
        rows, total = await self._uow.complaints.page_for(
            complainant.id, number * PAGE_SIZE, PAGE_SIZE
        )
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        if not rows and number > 0:
            return await self.page(complainant, pages - 1)
        return Page(rows, number, pages, total)

    async def waiting(self, complainant: Complainant) -> list[Complaint]:
        """Complaints waiting for this complainant's answer, newest question first."""
        return await self._uow.complaints.waiting_for(complainant.id)

    async def own(self, complainant: Complainant, code: str) -> Complaint:
        """The complainant's own complaint with this code."""
        complaint = await self._uow.complaints.by_code(code)
        if complaint is None or complaint.complainant_id != complainant.id:
            raise NotYours(code)
        return complaint

    async def check_pace(self, complainant: Complainant) -> None:
        """Refuse (TooMany) a follow-up past this hour's share, saying when more may come."""
        now = self._clock.now()
        sent = await self._uow.complaints.logged_after(
            complainant.id, Actor.COMPLAINANT, FOLLOW_UP_KINDS, now - FOLLOW_UP_WINDOW
        )
        if len(sent) >= FOLLOW_UPS_PER_HOUR:
            # A place frees up when enough of the counted ones fall out of the window.
            raise TooMany(sent[len(sent) - FOLLOW_UPS_PER_HOUR] + FOLLOW_UP_WINDOW)

    async def add_information(
        self,
        complainant: Complainant,
        code: str,
        text: str | None,
        attachments: list[AttachmentDraft],
    ) -> Complaint:
        """Append later information as a new event; the original submission stays as it was."""
        complaint = await self.own(complainant, code)
        await self._uow.complaints.lock(complaint)
        if not is_open(complaint.status):
            raise NotOpen(complaint.status)
        await self.check_pace(complainant)
        now = self._clock.now()
        event = await self._uow.complaints.log(
            complaint_id=complaint.id,
            kind=EventKind.INFO_ADDED,
            actor_kind=Actor.COMPLAINANT,
            actor_id=complainant.telegram_user_id,
            at=now,
            payload={"text": text, "attachments": len(attachments)},
            flush=True,
        )
        await self._uow.complaints.add_attachments(
            attachments_of(complaint.id, attachments, now, event.id)
        )
        complaint.updated_at = now
        files = tuple(FileRef(a.kind, a.file_id, a.caption) for a in attachments)
        self._notices.add(TellStaff(complaint.id, "info", text, files))
        return complaint

    async def withdraw(self, complainant: Complainant, code: str) -> Complaint:
        """The complainant takes the complaint back; it is kept, marked withdrawn."""
        complaint = await self.own(complainant, code)
        await self._uow.complaints.lock(complaint)
        if not is_open(complaint.status):
            raise NotOpen(complaint.status)
        await self._move(complaint, complainant, Status.WITHDRAWN, {})
        self._notices.add(TellStaff(complaint.id, "withdrawn"))
        self._notices.add(CardChanged(complaint.id))
        return complaint

    async def accept_resolution(self, complainant: Complainant, code: str) -> Complaint:
        """The complainant is satisfied: the complaint closes, and the survey follows."""
        complaint = await self._awaiting_answer(complainant, code)
        await self._move(complaint, complainant, Status.CLOSED, {"why": "accepted"})
        self._notices.add(TellStaff(complaint.id, "accepted"))
        self._notices.add(CardChanged(complaint.id))
        await start_survey(self._uow, complaint, self._clock.now(), self._notices)
        return complaint

    async def refuse_resolution(self, complainant: Complainant, code: str) -> Complaint:
        """Not resolved: reopened, supervisors told, the assignee kept."""
        complaint = await self._awaiting_answer(complainant, code)
        await self._move(complaint, complainant, Status.REOPENED, {"why": "not_resolved"})
        self._notices.add(TellSupervisors(complaint.id, "not_resolved"))
        self._notices.add(TellStaff(complaint.id, "not_resolved"))
        self._notices.add(CardChanged(complaint.id))
        return complaint

    async def explain_refusal(self, complainant: Complainant, code: str, reason: str) -> None:
        """Why the resolution did not settle it, for the staff (one message after each
        resolution the staff make, so it needs no cap of its own)."""
        complaint = await self.own(complainant, code)
        await self._uow.complaints.log(
            complaint_id=complaint.id,
            kind=EventKind.INFO_ADDED,
            actor_kind=Actor.COMPLAINANT,
            actor_id=complainant.telegram_user_id,
            at=self._clock.now(),
            payload={"text": reason, "attachments": 0},
        )
        self._notices.add(TellStaff(complaint.id, "info", reason))

    async def reopen(self, complainant: Complainant, code: str, grace: timedelta) -> Complaint:
        """The complainant reopens a closed complaint within the grace period."""
        complaint = await self.own(complainant, code)
        await self._uow.complaints.lock(complaint)
        closed_at = complaint.closed_at
        if complaint.status != Status.CLOSED or closed_at is None:
            raise NotOpen(complaint.status)
        if self._clock.now() > closed_at + grace:
            raise TooLate(closed_at + grace)
        await self._move(complaint, complainant, Status.REOPENED, {"why": "complainant"})
        self._notices.add(TellStaff(complaint.id, "reopened_by_complainant"))
        self._notices.add(CardChanged(complaint.id))
        return complaint

    async def _awaiting_answer(self, complainant: Complainant, code: str) -> Complaint:
        """The complainant's complaint, if its resolution still waits for their answer."""
        complaint = await self.own(complainant, code)
        await self._uow.complaints.lock(complaint)
        if not awaits_answer(complaint.status):
            raise NotAwaitingAnswer(complaint.status)
        return complaint

    async def _move(
        self,
        complaint: Complaint,
        complainant: Complainant,
        wanted: Status,
        payload: dict[str, str],
    ) -> None:
        check_move(complaint.status, wanted)
        now = self._clock.now()
        by = (Actor.COMPLAINANT, complainant.telegram_user_id)
        await record_move(self._uow, complaint, wanted, by, now, payload)
        if wanted is Status.REOPENED:
            self._deadlines.reopened(complaint, now)
        else:
            self._deadlines.finished(complaint, now)

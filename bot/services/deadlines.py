"""Timeliness: each complaint's due dates, and the ladder of pings when it waits too long.

Every deadline lives in the complaint's own row (`next_check_at` is the earliest moment
something may be due), so a sweep touches only due rows, a restart loses nothing, and a bot
that was down sends each overdue ping once when it comes back."""

from datetime import datetime, timedelta
from enum import IntFlag

from bot.domain.clock import Clock
from bot.domain.events import Actor, EventKind
from bot.domain.notices import Notices, TellAssignee, TellComplainant, TellStaff, TellSupervisors
from bot.domain.response_policy import ResponsePolicy, Target
from bot.domain.status import OPEN, Status
from bot.services.history import record_move
from bot.services.unit_of_work import UnitOfWork
from storage.models import Complaint, Survey


class Rung(IntFlag):
    """Which pings and reminders a complaint has had for its current target."""

    AT_RISK = 1
    BREACHED = 2
    SUPERVISORS = 4
    UNASSIGNED = 8
    WAITING_REMINDER = 16
    SURVEY_REMINDER = 32


class Deadlines:
    def __init__(self, policy: ResponsePolicy) -> None:
        self._policy = policy

    def target_of(self, complaint: Complaint) -> Target:
        return self._policy.target(complaint.priority, complaint.category)

    def _add(self, target: Target, start: datetime, duration: timedelta) -> datetime:
        if target.working_time:
            return self._policy.calendar.add(start, duration)
        return start + duration

    def plan(self, complaint: Complaint) -> None:
        """Set the due dates from the policy, at filing."""
        target = self.target_of(complaint)
        start = complaint.created_at
        complaint.first_response_due = self._add(target, start, target.first_response)
        complaint.resolution_due = self._add(target, start, target.resolution)
        self.schedule(complaint)

    def replan(self, complaint: Complaint, old: Target) -> None:
        """The priority changed: the new targets count from filing, and the time the clock
        already stood still (waiting for the complainant, or since a reopening) still counts."""
        new = self.target_of(complaint)
        start = complaint.created_at
        for name, old_span, new_span in (
            ("first_response_due", old.first_response, new.first_response),
            ("resolution_due", old.resolution, new.resolution),
        ):
            due = getattr(complaint, name)
            paused = self._paused(old, start, old_span, due) if due else timedelta(0)
            setattr(complaint, name, self._add(new, self._add(new, start, new_span), paused))
        self.schedule(complaint)

    def current_due(self, complaint: Complaint) -> datetime | None:
        """The deadline that matters now: the first response, then the resolution."""
        if complaint.first_responded_at is None:
            return complaint.first_response_due
        return complaint.resolution_due

    def first_response(self, complaint: Complaint, now: datetime) -> None:
        """A first response happened: from now on the resolution target counts."""
        if complaint.first_responded_at is None:
            complaint.first_responded_at = now
            complaint.ladder = int(Rung(complaint.ladder) & Rung.UNASSIGNED)
        self.schedule(complaint)

    def paused(self, complaint: Complaint, now: datetime) -> None:
        """The complaint waits for the complainant: the clock stops."""
        complaint.waiting_since = now
        complaint.ladder = int(Rung(complaint.ladder) & ~Rung.WAITING_REMINDER)
        self.schedule(complaint)

    def resumed(self, complaint: Complaint, now: datetime) -> None:
        """The complainant answered: the due dates move by the time spent waiting."""
        if complaint.waiting_since is not None:
            target = self.target_of(complaint)
            if target.working_time:
                waited = self._policy.calendar.elapsed(complaint.waiting_since, now)
            else:
                waited = now - complaint.waiting_since
            for name in ("first_response_due", "resolution_due"):
                due = getattr(complaint, name)
                if due is not None:
                    setattr(complaint, name, self._add(target, due, waited))
            complaint.waiting_since = None
        self.schedule(complaint)

    def finished(self, complaint: Complaint, now: datetime) -> None:
        """Resolved, rejected, closed or withdrawn: remember when, and what comes next."""
        if complaint.status == Status.RESOLVED:
            complaint.resolved_at = now
        if complaint.status == Status.CLOSED:
            complaint.closed_at = now
        complaint.waiting_since = None
        self.schedule(complaint)

    def reopened(self, complaint: Complaint, now: datetime) -> None:
        """Reopened: a whole resolution target from now, with a fresh ladder."""
        target = self.target_of(complaint)
        complaint.resolution_due = self._add(target, now, target.resolution)
        complaint.ladder = int(Rung(complaint.ladder) & Rung.UNASSIGNED)
        complaint.resolved_at = None
        complaint.closed_at = None
        self.schedule(complaint)

    def schedule(self, complaint: Complaint) -> None:
        """Work out the earliest moment something may become due for this complaint."""
        complaint.at_risk_at = self._at_risk(complaint)
        complaint.next_check_at = min(self._upcoming(complaint), default=None)

    def _at_risk(self, complaint: Complaint) -> datetime | None:
        """The share of the current target used, on the paused clock: the time spent waiting
        for the complainant moved the due date, and moves this moment by as much."""
        due = self.current_due(complaint)
        if due is None:
            return None
        target = self.target_of(complaint)
        span = target.first_response if complaint.first_responded_at is None else target.resolution
        paused = self._paused(target, complaint.created_at, span, due)
        return self._add(target, complaint.created_at, span * target.at_risk + paused)

    def _paused(
        self, target: Target, start: datetime, span: timedelta, due: datetime
    ) -> timedelta:
        """How long the clock has stood still so far, read from how far `due` has moved from
        where the policy put it (`resumed` moves it by each wait, in the target's time)."""
        planned = self._add(target, start, span)
        if target.working_time:
            return self._policy.calendar.elapsed(planned, due)
        return max(due - planned, timedelta(0))

    def _upcoming(self, complaint: Complaint) -> list[datetime]:
        rungs = Rung(complaint.ladder)
        status = Status(complaint.status)
        policy = self._policy
        moments: list[datetime] = []
        if status is Status.WAITING and complaint.waiting_since is not None:
            reminder = complaint.waiting_since + policy.waiting_reminder_after
            if Rung.WAITING_REMINDER not in rungs:
                moments.append(reminder)
            else:
                moments.append(reminder + policy.waiting_close_after)
        elif status in OPEN:
            due = self.current_due(complaint)
            if complaint.assignee_id is None and Rung.UNASSIGNED not in rungs:
                moments.append(complaint.created_at + policy.unassigned_after)
            if Rung.AT_RISK not in rungs and complaint.at_risk_at is not None:
                moments.append(complaint.at_risk_at)
            elif Rung.BREACHED not in rungs and due is not None:
                moments.append(due)
            elif Rung.SUPERVISORS not in rungs and due is not None:
                moments.append(due + policy.breach_escalation_after)
        elif status is Status.RESOLVED and complaint.resolved_at is not None:
            moments.append(complaint.resolved_at + policy.resolution_confirm_within)
        elif status is Status.CLOSED and complaint.closed_at is not None:
            if Rung.SURVEY_REMINDER not in rungs:
                moments.append(complaint.closed_at + policy.survey_reminder_after)
        return moments


class Sweep:
    """One run of the timer: fire whatever has become due, each rung once."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, policy: ResponsePolicy, notices: Notices
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy
        self._deadlines = Deadlines(policy)
        self._notices = notices

    async def run(self, limit: int = 500) -> int:
        """Claim the due complaints (each by one process only) and act on them."""
        now = self._clock.now()
        due = await self._uow.complaints.claim_due(now, limit)
        for complaint in due:
            await self._check(complaint, now)
        return len(due)

    async def _check(self, complaint: Complaint, now: datetime) -> None:
        rungs = Rung(complaint.ladder)
        status = Status(complaint.status)
        policy = self._policy
        if status is Status.WAITING and complaint.waiting_since is not None:
            reminder = complaint.waiting_since + policy.waiting_reminder_after
            if Rung.WAITING_REMINDER not in rungs and now >= reminder:
                rungs |= Rung.WAITING_REMINDER
                await self._ping(complaint, "waiting_reminder", now)
                self._notices.add(TellComplainant(complaint.id, "waiting_reminder"))
            elif Rung.WAITING_REMINDER in rungs and now >= reminder + policy.waiting_close_after:
                await self._close(complaint, now, "waiting_expired")
                return
        elif status in OPEN:
            due = self._deadlines.current_due(complaint)
            late = (now - due) if due else timedelta(0)
            if (
                complaint.assignee_id is None
                and Rung.UNASSIGNED not in rungs
                and now >= complaint.created_at + policy.unassigned_after
            ):
                rungs |= Rung.UNASSIGNED
                await self._ping(complaint, "unassigned", now)
                waited = now - complaint.created_at
                self._notices.add(TellStaff(complaint.id, "unassigned", duration=waited))
            if (
                Rung.AT_RISK not in rungs
                and complaint.at_risk_at is not None
                and now >= complaint.at_risk_at
            ):
                rungs |= Rung.AT_RISK
                # A warning with no time left says nothing: the breach below is the news.
                if due is not None and now < due:
                    await self._ping(complaint, "at_risk", now)
                    if complaint.assignee_id is not None:
                        left = due - now
                        self._notices.add(TellAssignee(complaint.id, "at_risk", duration=left))
            if Rung.BREACHED not in rungs and due is not None and now >= due:
                rungs |= Rung.BREACHED
                await self._ping(complaint, "breached", now)
                self._notices.add(TellStaff(complaint.id, "breached", duration=late))
            if (
                Rung.SUPERVISORS not in rungs
                and due is not None
                and now >= due + policy.breach_escalation_after
            ):
                rungs |= Rung.SUPERVISORS
                await self._ping(complaint, "supervisors", now)
                self._notices.add(TellSupervisors(complaint.id, "breached", duration=late))
        elif status is Status.RESOLVED and complaint.resolved_at is not None:
            if now >= complaint.resolved_at + policy.resolution_confirm_within:
                await self._close(complaint, now, "confirm_expired")
                return
        elif status is Status.CLOSED and complaint.closed_at is not None:
            survey = await self._uow.surveys.get(complaint.id)
            if Rung.SURVEY_REMINDER not in rungs and now >= (
                complaint.closed_at + policy.survey_reminder_after
            ):
                rungs |= Rung.SURVEY_REMINDER
                if survey is not None and survey.started_at is None:
                    self._notices.add(TellComplainant(complaint.id, "survey_reminder"))
                    survey.reminded_at = now
        complaint.ladder = int(rungs)
        self._deadlines.schedule(complaint)

    async def _close(self, complaint: Complaint, now: datetime, why: str) -> None:
        """Close without the complainant's word, and say why to both sides."""
        await record_move(
            self._uow, complaint, Status.CLOSED, (Actor.SYSTEM, None), now, {"why": why}
        )
        self._notices.add(TellComplainant(complaint.id, why))
        self._notices.add(TellStaff(complaint.id, why))
        await start_survey(self._uow, complaint, now, self._notices)
        self._deadlines.finished(complaint, now)

    async def _ping(self, complaint: Complaint, rung: str, now: datetime) -> None:
        await self._uow.complaints.log(
            complaint_id=complaint.id,
            kind=EventKind.PING,
            actor_kind=Actor.SYSTEM,
            actor_id=None,
            at=now,
            payload={"rung": rung},
        )


async def start_survey(
    uow: UnitOfWork, complaint: Complaint, now: datetime, notices: Notices
) -> None:
    """Ask how the complaint was handled, once per complaint."""
    if await uow.surveys.get(complaint.id) is None:
        await uow.surveys.add(Survey(complaint_id=complaint.id, sent_at=now))
        notices.add(TellComplainant(complaint.id, "survey"))

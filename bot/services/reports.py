"""A period's figures: what came in, how fast it was answered and resolved, what people said.

Definitions, so that a figure can be checked by hand:
- counts by status, category and priority: complaints filed in the period, as they stand now;
- new per day (per week past 31 days): filed then; closed: moved to resolved, rejected or
  withdrawn then, or to closed from any stage but resolved (a resolved one was counted already);
- time to first response / to resolution: of complaints first answered / resolved (closed when
  never resolved) in the period, from filing, in working time where the complaint's target is;
  median of the values, 90th percentile by nearest rank;
- past target: of those filed in the period, the first response or the resolution came after its
  due date, or is still missing while the complaint is open and the due date has passed;
- reopen rate: complaints reopened in the period, of those resolved, closed, rejected or
  reopened in it;
- repeat complainants: people with more than one complaint filed in the period;
- surveys: sent in the period; answered = completed; averages of the answers given;
- top assignees: by closures in the period (as above), and by the average overall score of
  the answered surveys of their complaints.
"""

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.clock import Clock
from bot.domain.report_period import Period
from bot.domain.response_policy import ResponsePolicy
from bot.domain.status import OPEN, Status
from bot.services.unit_of_work import UnitOfWork
from storage.models import Complaint, ComplaintEvent, Survey

QUESTIONS = ("overall", "timeliness", "informed", "fairness")
FINISHING = frozenset({Status.RESOLVED, Status.REJECTED, Status.WITHDRAWN})
SETTLED = frozenset({Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.REOPENED})
TOP = 5


@dataclass(frozen=True, slots=True)
class Durations:
    count: int
    median: timedelta | None
    p90: timedelta | None


@dataclass(frozen=True, slots=True)
class Bucket:
    """One day (or week, from `first`) of the period: complaints filed and closed."""

    first: date
    new: int
    closed: int


@dataclass(frozen=True, slots=True)
class Assignee:
    user_id: int
    name: str | None
    closed: int
    average: float | None
    answered: int


@dataclass(frozen=True, slots=True)
class Figures:
    period: Period
    new: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_priority: dict[str, int]
    buckets: list[Bucket]
    first_response: Durations
    resolution: Durations
    past_target: int
    reopened: int
    settled: int
    repeat_complainants: int
    surveys_sent: int
    surveys_answered: int
    question_averages: dict[str, float]
    category_scores: dict[str, float]
    top_closers: list[Assignee]
    top_scored: list[Assignee]


def durations(values: Iterable[timedelta]) -> Durations:
    """Median and 90th percentile (nearest rank) of some times."""
    ordered = sorted(values)
    if not ordered:
        return Durations(0, None, None)
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]
    return Durations(len(ordered), statistics.median(ordered), p90)


def closes(event: ComplaintEvent) -> bool:
    """Whether a change of stage finishes the complaint (counted once per finishing)."""
    if event.new_status in FINISHING:
        return True
    return event.new_status == Status.CLOSED and event.old_status != Status.RESOLVED


def _average(values: Iterable[int | None]) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) / len(given) if given else None


class ReportService:
    """Reads a period once and computes every figure of the report from it."""

    def __init__(self, uow: UnitOfWork, clock: Clock, policy: ResponsePolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def figures(self, period: Period) -> Figures:
        zone = self._policy.calendar.zone
        start, end = period.bounds(zone)
        complaints = {c.id: c for c in await self._uow.reports.complaints(start, end)}
        changes = await self._uow.reports.status_changes(start, end)
        surveys = await self._uow.reports.surveys(start, end)
        filed = [c for c in complaints.values() if start <= c.created_at < end]
        finished = [e for e in changes if closes(e)]
        answered = [s for s in surveys if s.completed_at is not None]
        reopened = {e.complaint_id for e in changes if e.new_status == Status.REOPENED}
        settled = {e.complaint_id for e in changes if e.new_status in SETTLED}
        people = Counter(c.complainant_id for c in filed)
        return Figures(
            period=period,
            new=len(filed),
            by_status=dict(Counter(c.status for c in filed)),
            by_category=dict(Counter(c.category for c in filed)),
            by_priority=dict(Counter(c.priority for c in filed)),
            buckets=self._buckets(period, filed, finished),
            first_response=durations(
                self._took(c, c.first_responded_at)
                for c in complaints.values()
                if c.first_responded_at is not None and start <= c.first_responded_at < end
            ),
            resolution=durations(
                self._took(c, done)
                for c in complaints.values()
                if (done := c.resolved_at or c.closed_at) is not None and start <= done < end
            ),
            past_target=sum(self._late(c) for c in filed),
            reopened=len(reopened),
            settled=len(settled),
            repeat_complainants=sum(1 for n in people.values() if n > 1),
            surveys_sent=len(surveys),
            surveys_answered=len(answered),
            question_averages=_question_averages(answered),
            category_scores=_category_scores(answered, complaints),
            **_assignees(finished, answered, complaints),
        )

    def _took(self, complaint: Complaint, until: datetime) -> timedelta:
        """From filing to `until`, counted as the complaint's target counts time."""
        try:
            target = self._policy.target(complaint.priority, complaint.category)
        except KeyError:
            target = self._policy.target("normal")
        if target.working_time:
            return self._policy.calendar.elapsed(complaint.created_at, until)
        return max(until - complaint.created_at, timedelta(0))

    def _late(self, complaint: Complaint) -> bool:
        """Whether the first response or the resolution missed its due date (or is missing it)."""
        now = self._clock.now()
        still_open = complaint.status in OPEN
        checks = (
            (complaint.first_responded_at, complaint.first_response_due),
            (complaint.resolved_at or complaint.closed_at, complaint.resolution_due),
        )
        for done, due in checks:
            moment = done if done is not None else (now if still_open else None)
            if due is not None and moment is not None and moment > due:
                return True
        return False

    def _buckets(
        self, period: Period, filed: list[Complaint], finished: list[ComplaintEvent]
    ) -> list[Bucket]:
        """New and closed per local day, or per week from the period's first day."""
        zone = self._policy.calendar.zone
        step = 7 if period.weekly else 1

        def index(moment: datetime) -> int:
            return (moment.astimezone(zone).date() - period.first).days // step

        count = math.ceil(period.days / step)
        new, closed = Counter(index(c.created_at) for c in filed), Counter()
        closed.update(index(e.at) for e in finished)
        return [
            Bucket(period.first + timedelta(days=i * step), new[i], closed[i])
            for i in range(count)
        ]


def _question_averages(answered: list[Survey]) -> dict[str, float]:
    found = {q: _average(getattr(s, q) for s in answered) for q in QUESTIONS}
    return {q: value for q, value in found.items() if value is not None}


def _category_scores(answered: list[Survey], complaints: dict[int, Complaint]) -> dict[str, float]:
    scores: dict[str, list[int | None]] = defaultdict(list)
    for survey in answered:
        complaint = complaints.get(survey.complaint_id)
        if complaint is not None:
            scores[complaint.category].append(survey.overall)
    found = {category: _average(values) for category, values in scores.items()}
    return {category: value for category, value in found.items() if value is not None}


def _assignees(
    finished: list[ComplaintEvent], answered: list[Survey], complaints: dict[int, Complaint]
) -> dict[str, list[Assignee]]:
    """The top assignees by closures and by average overall score."""
    names: dict[int, str | None] = {}
    closed: Counter[int] = Counter()
    scores: dict[int, list[int | None]] = defaultdict(list)
    for event in finished:
        complaint = complaints.get(event.complaint_id)
        if complaint is not None and complaint.assignee_id is not None:
            closed[complaint.assignee_id] += 1
            names[complaint.assignee_id] = complaint.assignee_name
    for survey in answered:
        complaint = complaints.get(survey.complaint_id)
        if complaint is not None and complaint.assignee_id is not None:
            scores[complaint.assignee_id].append(survey.overall)
            names[complaint.assignee_id] = complaint.assignee_name
    rows = [
        Assignee(
            user_id,
            name,
            closed[user_id],
            _average(scores[user_id]),
            sum(1 for v in scores[user_id] if v is not None),
        )
        for user_id, name in names.items()
    ]
    by_closed = sorted((r for r in rows if r.closed), key=lambda r: (-r.closed, r.user_id))
    scored = [r for r in rows if r.average is not None]
    by_score = sorted(scored, key=lambda r: (-(r.average or 0.0), -r.answered, r.user_id))
    return {"top_closers": by_closed[:TOP], "top_scored": by_score[:TOP]}

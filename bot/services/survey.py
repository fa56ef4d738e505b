"""The satisfaction survey after closing: four ratings and an optional comment, one answer per
complaint, kept in the database so it can be finished after a restart."""

from dataclasses import dataclass

from bot.domain.clock import Clock
from bot.domain.events import Actor, EventKind
from bot.domain.notices import Notices, TellSupervisors
from bot.services.unit_of_work import UnitOfWork
from storage.models import Complainant, Survey

QUESTIONS = ("overall", "timeliness", "informed", "fairness")
LOW = 2


@dataclass(frozen=True, slots=True)
class Next:
    """Ask question `number` (1-based) next; 5 means the comment."""

    number: int


@dataclass(frozen=True, slots=True)
class Done:
    pass


@dataclass(frozen=True, slots=True)
class Stale:
    """An old button: that question was answered, or the survey is finished; or a forged one
    naming no survey of this complainant's (not finished: it never was theirs)."""

    finished: bool


def next_question(survey: Survey) -> int:
    """The first unanswered question (1-based); one past the ratings means the comment."""
    return next((i + 1 for i, q in enumerate(QUESTIONS) if getattr(survey, q) is None), 5)


class SurveyService:
    def __init__(self, uow: UnitOfWork, clock: Clock, notices: Notices) -> None:
        self._uow = uow
        self._clock = clock
        self._notices = notices

    async def _survey_of(self, complainant: Complainant, complaint_id: int) -> Survey | None:
        complaint = await self._uow.complaints.by_id(complaint_id)
        if complaint is None or complaint.complainant_id != complainant.id:
            return None
        return await self._uow.surveys.get(complaint_id)

    async def code_of(self, complaint_id: int) -> str:
        """The tracking code shown with the survey's questions."""
        complaint = await self._uow.complaints.by_id(complaint_id)
        return complaint.tracking_code if complaint else ""

    async def rate(
        self, complainant: Complainant, complaint_id: int, number: int, score: int
    ) -> Next | Stale:
        """Record one rating; a low overall score goes to the supervisors at once."""
        survey = await self._survey_of(complainant, complaint_id)
        if survey is None or survey.completed_at is not None:
            return Stale(finished=survey is not None)
        if not 1 <= number <= len(QUESTIONS) or not 1 <= score <= 5:
            return Stale(finished=False)
        field = QUESTIONS[number - 1]
        if number != next_question(survey):
            return Stale(finished=False)
        now = self._clock.now()
        survey.started_at = survey.started_at or now
        setattr(survey, field, score)
        if field == "overall" and score <= LOW:
            self._notices.add(TellSupervisors(complaint_id, "low_score", text=str(score)))
        return Next(number + 1)

    async def comment(
        self, complainant: Complainant, complaint_id: int, text: str | None
    ) -> Done | Stale:
        """The optional comment (None: skipped) closes the survey."""
        survey = await self._survey_of(complainant, complaint_id)
        if survey is None or survey.completed_at is not None:
            return Stale(finished=survey is not None)
        if any(getattr(survey, q) is None for q in QUESTIONS):
            return Stale(finished=False)
        now = self._clock.now()
        survey.comment = text
        survey.skipped_comment = text is None
        survey.completed_at = now
        if text and survey.overall is not None and survey.overall <= LOW:
            self._notices.add(TellSupervisors(complaint_id, "low_score_comment", text=text))
        await self._uow.complaints.log(
            complaint_id=complaint_id,
            kind=EventKind.SURVEYED,
            actor_kind=Actor.COMPLAINANT,
            actor_id=complainant.telegram_user_id,
            at=now,
            payload={
                "scores": {q: getattr(survey, q) for q in QUESTIONS},
                "seconds": int((now - survey.sent_at).total_seconds()),
            },
        )
        return Done()

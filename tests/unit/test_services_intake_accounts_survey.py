"""The intake, accounts and the survey, by their rules, over a unit of work that remembers."""

from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import FakeClock
from bot.domain.notices import NewComplaint, Notices, TellSupervisors
from bot.domain.response_policy import load_policy
from bot.services.accounts import AccountService
from bot.services.deadlines import Deadlines, start_survey
from bot.services.intake import AttachmentDraft, Draft, IntakeService
from bot.services.survey import Done, Next, Stale, SurveyService
from storage.models import Complainant
from tests.fakes.unit_of_work import FakeUnitOfWork

ZONE = ZoneInfo("Asia/Tehran")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def a_complainant(uow: FakeUnitOfWork, clock: FakeClock, user_id: int = 7) -> Complainant:
    return await AccountService(uow, clock).ensure(user_id, user_id, "fa", "Sara")


def a_draft(clock: FakeClock, **changes: object) -> Draft:
    values: dict[str, object] = {
        "category": "delay",
        "description": "The parcel came two weeks late.",
        "remedy": "refund",
        "consent_at": clock.now(),
        "phone": "+989121234567",
        "name": "Sara Ahmadi",
    }
    return Draft(**(values | changes))  # type: ignore[arg-type]


def intake(uow: FakeUnitOfWork, clock: FakeClock, notices: Notices) -> IntakeService:
    return IntakeService(uow, clock, Deadlines(load_policy(None, ZONE)), notices)  # type: ignore[arg-type]


async def test_a_confirmed_draft_is_filed_once_with_its_history_and_card(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    notices = Notices()
    person = await a_complainant(uow, clock)
    photo = AttachmentDraft("photo", "file-1", "unique-1", "the box")
    service = intake(uow, clock, notices)

    first = await service.submit(person, a_draft(clock, attachments=[photo]), "draft-1")
    again = await service.submit(person, a_draft(clock), "draft-1")

    assert first.created and not again.created
    assert again.complaint is first.complaint
    assert len(uow.complaints.rows) == 1
    complaint = first.complaint
    assert complaint.status == "received" and complaint.priority == "normal"
    assert complaint.first_response_due is not None and complaint.resolution_due is not None
    assert complaint.first_response_due > clock.now()
    assert uow.complaints.kinds(complaint.id) == ["filed"]
    assert [a.file_id for a in complaint.attachments] == ["file-1"]
    assert notices.items == [NewComplaint(complaint.id)]
    assert person.phone == "+989121234567" and person.name == "Sara Ahmadi"


async def test_each_complaint_gets_its_own_valid_code(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    from bot.domain.tracking_code import find_code

    person = await a_complainant(uow, clock)
    service = intake(uow, clock, Notices())
    filed = [await service.submit(person, a_draft(clock), f"d{i}") for i in range(20)]
    codes = {one.complaint.tracking_code for one in filed}
    assert len(codes) == 20
    assert all(find_code(code) == code for code in codes)


async def test_an_account_is_registered_once_and_unblocked_when_it_writes_again(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    accounts = AccountService(uow, clock)  # type: ignore[arg-type]
    first = await accounts.ensure(5, 5, "en-US", "Ali")
    await accounts.mark_blocked(5)
    assert first.blocked_at == clock.now()
    again = await accounts.ensure(5, 5, "fa", "Ali")
    assert again is first and again.blocked_at is None
    assert again.language == "en" and len(uow.complainants.rows) == 1


async def test_a_chosen_language_wins_and_an_unknown_one_is_refused(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    accounts = AccountService(uow, clock)  # type: ignore[arg-type]
    person = await accounts.ensure(5, 5, "fa-IR", None)
    assert person.language == "fa"
    await accounts.choose_language(person, "en")
    assert person.language == "en" and person.language_chosen and person.script_hint_sent
    with pytest.raises(ValueError):
        await accounts.choose_language(person, "de")


async def surveyed(uow: FakeUnitOfWork, clock: FakeClock) -> tuple[Complainant, int]:
    person = await a_complainant(uow, clock)
    filed = await intake(uow, clock, Notices()).submit(person, a_draft(clock), "d")
    await start_survey(uow, filed.complaint, clock.now(), Notices())  # type: ignore[arg-type]
    return person, filed.complaint.id


async def test_the_survey_goes_question_by_question_and_old_buttons_are_stale(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    person, complaint_id = await surveyed(uow, clock)
    survey = SurveyService(uow, clock, Notices())  # type: ignore[arg-type]

    assert await survey.rate(person, complaint_id, 2, 5) == Stale(finished=False)
    assert await survey.rate(person, complaint_id, 1, 4) == Next(2)
    assert await survey.rate(person, complaint_id, 1, 1) == Stale(finished=False)
    assert await survey.rate(person, complaint_id, 2, 9) == Stale(finished=False)
    for number in (2, 3, 4):
        assert await survey.rate(person, complaint_id, number, 5) == Next(number + 1)
    clock.advance(minutes=3)
    assert await survey.comment(person, complaint_id, "Quick and kind.") == Done()
    assert await survey.comment(person, complaint_id, "again") == Stale(finished=True)

    kept = uow.surveys.rows[complaint_id]
    assert (kept.overall, kept.timeliness, kept.informed, kept.fairness) == (4, 5, 5, 5)
    assert kept.comment == "Quick and kind." and kept.completed_at == clock.now()
    line = uow.complaints.events[-1]
    assert line.kind == "surveyed" and line.payload["seconds"] == 180


async def test_a_low_score_reaches_the_supervisors_and_nobody_else_can_answer(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    person, complaint_id = await surveyed(uow, clock)
    stranger = await a_complainant(uow, clock, user_id=99)
    notices = Notices()
    survey = SurveyService(uow, clock, notices)  # type: ignore[arg-type]

    assert await survey.rate(stranger, complaint_id, 1, 1) == Stale(finished=False)
    assert await survey.rate(person, complaint_id, 1, 1) == Next(2)
    assert notices.items == [TellSupervisors(complaint_id, "low_score", text="1")]
    assert await survey.comment(person, complaint_id, "nobody called") == Stale(finished=False)

"""The privacy service by its rules: what a copy holds, what erasure keeps and removes, who may
confirm it, and which complaints the retention period reaches."""

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import FakeClock
from bot.domain.erasure import Why, erased_because, is_pseudonym
from bot.domain.events import Actor, EventKind
from bot.domain.notices import CardChanged, Notices, TellStaff
from bot.domain.response_policy import load_policy
from bot.services.accounts import AccountService
from bot.services.deadlines import Deadlines
from bot.services.follow_up import FollowUpService
from bot.services.intake import AttachmentDraft, Draft, IntakeService
from bot.services.privacy import PrivacyService, Stale, StillOpen
from storage.models import Complainant, Complaint, Survey
from tests.fakes.unit_of_work import FakeUnitOfWork

DEADLINES = Deadlines(load_policy(None, ZoneInfo("Asia/Tehran")))
USER = 7412589630
RETENTION = timedelta(days=730)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def service(
    uow: FakeUnitOfWork, clock: FakeClock, notices: Notices | None = None
) -> PrivacyService:
    return PrivacyService(uow, clock, DEADLINES, notices or Notices())  # type: ignore[arg-type]


async def filed(
    uow: FakeUnitOfWork, clock: FakeClock, status: str = "received", user_id: int = USER
) -> tuple[Complainant, Complaint]:
    """A complainant with one complaint (a photo, later information), moved to `status`."""
    accounts = AccountService(uow, clock)  # type: ignore[arg-type]
    person = await accounts.ensure(user_id, user_id, "en", "Sara Ahmadi")
    photo = AttachmentDraft(kind="photo", file_id="PHOTO-1", file_unique_id="U1", caption="box")
    draft = Draft(
        "delay",
        "It came two weeks late.",
        "refund",
        clock.now(),
        location="Tehran branch",
        name="Sara Ahmadi",
        phone="+989121234567",
        attachments=[photo],
    )
    intake = IntakeService(uow, clock, DEADLINES, Notices())  # type: ignore[arg-type]
    key = f"{user_id}:{len(uow.complaints.rows)}"
    complaint = (await intake.submit(person, draft, key)).complaint
    follow_up = FollowUpService(uow, clock, DEADLINES, Notices())  # type: ignore[arg-type]
    await follow_up.add_information(person, complaint.tracking_code, "Flat 17, Azadi St", [])
    await uow.complaints.log(
        complaint_id=complaint.id,
        kind=EventKind.NOTE,
        actor_kind=Actor.STAFF,
        actor_id=8001,
        at=clock.now(),
        payload={"text": "internal remark", "by": "Ali"},
    )
    complaint.status = status
    return person, complaint


async def test_the_copy_holds_the_public_history_only_and_is_on_record(
    uow: FakeUnitOfWork, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.services.privacy")
    person, complaint = await filed(uow, clock)
    uow.surveys.rows[complaint.id] = Survey(complaint_id=complaint.id, sent_at=clock.now())
    await uow.lookups.record(USER, clock.now(), True, complaint.tracking_code)
    data = await service(uow, clock).my_data(person)
    (record,) = data.complaints
    assert record.complaint is complaint and record.survey is not None
    assert [e.kind for e in record.history] == ["filed", "info_added"]
    assert [lookup.code for lookup in data.lookups] == [complaint.tracking_code]
    assert uow.complaints.kinds(complaint.id)[-1] == EventKind.EXPORTED
    assert_logged_without_personal_data(caplog)


def assert_logged_without_personal_data(caplog: pytest.LogCaptureFixture) -> None:
    """It is in the log, and nothing in the log names or reaches the person."""
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "complainant 1 " in logged
    for private in ("Sara", "912", str(USER), "two weeks", "Azadi"):
        assert private not in logged


async def test_erasure_keeps_the_figures_and_removes_the_person(
    uow: FakeUnitOfWork, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.services.privacy")
    person, complaint = await filed(uow, clock, status="closed")
    uow.surveys.rows[complaint.id] = Survey(
        complaint_id=complaint.id, sent_at=clock.now(), overall=4, comment="Karimi was rude"
    )
    await uow.lookups.record(USER, clock.now(), False, "100000000001")
    await uow.message_refs.add(f"owner-card:{complaint.id}", USER, 5, clock.now())
    notices = Notices()
    clock.advance(hours=1)
    erased = await service(uow, clock, notices).forget(
        person, confirmed_for=person.id, withdraw_open=False, update_id=99
    )

    assert erased == 1
    assert is_pseudonym(person.telegram_user_id) and person.chat_id == person.telegram_user_id
    assert (person.name, person.phone, person.blocked_at) == (None, None, clock.now())
    assert complaint.description == "" and complaint.location is None
    assert (complaint.contact_name, complaint.contact_phone) == (None, None)
    assert erased_because(complaint.submission_key) is Why.REQUEST
    assert str(USER) not in complaint.submission_key
    assert (complaint.category, complaint.status, complaint.remedy) == (
        "delay",
        "closed",
        "refund",
    )
    assert complaint.attachments == [] and uow.complaints.attachments == []
    survey = uow.surveys.rows[complaint.id]
    assert (survey.overall, survey.comment) == (4, None)
    events = [e for e in uow.complaints.events if e.complaint_id == complaint.id]
    assert all("text" not in e.payload for e in events)
    assert {e.actor_id for e in events if e.actor_kind == "complainant"} == {
        person.telegram_user_id
    }
    assert [e.payload.get("by") for e in events if e.kind == EventKind.NOTE] == ["Ali"]
    assert events[-1].kind == EventKind.ERASED
    assert uow.lookups.rows == [] and uow.message_refs.rows == []
    assert uow.erasure.people_scrubbed == [(USER, USER, None)]
    assert uow.erasure.updates_hidden == [(99, person.telegram_user_id)]
    assert TellStaff(complaint.id, "erased") in notices.items
    assert CardChanged(complaint.id) in notices.items
    assert await uow.complainants.by_user(USER) is None  # a later /start begins afresh
    assert_logged_without_personal_data(caplog)


async def test_open_complaints_are_withdrawn_first_only_when_agreed(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    person, complaint = await filed(uow, clock, status="in_progress")
    privacy = service(uow, clock)
    assert (await privacy.plan(person)).open_codes == [complaint.tracking_code]
    with pytest.raises(StillOpen) as raised:
        await privacy.forget(person, confirmed_for=person.id, withdraw_open=False)
    assert raised.value.codes == [complaint.tracking_code]
    assert complaint.description and person.telegram_user_id == USER  # nothing happened

    await privacy.forget(person, confirmed_for=person.id, withdraw_open=True)
    assert complaint.status == "withdrawn" and complaint.description == ""
    kinds = uow.complaints.kinds(complaint.id)
    assert kinds.index(EventKind.STATUS_CHANGED) < kinds.index(EventKind.ERASED)


async def test_a_confirmation_for_another_row_or_a_second_one_changes_nothing(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    person, complaint = await filed(uow, clock, status="closed")
    other, _ = await filed(uow, clock, status="closed", user_id=5550001)
    privacy = service(uow, clock)
    with pytest.raises(Stale):
        await privacy.forget(person, confirmed_for=other.id, withdraw_open=True)
    assert complaint.description and person.name == "Sara Ahmadi"
    await privacy.forget(person, confirmed_for=person.id, withdraw_open=True)
    with pytest.raises(Stale):
        await privacy.forget(person, confirmed_for=person.id, withdraw_open=True)
    assert other.name == "Sara Ahmadi" and other.telegram_user_id == 5550001


async def test_retention_reaches_finished_complaints_past_the_period_only(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    person, old_closed = await filed(uow, clock, status="closed")
    _, old_open = await filed(uow, clock, status="in_progress")
    other, other_closed = await filed(uow, clock, status="rejected", user_id=5550001)
    clock.advance(days=300)
    other_closed.updated_at = clock.now()  # touched since: its period starts again
    clock.advance(days=431)
    notices = Notices()
    retired = await service(uow, clock, notices).retire(RETENTION)

    assert retired == 1
    assert erased_because(old_closed.submission_key) is Why.RETENTION
    assert old_closed.description == "" and old_closed.contact_phone is None
    assert uow.complaints.kinds(old_closed.id)[-1] == EventKind.ANONYMISED
    assert [n for n in notices.items if isinstance(n, TellStaff)] == []  # cards only
    assert old_open.description and other_closed.description
    assert person.telegram_user_id == USER  # an open complaint keeps the person
    assert other.telegram_user_id == 5550001

    old_open.status = "closed"
    clock.advance(days=731)
    # Two complaints, and the two people they leave behind.
    assert await service(uow, clock).retire(RETENTION) == 4
    assert is_pseudonym(person.telegram_user_id) and person.name is None
    assert is_pseudonym(other.telegram_user_id)
    when = clock.now() - RETENTION
    assert sorted(uow.erasure.people_scrubbed) == sorted(
        [(USER, USER, when), (5550001, 5550001, when)]
    )
    assert await service(uow, clock).retire(RETENTION) == 0  # nothing twice

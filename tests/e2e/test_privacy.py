"""A complainant's own data, end to end on SQLite and PostgreSQL: /mydata sends all of it
(and survives a restart on the way out), /forget and the retention period leave nothing
personal in any column of any table, and nobody can erase what is not theirs to erase."""

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.tracking_code import format_code
from bot.messages.callbacks import ForgetChoice
from storage.models import Base
from tests.e2e.conversation import Person, buttons, texts
from tests.e2e.harness import RunningBot
from tests.e2e.test_intake import code_in, file_complaint
from tests.e2e.test_staff import AGENT, STAFF_CHAT, SUPERVISOR, Desk, running_desk, st

USER_ID = 7412589630  # long enough that finding it in a column is never a coincidence
PHONE_SHAPES = (
    "9121234567",
    "912 123 4567",
    "912-123-4567",
    "۹۱۲۱۲۳۴۵۶۷",
    "۹۱۲ ۱۲۳ ۴۵۶۷",
)
DESCRIPTION = "The parcel arrived two weeks late and damaged."
ADDED = "My flat is on Azadi Street, number 17"


def personal(person: Person) -> list[str]:
    """Everything that would identify this person or repeat what they told us."""
    return [
        "Sara",
        "Ahmadi",
        *PHONE_SHAPES,
        DESCRIPTION,
        "two weeks late",
        "Order 12345",
        "Tehran branch",
        "the box",
        ADDED,
        "Azadi",
        str(person.id),
        f"{person.id:,}",
    ]


def _texts_in(value: Any) -> list[str]:
    """A column's value as the texts it holds: JSON as written (and as JSON writes escapes),
    and the decoded bytes of a file kept in an outbox row."""
    if value is None:
        return []
    if isinstance(value, dict | list):
        found = [json.dumps(value, ensure_ascii=False), json.dumps(value)]
        upload = value.get("$upload") if isinstance(value, dict) else None
        if isinstance(upload, dict) and "data" in upload:
            found.append(base64.b64decode(upload["data"]).decode("utf-8", "replace"))
        return found
    if isinstance(value, bytes):
        return [value.decode("utf-8", "replace")]
    return [str(value)]


async def leftovers(bot: RunningBot, needles: list[str]) -> list[str]:
    """Every table.column where one of the needles is still found, with the needle."""
    assert bot.app is not None
    found = []
    async with bot.app.units() as unit:
        session = await unit.session()
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                for column, value in row.items():
                    for text in _texts_in(value):
                        found += [f"{table.name}.{column}: {n!r}" for n in needles if n in text]
    return sorted(set(found))


async def table_names(bot: RunningBot) -> set[str]:
    """Tables that hold any row at all, so a scan that finds nothing is seen to have looked."""
    assert bot.app is not None
    names = set()
    async with bot.app.units() as unit:
        session = await unit.session()
        for table in Base.metadata.sorted_tables:
            if (await session.execute(select(table).limit(1))).first() is not None:
                names.add(table.name)
    return names


async def file_as_reza(person: Person) -> str:
    """Someone else's complaint: nothing in it is Sara's."""
    await person.send(person.t("menu-new-complaint"))
    await person.tap("Delay")
    await person.send("Nothing has arrived at all since the spring.")
    await person.tap("intake-date-yesterday")
    await person.send("Karaj")
    await person.tap("remedy-refund")
    await person.tap("intake-keep-name", name="Reza Karimi")
    await person.send("09350001122")
    await person.tap("intake-consent-agree")
    return code_in(texts(await person.tap("intake-confirm")))


async def kinds_of(bot: RunningBot, code: str) -> list[str]:
    assert bot.app is not None
    async with bot.app.units() as unit:
        complaint = await unit.complaints.by_code(code)
        assert complaint is not None
        return [e.kind for e in await unit.complaints.history(complaint.id)]


@pytest.fixture
async def desk(database_url: str) -> AsyncIterator[Desk]:
    async with running_desk(database_url, forum=True) as desk:
        yield desk


async def a_full_record(desk: Desk, person: Person) -> tuple[str, str]:
    """Two complaints with what a complainant leaves behind: one finished (a staff message,
    an internal note, a decision), one still open with information added later, and the
    status lookups of both."""
    finished = await file_complaint(person)
    await desk.press(finished, "staff-button-take")
    await desk.write(finished, "We are looking into it.")
    await desk.press(finished, "staff-button-note")
    await desk.answer_prompt("INTERNAL: courier depot 4 again")
    await desk.press(finished, "staff-button-reject")
    await desk.answer_prompt("The delay was caused by customs.")
    await person.send(f"/status {format_code(finished)}")
    still_open = await file_complaint(person)
    await person.send(f"/status {format_code(still_open)}")
    await person.tap("card-add-information")
    await person.send(ADDED)
    await person.tap("button-done")
    return finished, still_open


async def test_forget_leaves_nothing_personal_in_any_table(desk: Desk) -> None:
    person = Person(desk.bot, USER_ID, "en")
    finished, still_open = await a_full_record(desk, person)
    assert ADDED in desk.staff_texts()
    before = await leftovers(desk.bot, personal(person))
    assert any(line.startswith("complaints.description") for line in before)
    assert any(line.startswith("complainants.") for line in before)
    assert any(line.startswith("complaint_events.payload") for line in before)
    await person.send("/mydata")  # a file with all of it, waiting in the outbox meanwhile

    replies = await person.send("/forget")
    question = replies[-1]
    assert "Telegram keeps its own copies" in question["text"]
    assert format_code(still_open) in question["text"]
    assert buttons(question) == [person.t("forget-withdraw-and-erase"), person.t("forget-keep")]
    replies = await person.tap("forget-withdraw-and-erase")
    assert texts(replies) == person.t("forget-done")
    assert buttons(desk.fake.sent(person.id)[-2]) == []  # the question's buttons went
    await desk.bot.settle()

    assert await leftovers(desk.bot, personal(person)) == []
    assert {
        "complainants",
        "complaints",
        "complaint_events",
        "inbox_updates",
    } <= await table_names(desk.bot)
    for code in (finished, still_open):
        assert "erased" in await kinds_of(desk.bot, code)
        card = desk.card(code)["text"]
        assert st("staff-card-erased-request") in card
        assert "two weeks late" not in card
    assert st("staff-thread-erased", code=format_code(still_open)) in desk.staff_texts()
    await desk.press(finished, "staff-button-history")
    assert st("history-erased") in desk.staff_texts()

    assert desk.bot.app is not None
    async with desk.bot.app.units() as unit:
        complaint = await unit.complaints.by_code(still_open)
        assert complaint is not None and complaint.status == "withdrawn"
        erased_owner = complaint.complainant_id
        survey_kept = await unit.surveys.get(complaint.id)
        assert survey_kept is None  # the open one was never surveyed
    replies = await person.send("/start")
    assert "complaints desk" in texts(replies)
    async with desk.bot.app.units() as unit:
        fresh = await unit.complainants.by_user(USER_ID)
        assert fresh is not None and fresh.id != erased_owner
    replies = await person.send("/mine")
    assert person.t("mine-empty") in texts(replies)
    replies = await person.send(f"/status {format_code(finished)}")
    assert person.t("status-ask-digits") in texts(replies)  # a stranger to it now


async def test_retention_anonymises_finished_complaints_and_their_people(desk: Desk) -> None:
    person = Person(desk.bot, USER_ID, "en")
    code = await file_complaint(person)
    await desk.press(code, "staff-button-take")
    await desk.press(code, "staff-button-reject")
    await desk.answer_prompt("The delay was caused by customs.")
    other = Person(desk.bot, 5550001, "en", name="Reza Karimi")
    recent = await file_as_reza(other)
    assert desk.bot.app is not None

    desk.bot.clock.advance(days=729)
    await desk.bot.app.timers.tidy()
    await desk.bot.settle()
    assert "anonymised" not in await kinds_of(desk.bot, code)
    assert await leftovers(desk.bot, ["Ahmadi"]) != []  # not yet: 729 days

    desk.bot.clock.advance(days=2)
    other_code = await file_as_reza(other)  # Reza is still a complainant today
    await desk.bot.app.timers.tidy()
    await desk.bot.settle()
    assert await leftovers(desk.bot, personal(person)) == []
    assert "anonymised" in await kinds_of(desk.bot, code)
    assert st("staff-card-erased-retention") in desk.card(code)["text"]
    for still_handled in (recent, other_code):  # open: kept, however old
        assert "anonymised" not in await kinds_of(desk.bot, still_handled)
    async with desk.bot.app.units() as unit:
        reza = await unit.complainants.by_user(5550001)
        assert reza is not None and reza.name == "Reza Karimi"


async def test_mydata_sends_everything_the_complainant_may_see(desk: Desk) -> None:
    person = Person(desk.bot, USER_ID, "en")
    finished, still_open = await a_full_record(desk, person)
    replies = await person.send("/mydata")
    documents = [m for m in replies if m.get("document")]
    assert [d["document"]["file_name"][-4:] for d in documents] == [".txt", "json"]
    calls = [c for c in desk.fake.calls("sendDocument", chat_id=USER_ID) if not c.failed]
    readable, data = (next(iter(c.files.values())).data for c in calls)
    record = json.loads(data)
    assert record["profile"]["telegram_user_id"] == USER_ID
    assert record["profile"]["phone"] == "+989121234567"
    first, second = record["complaints"]
    assert first["tracking_code"] == format_code(finished)
    assert first["description"].startswith(DESCRIPTION)
    assert first["location"].startswith("Order 12345")
    assert first["attachments"][0]["kind"] == "photo"
    assert first["attachments"][0]["caption"] == "the box"
    said = [line.get("text") for line in first["history"]]
    assert "We are looking into it." in said and "The delay was caused by customs." in said
    assert ADDED in [line.get("text") for line in second["history"]]
    whole = data.decode() + readable.decode()
    for internal in ("INTERNAL", "courier depot", "Ali", "note", "exported"):
        assert internal not in whole, internal
    text = readable.decode()
    assert DESCRIPTION in text and "+989121234567" in text and format_code(still_open) in text
    assert "The delay was caused by customs." in text
    assert record["status_lookups"], "the lookups of the last day are part of it"

    assert desk.bot.app is not None
    async with desk.bot.app.units() as unit:
        rows = await unit.outbox.for_chat(USER_ID)
    assert [r for r in rows if r.method == "sendDocument"] == []  # gone once delivered
    assert "exported" in await kinds_of(desk.bot, finished)


async def test_mydata_with_staff_names_signs_the_lines(database_url: str) -> None:
    async with running_desk(database_url, forum=False, show_staff_names=True) as desk:
        person = Person(desk.bot, USER_ID, "fa")
        code = await file_complaint(person)
        await desk.press(code, "staff-button-take")
        await desk.write(code, "در حال بررسی هستیم.")
        await person.send("/mydata")
        calls = [c for c in desk.fake.calls("sendDocument", chat_id=USER_ID) if not c.failed]
        readable, data = (next(iter(c.files.values())).data for c in calls)
        (complaint,) = json.loads(data)["complaints"]
        assert complaint["handled_by"] == "Ali"
        assert "Ali" in [line.get("staff_name") for line in complaint["history"]]
        text = readable.decode()
        assert "همهٔ اطلاعاتی که از شما نگه می‌داریم" in text and "(Ali)" in text
        assert "۱۴۰۵" in text  # Jalali dates, Persian digits


async def test_the_file_survives_a_restart_in_the_outbox(sqlite_url: str) -> None:
    async with running_desk(sqlite_url, forum=False) as desk:
        person = Person(desk.bot, USER_ID, "en")
        await file_complaint(person)
        fake = desk.fake
        fake.add_fault("sendDocument", times=1000, error_code=502, description="Bad Gateway")
        fake.send_text(person.user, "/mydata")
        await fake.wait_for(lambda r: r.method == "sendDocument" and r.failed)
        await desk.bot.stop()
        fake.clear_faults()
        await desk.bot.start()
        await desk.bot.settle()
        sent = [c for c in fake.calls("sendDocument", chat_id=USER_ID) if not c.failed]
        files = [next(iter(c.files.values())) for c in sent]
        assert [f.filename[-4:] for f in files] == [".txt", "json"]
        record = json.loads(files[1].data)
        assert record["complaints"][0]["description"].startswith(DESCRIPTION)


async def test_who_may_not_erase_erases_nothing(desk: Desk) -> None:
    person = Person(desk.bot, USER_ID, "en")
    code = await file_complaint(person)
    stranger = Person(desk.bot, 5550002, "en", name="Nima")
    await stranger.send("/start")
    assert desk.bot.app is not None
    async with desk.bot.app.units() as unit:
        owner = await unit.complainants.by_user(USER_ID)
        other = await unit.complainants.by_user(5550002)
        assert owner is not None and other is not None
        owner_id, other_id = owner.id, other.id

    # In a group: not there.
    desk.fake.send_text(person.user, "/forget", chat=STAFF_CHAT)
    await desk.bot.settle()
    assert st("privacy-private-only").split(",")[0] in desk.staff_texts()

    # A forged button naming someone else's row, and one erasing over an open complaint.
    await person.send("/forget")
    question = desk.fake.sent(person.id)[-1]
    update_id, _ = await person.press(question, ForgetChoice(action="erase", who=other_id).pack())
    assert desk.fake.callback_answer(update_id)["text"] == person.t("forget-stale")
    update_id, replies = await person.press(
        question, ForgetChoice(action="erase", who=owner_id).pack()
    )
    assert format_code(code) in texts(replies)  # asked again: withdraw it first
    assert buttons(replies[-1])[0] == person.t("forget-withdraw-and-erase")
    update_id, _ = await stranger.press(
        desk.fake.sent(stranger.id)[-1], ForgetChoice(action="withdraw", who=owner_id).pack()
    )
    assert desk.fake.callback_answer(update_id)["text"] == stranger.t("forget-stale")
    async with desk.bot.app.units() as unit:
        still = await unit.complainants.by_user(USER_ID)
        assert still is not None and still.id == owner_id and still.name == "Sara Ahmadi"
        assert (await unit.complaints.by_code(code)).status == "received"  # type: ignore[union-attr]

    # Keep: nothing happens.
    await person.send("/forget")
    replies = await person.tap("forget-keep")
    assert person.t("forget-kept") in texts(replies)

    # Confirmed twice: the second press finds a fresh account and erases nothing of it.
    await person.send("/forget")
    question = desk.fake.sent(person.id)[-1]
    data = ForgetChoice(action="withdraw", who=owner_id).pack()
    await person.press(question, data)
    update_id, _ = await person.press(question, data)
    assert desk.fake.callback_answer(update_id)["text"] == person.t("forget-stale")
    async with desk.bot.app.units() as unit:
        fresh = await unit.complainants.by_user(USER_ID)
        assert fresh is not None and fresh.id != owner_id and fresh.name == "Sara Ahmadi"

    # Staff keep their record.
    supervisor = Person(desk.bot, SUPERVISOR, "en", name="Mina")
    replies = await supervisor.send("/forget")
    assert texts(replies) == supervisor.t("forget-staff")
    agent = Person(desk.bot, AGENT, "en", name="Ali")
    replies = await agent.send("/forget")
    assert texts(replies) == agent.t("forget-staff")


async def test_privacy_states_the_retention_period(database_url: str) -> None:
    async with running_desk(database_url, forum=False, retention_days=365) as desk:
        person = Person(desk.bot, USER_ID, "fa")
        replies = await person.send("/privacy")
        said = texts(replies)
        assert person.t("privacy-retention", days=365) in said and "۳۶۵" in said

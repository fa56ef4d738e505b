"""Trust at the staff desk, end to end: only what is meant for the complainant leaves the staff
group, only members act, a slow membership check stalls nobody, an agent does not take a
colleague's complaint, a public staff group is called out, and forged presses write no
history on other people's complaints."""

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.domain.tracking_code import format_code
from bot.messages.callbacks import StaffAction
from tests.e2e.conversation import Person, buttons, texts
from tests.e2e.harness import running_bot
from tests.e2e.test_intake import file_complaint
from tests.e2e.test_staff import AGENT, STAFF_CHAT, SUPERVISOR, Desk, events_of, running_desk, st


@pytest.fixture(params=[True, False], ids=["forum", "plain-group"])
async def desk(request: pytest.FixtureRequest, sqlite_url: str) -> AsyncIterator[Desk]:
    """The staff group of test_staff, with topics and without."""
    async with running_desk(sqlite_url, request.param) as desk:
        yield desk


def thread_of(desk: Desk, code: str) -> dict[str, Any]:
    """Where a message "in the complaint's thread" goes: its topic, or a reply to its card."""
    card = desk.card(code)
    if desk.forum:
        return {"message_thread_id": card["message_thread_id"]}
    return {"reply_to_message_id": card["message_id"]}


def replying_to(message: dict[str, Any]) -> dict[str, Any]:
    """A reply to a message of the staff group, in its topic when it has one."""
    return {
        "reply_to_message_id": message["message_id"],
        "message_thread_id": message.get("message_thread_id"),
    }


def staff_message(desk: Desk, start: str) -> dict[str, Any]:
    """The newest message of the staff group whose text starts so."""
    for message in reversed(desk.fake.sent(STAFF_CHAT)):
        if (message.get("text") or "").startswith(start):
            return message
    raise AssertionError(f"no staff message starting with {start!r}")


def hints(desk: Desk) -> list[dict[str, Any]]:
    key = "staff-hint-not-relayed-forum" if desk.forum else "staff-hint-not-relayed"
    return [m for m in desk.fake.sent(STAFF_CHAT) if m.get("text") == st(key)]


async def complaint_id(desk: Desk, code: str) -> int:
    assert desk.bot.app is not None
    async with desk.bot.app.units() as uow:
        found = await uow.complaints.by_code(code)
        assert found is not None
        return found.id


async def nothing_happened(desk: Desk, person: Person, code: str) -> None:
    """The complainant heard nothing, nobody was assigned, and no first response counted."""
    assert desk.fake.drain(person.id) == []
    kinds = [kind for kind, _ in await events_of(desk.bot, code)]
    assert "message_to_complainant" not in kinds and "assigned" not in kinds
    assert "Unassigned" in desk.card(code)["text"]
    assert desk.bot.app is not None
    async with desk.bot.app.units() as uow:
        complaint = await uow.complaints.by_code(code)
        assert complaint is not None and complaint.status == "received"
        assert complaint.first_responded_at is None


async def test_replies_to_notes_and_pings_stay_in_the_staff_group(desk: Desk) -> None:
    person = Person(desk.bot, 1201, "en")
    code = await file_complaint(person)
    desk.fake.drain(person.id)
    await desk.press(code, "staff-button-note")
    await desk.answer_prompt("The courier says it was delivered.")
    await desk.press(code, "staff-button-escalate")
    await desk.answer_prompt("The customer is a regular.")
    assert desk.bot.app is not None
    desk.bot.clock.advance(minutes=31)
    await desk.bot.app.timers.sweep()
    await desk.bot.settle()
    note = staff_message(desk, "📝 Note by Ali")
    escalation = staff_message(desk, "⬆️ Escalated by Ali")
    ping = staff_message(desk, "⏰ Nobody has taken")
    assert st("staff-button-take") in buttons(ping)

    desk.fake.send_text(desk.agent, "I will call the courier", STAFF_CHAT, **replying_to(note))
    desk.fake.send_text(desk.supervisor, "Noted, go ahead", STAFF_CHAT, **replying_to(escalation))
    desk.fake.send_text(desk.agent, "Looking at it now", STAFF_CHAT, **replying_to(ping))
    await desk.bot.settle()

    await nothing_happened(desk, person, code)
    (hint,) = hints(desk)
    if desk.forum:
        assert hint["message_thread_id"] == desk.thread(code)
    else:
        assert hint["reply_to_message"]["text"] == "I will call the courier"
    await desk.write(code, "We are calling the courier now.")
    assert "We are calling the courier now." in texts(desk.fake.drain(person.id))


async def test_stickers_polls_contacts_pins_and_commands_are_not_relayed(desk: Desk) -> None:
    person = Person(desk.bot, 1202, "en")
    code = await file_complaint(person)
    desk.fake.drain(person.id)
    where = thread_of(desk, code)
    fake, agent = desk.fake, desk.agent
    fake.send_sticker(agent, chat=STAFF_CHAT, **where)
    fake.send_poll(agent, "Refund?", ["yes", "no"], chat=STAFF_CHAT, **where)
    fake.send_contact(agent, "+989120000000", chat=STAFF_CHAT, **where)
    fake.send_location(agent, 35.7, 51.4, chat=STAFF_CHAT, **where)
    topic = {"message_thread_id": where.get("message_thread_id")}
    fake.send_service(agent, {"pinned_message": desk.card(code)}, STAFF_CHAT, **topic)
    if desk.forum:
        edited = {"forum_topic_edited": {"name": "urgent"}}
        fake.send_service(agent, edited, STAFF_CHAT, **topic)
    fake.send_photo(agent, caption=f"/note {code} photo of the label", chat=STAFF_CHAT, **where)
    fake.send_text(agent, "/unknowncommand hello", chat=STAFF_CHAT, **where)
    await desk.bot.settle()

    await nothing_happened(desk, person, code)
    assert len(hints(desk)) == 1
    assert st("staff-done-note") in desk.staff_texts()
    assert ("note", None) in await events_of(desk.bot, code)


async def test_a_reply_to_the_complainants_own_messages_reaches_them(desk: Desk) -> None:
    person = Person(desk.bot, 1203, "en")
    code = await file_complaint(person)
    await person.send(f"/status {code}")
    await person.tap("card-add-information")
    await person.send("The box was open too.")
    desk.fake.drain(person.id)
    added = staff_message(desk, "📩 The complainant added information")
    (photo,) = [m for m in desk.fake.sent(STAFF_CHAT) if m.get("photo")]

    desk.fake.send_text(desk.agent, "Was anything missing?", STAFF_CHAT, **replying_to(added))
    await desk.bot.settle()
    desk.fake.send_voice(desk.agent, chat=STAFF_CHAT, **replying_to(photo))
    await desk.bot.settle()

    got = desk.fake.drain(person.id)
    assert "Was anything missing?" in texts(got)
    assert any(m.get("voice") for m in got)
    assert "Assignee: Ali" in desk.card(code)["text"]
    assert hints(desk) == []


async def test_only_members_of_the_staff_group_act(desk: Desk) -> None:
    person = Person(desk.bot, 1204, "en")
    code = await file_complaint(person)
    desk.fake.drain(person.id)
    outsiders = []
    for user_id, status, is_member in (
        (7101, "left", True),
        (7102, "kicked", True),
        (7103, "restricted", False),
    ):
        user = desk.fake.user(user_id, f"Outsider{user_id}", language_code="en")
        desk.fake.set_member(STAFF_CHAT, user_id, status, is_member=is_member)
        outsiders.append(user)
    for user in outsiders:
        update_id = await desk.press(code, "staff-button-take", who=user)
        assert desk.fake.callback_answer(update_id)["text"] == st("staff-refused")
        await desk.write(code, f"hello from {user['first_name']}", who=user)
    await nothing_happened(desk, person, code)

    muted = desk.fake.user(7104, "Neda", language_code="en")
    desk.fake.set_member(STAFF_CHAT, 7104, "restricted", is_member=True)
    update_id = await desk.press(code, "staff-button-take", who=muted)
    assert desk.fake.callback_answer(update_id)["text"] == st("staff-taken")
    assert "Assignee: Neda" in desk.card(code)["text"]

    desk.fake.set_member(STAFF_CHAT, SUPERVISOR, "left")
    update_id = await desk.press(code, "staff-button-take", who=desk.supervisor)
    assert desk.fake.callback_answer(update_id)["text"] == st("staff-taken")
    assert "Assignee: Mina" in desk.card(code)["text"]


@pytest.mark.parametrize("trouble", ["slow", "failing"])
async def test_a_membership_check_telegram_cannot_answer_stalls_nobody(
    desk: Desk, trouble: str
) -> None:
    person = Person(desk.bot, 1205, "en")
    code = await file_complaint(person)
    bystander = Person(desk.bot, 1206, "en")
    if trouble == "slow":
        desk.fake.delay("getChatMember", 4.5)
    else:
        desk.fake.add_fault("getChatMember", times=1000, error_code=502, description="Bad Gateway")
    press = desk.fake.press_button(desk.agent, desk.card(code), st("staff-button-take"))
    desk.fake.send_text(desk.agent, "/open")
    await asyncio.sleep(0.3)
    started = time.monotonic()
    desk.fake.send_text(bystander.user, "/help")
    await desk.fake.next_message(bystander.id, timeout=2.5)
    assert time.monotonic() - started < 2.0

    await desk.bot.settle(timeout=20)
    assert desk.fake.callback_answer(press)["text"] == st("staff-cannot-check")
    assert st("staff-cannot-check") in texts(desk.fake.sent(AGENT))
    assert "Open complaints" not in texts(desk.fake.sent(AGENT))
    await desk.write(code, "Are you still there?")
    assert desk.fake.sent(STAFF_CHAT)[-1]["text"] == st("staff-cannot-check")
    await nothing_happened(desk, person, code)
    desk.fake.delay("getChatMember", 0)
    desk.fake.clear_faults()


async def test_an_agent_cannot_take_a_complaint_a_colleague_holds(desk: Desk) -> None:
    person = Person(desk.bot, 1207, "en")
    code = await file_complaint(person)
    reza = desk.fake.user(8002, "Reza", language_code="en")
    desk.fake.set_member(STAFF_CHAT, 8002)
    await desk.press(code, "staff-button-take", who=reza)
    assert "Assignee: Reza" in desk.card(code)["text"]

    update_id = await desk.press(code, "staff-button-take")
    assert "Assignee: Reza" in desk.card(code)["text"]
    assert [kind for kind, _ in await events_of(desk.bot, code)].count("assigned") == 1
    assert desk.fake.callback_answer(update_id)["text"] == st("staff-held-by-other", name="Reza")

    update_id = await desk.press(code, "staff-button-take", who=desk.supervisor)
    assert desk.fake.callback_answer(update_id)["text"] == st("staff-taken")
    assert "Assignee: Mina" in desk.card(code)["text"]


async def test_a_public_staff_group_is_called_out_once(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.app")
    public = -1009876543210
    async with running_bot(
        sqlite_url,
        staff_chat_id=public,
        staff_language="en",
        startup=lambda fake: fake.group(public, "Complaints desk", username="our_desk"),
    ) as bot:
        await bot.settle()
        assert any("public" in r.getMessage() for r in caplog.records)
        assert len(bot.fake.sent(public)) == 1
        warning = st("staff-chat-public", username="our_desk")
        assert [m["text"] for m in bot.fake.sent(public)] == [warning]
        caplog.clear()
        await bot.restart()
        await bot.settle()
        assert [m["text"] for m in bot.fake.sent(public)] == [warning]
        assert any("public" in r.getMessage() for r in caplog.records)


async def test_forged_presses_write_history_only_where_the_presser_could_see(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    owner = Person(desk.bot, 1208, "en")
    code = await file_complaint(owner)
    stranger = Person(desk.bot, 1209, "en")
    await stranger.send("/help")
    forged = StaffAction(action="take", id=await complaint_id(desk, code)).pack()

    caplog.set_level(logging.INFO)
    update_id, _ = await stranger.press(desk.fake.sent(stranger.id)[-1], forged)
    assert desk.fake.callback_answer(update_id)["text"] == stranger.t("staff-refused")
    assert ("refused", None) not in await events_of(desk.bot, code)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "refused" in logged and str(stranger.id) not in logged

    update_id, _ = await owner.press(desk.fake.sent(owner.id)[-1], forged)
    assert desk.fake.callback_answer(update_id)["text"] == owner.t("staff-refused")
    assert [kind for kind, _ in await events_of(desk.bot, code)].count("refused") == 1

    left = desk.fake.user(7105, "Former", language_code="en")
    desk.fake.set_member(STAFF_CHAT, 7105, "left")
    await desk.press(code, "staff-button-take", who=left)
    assert [kind for kind, _ in await events_of(desk.bot, code)].count("refused") == 2
    assert "Unassigned" in desk.card(code)["text"]
    assert format_code(code) in desk.card(code)["text"]


async def test_staff_commands_answer_only_in_the_staff_group_or_in_private(desk: Desk) -> None:
    person = Person(desk.bot, 1210, "en")
    code = await file_complaint(person)
    other = -1005555000
    desk.fake.group(other, "Friends and family")
    for text in ("/open", f"/complaint {code}", f"/note {code} leaked?"):
        desk.fake.send_text(desk.agent, text, chat=other)
    await desk.bot.settle()
    assert desk.fake.sent(other) == []
    assert ("note", None) not in await events_of(desk.bot, code)
    desk.fake.send_text(desk.agent, "/open")
    await desk.bot.settle()
    assert format_code(code) in texts(desk.fake.sent(AGENT))


@pytest.mark.postgres
async def test_membership_is_learned_before_the_transaction_on_a_shared_database(
    postgres_url: str,
) -> None:
    """A shared database is read back for each update: the first look finds a staff action,
    and the update is handled again once the sender's membership is known."""
    async with running_bot(
        postgres_url,
        staff_chat_id=STAFF_CHAT,
        supervisor_ids=str(SUPERVISOR),
        staff_language="en",
        startup=lambda fake: fake.group(STAFF_CHAT, "Complaints desk"),
    ) as bot:
        desk = Desk(bot, False)
        person = Person(bot, 1211, "en")
        code = await file_complaint(person)
        gone = desk.fake.user(7106, "Gone", language_code="en")
        desk.fake.set_member(STAFF_CHAT, 7106, "left")
        update_id = await desk.press(code, "staff-button-take", who=gone)
        assert desk.fake.callback_answer(update_id)["text"] == st("staff-refused")
        update_id = await desk.press(code, "staff-button-take")
        assert desk.fake.callback_answer(update_id)["text"] == st("staff-taken")
        assert "Assignee: Ali" in desk.card(code)["text"]
        assert len(desk.fake.calls("getChatMember")) == 2

"""The staff desk end to end: forum topics and plain groups, every card action, relayed
messages both ways, and the event log behind them."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from bot.domain.tracking_code import format_code
from tests.e2e.conversation import TRANSLATOR, Person, buttons, plain, texts
from tests.e2e.harness import RunningBot, running_bot
from tests.e2e.test_intake import file_complaint

STAFF_CHAT = -1001234500
SUPERVISOR = 9001
AGENT = 8001


def st(key: str, **args: object) -> str:
    """A staff-side string (the staff language is English in these tests)."""
    return plain(TRANSLATOR("en", key, **args))


class Desk:
    """The staff group as the tests see it."""

    def __init__(self, bot: RunningBot, forum: bool) -> None:
        self.bot = bot
        self.fake = bot.fake
        self.forum = forum
        self.agent = self.fake.user(AGENT, "Ali", language_code="fa")
        self.supervisor = self.fake.user(SUPERVISOR, "Mina", language_code="fa")
        self.fake.set_member(STAFF_CHAT, AGENT)
        self.fake.set_member(STAFF_CHAT, SUPERVISOR, "administrator")

    def card(self, code: str) -> dict[str, Any]:
        """The complaint's card as it stands now."""
        for message in self.fake.sent(STAFF_CHAT):
            if format_code(code) in message.get("text", "") and "📋" in message.get("text", ""):
                return message
        raise AssertionError(f"no card for {code}")

    def thread(self, code: str) -> int | None:
        return self.card(code).get("message_thread_id")

    async def press(self, code: str, key: str, who: dict[str, Any] | None = None) -> int:
        update_id = self.fake.press_button(who or self.agent, self.card(code), st(key))
        await self.bot.settle()
        return update_id

    async def write(self, code: str, text: str, who: dict[str, Any] | None = None) -> None:
        """A staff member writes in the complaint's topic (forum) or replies to its card."""
        card = self.card(code)
        if self.forum:
            self.fake.send_text(
                who or self.agent,
                text,
                chat=STAFF_CHAT,
                message_thread_id=card["message_thread_id"],
            )
        else:
            self.fake.send_text(
                who or self.agent, text, chat=STAFF_CHAT, reply_to_message_id=card["message_id"]
            )
        await self.bot.settle()

    async def answer_prompt(self, text: str, who: dict[str, Any] | None = None) -> None:
        calls = [
            r
            for r in self.fake.calls("sendMessage", chat_id=STAFF_CHAT)
            if not r.failed and "force_reply" in json.dumps(r.params.get("reply_markup") or {})
        ]
        assert calls, "no prompt was sent"
        prompt = calls[-1].result
        self.fake.send_text(
            who or self.agent,
            text,
            chat=STAFF_CHAT,
            reply_to_message_id=prompt["message_id"],
            message_thread_id=prompt.get("message_thread_id"),
        )
        await self.bot.settle()

    def staff_texts(self) -> str:
        return "\n".join(
            m.get("text") or m.get("caption") or "" for m in self.fake.sent(STAFF_CHAT)
        )


@asynccontextmanager
async def running_desk(database_url: str, forum: bool, **settings: Any) -> AsyncIterator[Desk]:
    """The bot with these tests' staff group (English, one supervisor), with topics or not."""
    async with running_bot(
        database_url,
        staff_chat_id=STAFF_CHAT,
        supervisor_ids=str(SUPERVISOR),
        staff_language="en",
        startup=lambda fake: fake.group(STAFF_CHAT, "Complaints desk", is_forum=forum),
        **settings,
    ) as bot:
        yield Desk(bot, forum)


@pytest.fixture(params=[True, False], ids=["forum", "plain-group"])
async def desk(request: pytest.FixtureRequest, sqlite_url: str) -> AsyncIterator[Desk]:
    async with running_desk(sqlite_url, request.param) as desk:
        yield desk


async def events_of(bot: RunningBot, code: str) -> list[tuple[str, str | None]]:
    assert bot.app is not None
    async with bot.app.units() as uow:
        complaint = await uow.complaints.by_code(code)
        assert complaint is not None
        return [(e.kind, e.new_status) for e in await uow.complaints.history(complaint.id)]


async def test_a_new_complaint_gets_a_card(desk: Desk) -> None:
    person = Person(desk.bot, 1101, "fa")
    code = await file_complaint(person)
    card = desk.card(code)
    assert "Delay" in card["text"] and "two weeks late" not in card["text"]
    assert "بسته دو هفته دیر رسید" in card["text"]
    assert "+98" not in card["text"] and "9121234567" not in card["text"]
    assert st("staff-button-take") in buttons(card)
    if desk.forum:
        topics = desk.fake.calls("createForumTopic")
        assert topics and format_code(code) in topics[0].params["name"]
        assert card["message_thread_id"] == topics[0].result["message_thread_id"]
    photos = [m for m in desk.fake.sent(STAFF_CHAT) if m.get("photo")]
    assert len(photos) == 1


async def test_take_reply_note_ask_answer_resolve(desk: Desk) -> None:
    person = Person(desk.bot, 1102, "fa")
    code = await file_complaint(person)
    person.replies.clear()
    desk.fake.drain(person.id)

    await desk.press(code, "staff-button-take")
    assert "Ali" in desk.card(code)["text"]
    assert "Being handled" in desk.card(code)["text"]
    told = texts(desk.fake.drain(person.id))
    assert "رسیدگی به شکایت" in told and format_code(code) in told

    await desk.write(code, "سلام، در حال بررسی سفارش شما هستیم.")
    relayed = desk.fake.drain(person.id)
    assert "سلام، در حال بررسی سفارش شما هستیم." in texts(relayed)
    assert "Ali" not in texts(relayed)

    await desk.press(code, "staff-button-note")
    await desk.answer_prompt("Customer called twice; check the courier.")
    assert desk.fake.drain(person.id) == []
    assert st("staff-done-note") in desk.staff_texts()

    await desk.press(code, "staff-button-ask")
    await desk.answer_prompt("What is your order number?")
    question = desk.fake.drain(person.id)
    assert "What is your order number?" in texts(question)
    assert person.t("to-complainant-answer-button") in buttons(question[-1])
    assert "Waiting for the complainant" in desk.card(code)["text"]

    replies = await person.send("شماره سفارش ۵۵۵ است")
    assert person.t("answer-received", code=format_code(code)) in texts(replies)
    assert "The complainant answered: شماره سفارش ۵۵۵ است" in desk.staff_texts()
    assert "Being handled" in desk.card(code)["text"]

    await desk.press(code, "staff-button-resolve")
    await desk.answer_prompt("We refunded the full price to your card.")
    decision = texts(desk.fake.drain(person.id))
    assert "We refunded the full price to your card." in decision
    assert "رسیدگی شد" in decision
    card = desk.card(code)
    assert "Resolved" in card["text"]
    assert buttons(card)[0] == st("staff-button-reopen")

    kinds = [kind for kind, _ in await events_of(desk.bot, code)]
    assert kinds == [
        "filed",
        "assigned",
        "status_changed",
        "message_to_complainant",
        "note",
        "status_changed",
        "question_asked",
        "status_changed",
        "answer_received",
        "status_changed",
    ]
    statuses = [
        status for kind, status in await events_of(desk.bot, code) if kind == "status_changed"
    ]
    assert statuses == ["in_progress", "waiting", "in_progress", "resolved"]


async def test_reject_needs_a_reason_and_a_second_decision_is_refused(desk: Desk) -> None:
    person = Person(desk.bot, 1103, "en")
    code = await file_complaint(person)
    old_card = desk.card(code)
    await desk.press(code, "staff-button-reject")
    await desk.answer_prompt("The warranty expired in 2024.")
    decision = texts(desk.fake.drain(person.id))
    assert "The warranty expired in 2024." in decision and "couldn't uphold" in decision
    resolve = next(
        b["callback_data"]
        for row in old_card["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == st("staff-button-resolve")
    )
    update_id = desk.fake.press(desk.agent, desk.card(code), resolve)
    await desk.bot.settle()
    assert desk.fake.callback_answer(update_id)["text"] == st(
        "staff-move-not-allowed", status="Not upheld"
    )
    prompts = [m for m in desk.fake.sent(STAFF_CHAT) if "resolution" in m.get("text", "")]
    if prompts:
        desk.fake.send_text(
            desk.agent,
            "late resolution",
            chat=STAFF_CHAT,
            reply_to_message_id=prompts[-1]["message_id"],
            message_thread_id=prompts[-1].get("message_thread_id"),
        )
        await desk.bot.settle()
    statuses = [s for kind, s in await events_of(desk.bot, code) if kind == "status_changed"]
    assert statuses == ["rejected"]


async def test_a_stranger_pressing_a_staff_button_is_refused_and_logged(desk: Desk) -> None:
    person = Person(desk.bot, 1104, "en")
    code = await file_complaint(person)
    stranger = desk.fake.user(7777, "Mallory", language_code="en")
    desk.fake.set_member(STAFF_CHAT, 7777, "left")
    card = desk.card(code)
    take = next(
        b["callback_data"]
        for row in card["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == st("staff-button-take")
    )
    forwarded = dict(card, chat={"id": 7777, "type": "private", "first_name": "Mallory"})
    desk.fake.messages.setdefault(7777, {})[card["message_id"]] = forwarded
    update_id = desk.fake.press(stranger, forwarded, take)
    await desk.bot.settle()
    assert desk.fake.callback_answer(update_id)["text"] == st("staff-refused")
    # Pressed outside the staff group on someone else's complaint: logged, not in its history
    # (anyone could forge such a press with any complaint's id).
    assert ("refused", None) not in await events_of(desk.bot, code)
    assert "Unassigned" in desk.card(code)["text"]
    update_id = await desk.press(code, "staff-button-take", who=stranger)
    assert desk.fake.callback_answer(update_id)["text"] == st("staff-refused")
    assert ("refused", None) in await events_of(desk.bot, code)
    assert "Unassigned" in desk.card(code)["text"]


async def test_supervisor_escalation_export_and_contact(desk: Desk) -> None:
    person = Person(desk.bot, 1105, "en")
    code = await file_complaint(person)
    await desk.press(code, "staff-button-escalate")
    await desk.answer_prompt("The customer is threatening legal action.")
    ping = texts(desk.fake.sent(SUPERVISOR))
    assert "escalated to you by Ali" in ping and "legal action" in ping

    update_id = await desk.press(code, "staff-button-export")
    assert desk.fake.callback_answer(update_id)["text"] == st("staff-supervisors-only")
    await desk.press(code, "staff-button-export", who=desk.supervisor)
    documents = [r for r in desk.fake.calls("sendDocument") if not r.failed]
    assert documents and int(documents[-1].params["chat_id"]) == SUPERVISOR
    record = json.loads(next(iter(documents[-1].files.values())).data)
    assert record["tracking_code"] == code and record["history"][0]["kind"] == "filed"

    update_id = await desk.press(code, "staff-button-contact")
    answer = desk.fake.callback_answer(update_id)
    assert answer["text"] == "+989121234567" and answer.get("show_alert") is True
    kinds = [kind for kind, _ in await events_of(desk.bot, code)]
    assert {"escalated", "exported", "contact_viewed"} <= set(kinds)


async def test_media_is_relayed_both_ways(desk: Desk) -> None:
    person = Person(desk.bot, 1106, "en")
    code = await file_complaint(person)
    desk.fake.drain(person.id)
    card = desk.card(code)
    desk.fake.send_photo(
        desk.agent,
        caption="Is this the damage?",
        chat=STAFF_CHAT,
        message_thread_id=card.get("message_thread_id") if desk.forum else None,
        reply_to_message_id=None if desk.forum else card["message_id"],
    )
    await desk.bot.settle()
    got = desk.fake.drain(person.id)
    assert any(m.get("photo") and m.get("caption") == "Is this the damage?" for m in got)
    await person.send("/mine")
    await person.tap(
        next(b for b in buttons(person.bot.fake.sent(person.id)[-1]) if format_code(code) in b)
    )
    await person.tap("card-add-information")
    await person.send_photo(caption="another angle")
    staff_photos = [m for m in desk.fake.sent(STAFF_CHAT) if m.get("photo")]
    assert any(m.get("caption") == "another angle" for m in staff_photos)


async def test_a_move_that_is_not_allowed_changes_nothing(desk: Desk) -> None:
    person = Person(desk.bot, 1107, "en")
    code = await file_complaint(person)
    await person.send(f"/status {code}")
    await person.tap("card-withdraw")
    await person.tap("withdraw-yes")
    assert "The complainant withdrew this complaint." in desk.staff_texts()
    desk.fake.send_text(desk.agent, f"/resolve {format_code(code)} fixed it", chat=STAFF_CHAT)
    await desk.bot.settle()
    assert st("staff-move-not-allowed", status="Withdrawn") in desk.staff_texts()
    statuses = [s for kind, s in await events_of(desk.bot, code) if kind == "status_changed"]
    assert statuses == ["withdrawn"]


async def test_a_complainant_who_blocked_the_bot_shows_on_the_card(desk: Desk) -> None:
    person = Person(desk.bot, 1108, "en")
    code = await file_complaint(person)
    desk.fake.block(person.id)
    await desk.write(code, "We are looking into it.")
    assert "has blocked the bot" in desk.card(code)["text"]


async def test_staff_commands_list_and_open_complaints(desk: Desk) -> None:
    person = Person(desk.bot, 1109, "fa")
    code = await file_complaint(person)
    desk.fake.send_text(desk.agent, "/open", chat=STAFF_CHAT)
    await desk.bot.settle()
    assert format_code(code) in desk.staff_texts().split("Open complaints")[-1]
    desk.fake.send_text(desk.supervisor, f"/complaint {code}")
    await desk.bot.settle()
    private = texts(desk.fake.sent(SUPERVISOR))
    assert format_code(code) in private and "History of" in private
    desk.fake.send_text(desk.agent, f"/note {code} called the courier")
    await desk.bot.settle()
    assert st("staff-done-note") in texts(desk.fake.sent(AGENT))
    complainant_commands = await person.send(f"/note {code} hello")
    assert person.t("fallback-unknown-command") in texts(complainant_commands)


async def test_a_deleted_topic_is_recreated_on_the_next_message(sqlite_url: str) -> None:
    async with running_bot(
        sqlite_url,
        staff_chat_id=STAFF_CHAT,
        staff_language="en",
        startup=lambda fake: fake.group(STAFF_CHAT, "Complaints desk", is_forum=True),
    ) as bot:
        desk = Desk(bot, True)
        person = Person(bot, 1110, "en")
        code = await file_complaint(person)
        old_thread = desk.thread(code)
        assert old_thread is not None
        bot.fake.delete_topic(STAFF_CHAT, old_thread)
        await person.send(f"/status {code}")
        await person.tap("card-add-information")
        await person.send("The courier never came back.")
        topics = bot.fake.calls("createForumTopic")
        assert len([t for t in topics if not t.failed]) == 2
        new_thread = topics[-1].result["message_thread_id"]
        in_new = [m for m in bot.fake.sent(STAFF_CHAT) if m.get("message_thread_id") == new_thread]
        joined = "\n".join(m.get("text", "") for m in in_new)
        assert st("staff-topic-recreated") in joined
        assert "The courier never came back." in joined


async def test_chatid_and_an_unconfigured_group(sqlite_url: str) -> None:
    async with running_bot(sqlite_url, staff_language="en") as bot:
        other = bot.fake.group(-1009999, "Some group")
        admin = bot.fake.user(8500, "Admin")
        bot.fake.my_chat_member(other, admin)
        await bot.settle()
        assert "-1009999" in texts(bot.fake.sent(-1009999))
        assert "STAFF_CHAT_ID" in texts(bot.fake.sent(-1009999))
        bot.fake.send_text(admin, "/chatid", chat=-1009999)
        await bot.settle()
        assert st("staff-chat-id", id="-1009999") in texts(bot.fake.sent(-1009999))


async def test_assign_priority_and_category_from_the_card(desk: Desk) -> None:
    person = Person(desk.bot, 1111, "en")
    code = await file_complaint(person)
    desk.fake.send_text(desk.supervisor, "hello team", chat=STAFF_CHAT)
    await desk.press(code, "staff-button-take", who=desk.supervisor)
    await desk.press(code, "staff-button-assign", who=desk.supervisor)
    chooser = desk.fake.sent(STAFF_CHAT)[-1]
    assert "Mina" in buttons(chooser)
    await desk.write(code, "I will take a look", who=desk.agent)
    await desk.press(code, "staff-button-assign", who=desk.supervisor)
    chooser = desk.fake.sent(STAFF_CHAT)[-1]
    desk.fake.press_button(desk.supervisor, chooser, "Ali")
    await desk.bot.settle()
    assert "Assignee: Ali" in desk.card(code)["text"]
    await desk.press(code, "staff-button-priority")
    desk.fake.press_button(desk.agent, desk.fake.sent(STAFF_CHAT)[-1], st("priority-urgent"))
    await desk.bot.settle()
    assert "Priority: Urgent" in desk.card(code)["text"]
    await desk.press(code, "staff-button-category")
    desk.fake.press_button(desk.agent, desk.fake.sent(STAFF_CHAT)[-1], "Billing or price")
    await desk.bot.settle()
    assert "Billing or price" in desk.card(code)["text"]
    kinds = [kind for kind, _ in await events_of(desk.bot, code)]
    assert kinds.count("assigned") == 2
    assert "priority_changed" in kinds and "category_changed" in kinds
    assert desk.bot.app is not None
    async with desk.bot.app.units() as uow:
        complaint = await uow.complaints.by_code(code)
        assert complaint is not None
        assert (complaint.category, complaint.priority) == ("billing", "urgent")
    desk.fake.send_text(desk.agent, "/open billing", chat=STAFF_CHAT)
    desk.fake.send_text(desk.agent, "/open delay", chat=STAFF_CHAT)
    await desk.bot.settle()
    answers = [m["text"] for m in desk.fake.sent(STAFF_CHAT)[-2:]]
    assert format_code(code) in answers[0]
    assert answers[1] == st("staff-list-empty")


async def test_the_complainants_open_status_card_is_edited_in_place(desk: Desk) -> None:
    person = Person(desk.bot, 1112, "fa")
    code = await file_complaint(person)
    await person.send(f"/status {code}")
    card = desk.fake.sent(person.id)[-1]
    assert person.t("status-name-received") in card["text"]
    await desk.press(code, "staff-button-take")
    edited = desk.fake.messages[person.id][card["message_id"]]
    assert person.t("status-name-in-progress") in edited["text"]


async def test_a_message_decided_before_a_stop_is_sent_once_after_the_restart(
    desk: Desk,
) -> None:
    person = Person(desk.bot, 1113, "en")
    code = await file_complaint(person)
    desk.fake.drain(person.id)
    desk.fake.add_fault(
        "sendMessage", times=1000, error_code=502, description="Bad Gateway", chat_id=person.id
    )
    card = desk.card(code)
    take = next(
        b["callback_data"]
        for row in card["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == st("staff-button-take")
    )
    desk.fake.press(desk.agent, card, take)
    async with desk.bot.app.units() as uow:  # type: ignore[union-attr]
        while not [m for m in await uow.outbox.for_chat(person.id) if m.status == "pending"]:
            await uow.rollback()
            await asyncio.sleep(0.01)
    await desk.bot.stop()
    desk.fake.clear_faults()
    await desk.bot.start()
    await desk.bot.settle()
    told = [m for m in desk.fake.drain(person.id) if "now being handled" in m.get("text", "")]
    assert len(told) == 1


async def test_staff_names_reach_the_complainant_only_when_turned_on(sqlite_url: str) -> None:
    async with running_bot(
        sqlite_url,
        staff_chat_id=STAFF_CHAT,
        staff_language="en",
        show_staff_names=True,
        startup=lambda fake: fake.group(STAFF_CHAT, "Complaints desk"),
    ) as bot:
        desk = Desk(bot, False)
        person = Person(bot, 1114, "en")
        code = await file_complaint(person)
        desk.fake.drain(person.id)
        await desk.write(code, "We are on it.")
        assert "— Ali, complaints staff" in texts(desk.fake.drain(person.id))


async def test_a_429_storm_during_handling_delivers_everything_once_in_order(desk: Desk) -> None:
    person = Person(desk.bot, 1115, "en")
    code = await file_complaint(person)
    desk.fake.drain(person.id)
    # The agent's membership is learned before the storm: a check Telegram cannot answer
    # in time is refused politely instead (test_staff_trust).
    desk.fake.send_text(desk.agent, "back at my desk", chat=STAFF_CHAT)
    await desk.bot.settle()
    desk.fake.fail_with_429(times=6, retry_after=1)
    await desk.press(code, "staff-button-take")
    for n in range(3):
        await desk.write(code, f"update number {n}")
    await desk.bot.settle(timeout=60)
    got = [m.get("text", "") for m in desk.fake.drain(person.id)]
    assert [text for text in got if "update number" in text] == [
        f"💬 Dadres about your complaint {format_code(code)}:\n\nupdate number {n}"
        for n in range(3)
    ]
    assert sum("now being handled" in text for text in got) == 1
    assert "Being handled" in desk.card(code)["text"]

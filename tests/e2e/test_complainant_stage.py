"""A complainant's buttons follow the complaint's stage: Accept and Not resolved apply only to
a resolution waiting for that answer, and anything else changes nothing."""

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.domain.tracking_code import format_code
from tests.e2e.conversation import Person
from tests.e2e.test_intake import file_complaint
from tests.e2e.test_staff import SUPERVISOR, Desk, running_desk
from tests.e2e.test_timeliness import complaint, count, history, resolved, sweep


@pytest.fixture
async def desk(sqlite_url: str) -> AsyncIterator[Desk]:
    async with running_desk(sqlite_url, True) as desk:
        yield desk


async def status_moves(desk: Desk, code: str) -> list[str | None]:
    return [e.new_status for e in await history(desk.bot, code) if e.kind == "status_changed"]


@pytest.mark.parametrize("lang", ["en", "fa"])
async def test_an_old_not_resolved_button_on_a_closed_complaint_changes_nothing(
    desk: Desk, lang: str
) -> None:
    bot = desk.bot
    person = Person(bot, 1401 if lang == "en" else 1402, lang)
    code = await resolved(desk, person)
    question = person.with_button(person.t("resolution-refuse"))
    bot.clock.advance(days=7, minutes=1)
    await sweep(bot)
    assert (await complaint(bot, code)).status == "closed"
    moves = await status_moves(desk, code)
    update_id = bot.fake.press_button(person.user, question, person.t("resolution-refuse"))
    await bot.settle()
    answer = bot.fake.callback_answer(update_id)
    closed = person.t("status-name-closed")
    assert answer is not None and answer["text"] == person.t("complaint-not-open", status=closed)
    assert (await complaint(bot, code)).status == "closed"
    assert await status_moves(desk, code) == moves
    assert count(desk.fake, SUPERVISOR, "isn't solved") == 0
    assert "isn't solved" not in desk.staff_texts()


@pytest.mark.parametrize("action", ["refuse", "accept"])
async def test_a_forged_answer_on_a_rejected_complaint_changes_nothing(
    desk: Desk, action: str
) -> None:
    person = Person(desk.bot, 1403, "fa")
    code = await file_complaint(person)
    await desk.press(code, "staff-button-take")
    await desk.press(code, "staff-button-reject")
    await desk.answer_prompt("Outside our responsibility.")
    assert (await complaint(desk.bot, code)).status == "rejected"
    moves = await status_moves(desk, code)
    message = desk.fake.sent(person.id)[-1]
    desk.fake.drain(person.id)
    update_id, replies = await person.press(message, f"c:{action}:{code}:0")
    answer = desk.fake.callback_answer(update_id)
    rejected = person.t("status-name-rejected")
    assert answer is not None and answer["text"] == person.t("complaint-not-open", status=rejected)
    assert replies == []
    assert (await complaint(desk.bot, code)).status == "rejected"
    assert await status_moves(desk, code) == moves
    assert count(desk.fake, SUPERVISOR, "isn't solved") == 0


@pytest.mark.parametrize("action", ["accept", "refuse"])
async def test_a_forged_answer_on_a_waiting_complaint_changes_nothing(
    desk: Desk, action: str
) -> None:
    person = Person(desk.bot, 1404, "en")
    code = await file_complaint(person)
    await desk.press(code, "staff-button-ask")
    await desk.answer_prompt("Which branch was it?")
    assert (await complaint(desk.bot, code)).status == "waiting"
    moves = await status_moves(desk, code)
    message = desk.fake.sent(person.id)[-1]
    update_id, _ = await person.press(message, f"c:{action}:{code}:0")
    answer = desk.fake.callback_answer(update_id)
    waiting = person.t("status-name-waiting")
    assert answer is not None and answer["text"] == person.t("complaint-not-open", status=waiting)
    found = await complaint(desk.bot, code)
    assert found.status == "waiting" and found.closed_at is None
    assert await status_moves(desk, code) == moves
    replies = await person.send("The central branch")
    assert person.t("answer-received", code=format_code(code)) in "\n".join(
        m.get("text", "") for m in replies
    )


async def test_not_resolved_twice_reopens_once(desk: Desk) -> None:
    person = Person(desk.bot, 1405, "en")
    code = await resolved(desk, person)
    question = person.with_button(person.t("resolution-refuse"))
    data = next(
        b["callback_data"]
        for row in question["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == person.t("resolution-refuse")
    )
    await person.tap("resolution-refuse")
    await person.tap("button-skip")
    update_id, _ = await person.press(desk.fake.sent(person.id)[-1], data)
    answer = desk.fake.callback_answer(update_id)
    reopened = person.t("status-name-reopened")
    assert answer is not None and answer["text"] == person.t("complaint-not-open", status=reopened)
    assert (await status_moves(desk, code)).count("reopened") == 1
    assert count(desk.fake, SUPERVISOR, "isn't solved") == 1


async def test_reopening_after_closing_still_works_within_the_grace(desk: Desk) -> None:
    bot = desk.bot
    person = Person(bot, 1406, "en")
    code = await resolved(desk, person)
    await person.tap("resolution-accept")
    assert (await complaint(bot, code)).status == "closed"
    bot.clock.advance(days=1)
    await person.press(bot.fake.sent(person.id)[-1], f"c:reopen:{code}:0")
    assert (await complaint(bot, code)).status == "reopened"
    assert bot.clock.now() - (await complaint(bot, code)).updated_at < timedelta(minutes=1)

"""Timeliness end to end with a fake clock: the escalation ladder (each rung once, across a
restart and two processes), the paused clock, reminders and auto-close, the resolution
question, the satisfaction survey and the daily digest."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.app import build_app
from bot.domain.clock import FakeClock
from bot.domain.tracking_code import format_code
from bot.services.deadlines import Deadlines
from bot.services.intake import IntakeService
from bot.settings import load_settings
from storage.models import Complaint, ComplaintEvent
from tests.e2e.conversation import Person, buttons, texts
from tests.e2e.harness import TOKEN, RunningBot
from tests.e2e.test_intake import file_complaint
from tests.e2e.test_staff import AGENT, STAFF_CHAT, SUPERVISOR, Desk, running_desk, st
from tests.fakes.bot_api import FakeBotAPI


@pytest.fixture
async def desk(sqlite_url: str) -> AsyncIterator[Desk]:
    async with running_desk(sqlite_url, True) as desk:
        yield desk


async def complaint(bot: RunningBot, code: str) -> Complaint:
    assert bot.app is not None
    async with bot.app.units() as uow:
        found = await uow.complaints.by_code(code)
        assert found is not None
        await uow.commit()  # keeps the loaded values readable after the unit closes
        return found


async def sweep(bot: RunningBot) -> None:
    assert bot.app is not None
    await bot.app.timers.sweep()
    await bot.settle()


def count(fake: FakeBotAPI, chat_id: int, needle: str) -> int:
    return sum(needle in (m.get("text") or "") for m in fake.sent(chat_id))


async def test_the_timer_is_wired_to_the_scheduler(desk: Desk) -> None:
    assert desk.bot.app is not None
    assert sorted(desk.bot.app.timers.jobs) == ["digest", "sweep", "tidy"]


async def test_tidying_forgets_old_handled_updates_only(desk: Desk) -> None:
    bot = desk.bot
    await Person(bot, 1213, "en").send("/help")
    assert bot.app is not None
    async with bot.app.units() as uow:
        handled = await uow.inbox.count("done")
    assert handled >= 1
    await bot.app.timers.tidy()
    async with bot.app.units() as uow:
        assert await uow.inbox.count("done") == handled
    bot.clock.advance(days=3)
    await bot.app.timers.tidy()
    async with bot.app.units() as uow:
        assert await uow.inbox.count("done") == 0


async def test_every_rung_fires_once_and_only_once(desk: Desk) -> None:
    bot, fake = desk.bot, desk.fake
    person = Person(bot, 1201, "en")
    code = await file_complaint(person)
    filed = await complaint(bot, code)
    assert filed.first_response_due is not None and filed.next_check_at is not None

    bot.clock.advance(minutes=31)
    await sweep(bot)
    await sweep(bot)
    assert count(fake, STAFF_CHAT, "Nobody has taken") == 1

    await desk.press(code, "staff-button-take")
    taken = await complaint(bot, code)
    assert taken.at_risk_at is not None and taken.resolution_due is not None
    fake.send_text(desk.agent, "/start")
    await bot.settle()

    bot.clock.set(taken.at_risk_at + timedelta(minutes=1))
    await sweep(bot)
    await sweep(bot)
    assert count(fake, AGENT, "is at risk") == 1

    await bot.restart()
    bot.clock.set(taken.resolution_due + timedelta(minutes=5))
    await sweep(bot)
    await sweep(bot)
    assert count(fake, AGENT, "is at risk") == 1
    assert count(fake, STAFF_CHAT, "is past its response deadline") == 1

    bot.clock.advance(hours=4)
    await sweep(bot)
    await sweep(bot)
    assert count(fake, SUPERVISOR, "is past its response deadline") == 1
    pings = [e.payload["rung"] for e in await history(bot, code) if e.kind == "ping"]
    assert pings == ["unassigned", "at_risk", "breached", "supervisors"]
    late = "past its response deadline"
    ping = next(m for m in fake.sent(SUPERVISOR) if late in m.get("text", ""))
    assert st("staff-button-take") in buttons(ping)


async def history(bot: RunningBot, code: str) -> list[ComplaintEvent]:
    assert bot.app is not None
    async with bot.app.units() as uow:
        found = await uow.complaints.by_code(code)
        assert found is not None
        events = await uow.complaints.history(found.id)
        await uow.commit()
        return events


async def test_a_bot_that_was_down_sends_overdue_pings_once(desk: Desk) -> None:
    bot, fake = desk.bot, desk.fake
    person = Person(bot, 1202, "fa")
    code = await file_complaint(person)
    filed = await complaint(bot, code)
    await bot.stop()
    assert filed.first_response_due is not None
    bot.clock.set(filed.first_response_due + timedelta(hours=6))
    await bot.start()
    await sweep(bot)
    await sweep(bot)
    assert count(fake, STAFF_CHAT, "Nobody has taken") == 1
    assert count(fake, STAFF_CHAT, "is past its response deadline") == 1
    assert count(fake, SUPERVISOR, "is past its response deadline") == 1


async def test_the_clock_stops_while_waiting_for_the_complainant(desk: Desk) -> None:
    bot = desk.bot
    person = Person(bot, 1203, "en")
    code = await file_complaint(person)
    await desk.press(code, "staff-button-ask")
    await desk.answer_prompt("Which branch was it?")
    before = await complaint(bot, code)
    assert before.waiting_since is not None and before.resolution_due is not None
    bot.clock.advance(days=2)
    await person.send("The central branch")
    after = await complaint(bot, code)
    assert after.waiting_since is None and after.resolution_due is not None
    assert bot.app is not None
    waited = bot.app.settings.policy.calendar.elapsed(before.waiting_since, bot.clock.now())
    assert waited > timedelta(0)
    assert after.resolution_due == bot.app.settings.policy.calendar.add(
        before.resolution_due, waited
    )


async def test_reminder_then_automatic_close(desk: Desk) -> None:
    bot, fake = desk.bot, desk.fake
    person = Person(bot, 1204, "fa")
    code = await file_complaint(person)
    await desk.press(code, "staff-button-ask")
    await desk.answer_prompt("Do you still have the receipt?")
    bot.clock.advance(days=3, minutes=1)
    await sweep(bot)
    await sweep(bot)
    assert count(fake, person.id, "یادآوری") == 1
    bot.clock.advance(days=4)
    await sweep(bot)
    closed = await complaint(bot, code)
    assert closed.status == "closed"
    told = texts(fake.sent(person.id))
    assert "پس آن را بستیم" in told
    assert "didn't answer in time" in "\n".join(m.get("text", "") for m in fake.sent(STAFF_CHAT))
    assert "چهار پرسش کوتاه" in told


async def resolved(desk: Desk, person: Person) -> str:
    code = await file_complaint(person)
    await desk.press(code, "staff-button-take")
    await desk.press(code, "staff-button-resolve")
    await desk.answer_prompt("We replaced the product.")
    return code


async def test_accepting_the_resolution_closes_and_starts_the_survey(desk: Desk) -> None:
    person = Person(desk.bot, 1205, "en")
    code = await resolved(desk, person)
    assert person.t("resolution-accept") in buttons(desk.fake.sent(person.id)[-1])
    replies = await person.tap("resolution-accept")
    assert person.t("resolution-accepted", code=format_code(code)) in texts(replies)
    assert "Question 1 of 4" in texts(replies)
    assert (await complaint(desk.bot, code)).status == "closed"


async def test_refusing_the_resolution_reopens_and_tells_the_supervisors(desk: Desk) -> None:
    person = Person(desk.bot, 1206, "fa")
    code = await resolved(desk, person)
    await person.tap("resolution-refuse")
    replies = await person.send("محصول جدید هم خراب است")
    assert person.t("resolution-reason-thanks") in texts(replies)
    reopened = await complaint(desk.bot, code)
    assert reopened.status == "reopened" and reopened.assignee_id == AGENT
    assert count(desk.fake, SUPERVISOR, "isn't solved") == 1
    staff = "\n".join(m.get("text", "") for m in desk.fake.sent(STAFF_CHAT))
    assert "محصول جدید هم خراب است" in staff


async def test_no_answer_closes_and_reopening_works_only_within_the_grace(desk: Desk) -> None:
    bot = desk.bot
    person = Person(bot, 1207, "en")
    code = await resolved(desk, person)
    bot.clock.advance(days=7, minutes=1)
    await sweep(bot)
    assert (await complaint(bot, code)).status == "closed"
    notice = next(
        m for m in bot.fake.sent(person.id) if "didn't hear whether" in m.get("text", "")
    )
    assert "14 days" in notice["text"]
    bot.clock.advance(days=15)
    update_id = bot.fake.press_button(person.user, notice, person.t("reopen-button"))
    await bot.settle()
    assert "ended on" in bot.fake.callback_answer(update_id)["text"]

    person2 = Person(bot, 1208, "en")
    code2 = await resolved(desk, person2)
    bot.clock.advance(days=7, minutes=1)
    await sweep(bot)
    notice2 = next(
        m for m in bot.fake.sent(person2.id) if "didn't hear whether" in m.get("text", "")
    )
    bot.clock.advance(days=2)
    bot.fake.press_button(person2.user, notice2, person2.t("reopen-button"))
    await bot.settle()
    assert (await complaint(bot, code2)).status == "reopened"


@pytest.mark.parametrize("lang", ["en", "fa"])
async def test_the_full_survey_with_a_comment(desk: Desk, lang: str) -> None:
    person = Person(desk.bot, 1209, lang)
    code = await resolved(desk, person)
    await person.tap("resolution-accept")
    digits = "۱۲۳۴۵" if lang == "fa" else "12345"
    first_question = desk.fake.sent(person.id)[-1]
    await person.tap(digits[3], message=first_question)
    _, replies = await person.press(
        first_question, first_question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    )
    assert desk.fake.callback_answer(_)["text"] == person.t("callback-stale")
    await person.tap(digits[4])
    await desk.bot.restart()
    await person.tap(digits[2])
    await person.tap(digits[3])
    replies = await person.send(
        "Thanks for the quick help" if lang == "en" else "ممنون از رسیدگی سریع"
    )
    assert person.t("survey-thanks") in texts(replies)
    assert desk.bot.app is not None
    async with desk.bot.app.units() as uow:
        found = await uow.complaints.by_code(code)
        assert found is not None
        survey = await uow.surveys.get(found.id)
        assert survey is not None and survey.completed_at is not None
        assert (survey.overall, survey.timeliness, survey.informed, survey.fairness) == (
            4,
            5,
            3,
            4,
        )
        assert survey.comment in ("Thanks for the quick help", "ممنون از رسیدگی سریع")
    update_id = desk.fake.press(
        person.user,
        first_question,
        first_question["reply_markup"]["inline_keyboard"][0][1]["callback_data"],
    )
    await desk.bot.settle()
    assert desk.fake.callback_answer(update_id)["text"] == person.t("survey-done")
    assert count(desk.fake, SUPERVISOR, "rated the handling") == 0


async def test_a_low_score_and_a_skipped_comment(desk: Desk) -> None:
    person = Person(desk.bot, 1210, "en")
    code = await resolved(desk, person)
    await person.tap("resolution-accept")
    for score in ("1", "2", "2", "3"):
        await person.tap(score)
    replies = await person.tap("button-skip")
    assert person.t("survey-thanks") in texts(replies)
    assert count(desk.fake, SUPERVISOR, "rated the handling 1 out of 5") == 1
    assert format_code(code) in texts(desk.fake.sent(SUPERVISOR))


async def test_one_survey_reminder_if_not_started(desk: Desk) -> None:
    bot = desk.bot
    person = Person(bot, 1211, "en")
    await resolved(desk, person)
    await person.tap("resolution-accept")
    bot.clock.advance(hours=25)
    await sweep(bot)
    bot.clock.advance(hours=25)
    await sweep(bot)
    assert count(bot.fake, person.id, "A reminder: your view") == 1


async def test_the_daily_digest_goes_once(desk: Desk) -> None:
    bot = desk.bot
    await file_complaint(Person(bot, 1212, "en"))
    assert bot.app is not None
    assert await bot.app.timers.digest() is True
    assert await bot.app.timers.digest() is False
    await bot.settle()
    digest = texts(bot.fake.sent(SUPERVISOR))
    assert "Unassigned: 1" in digest


@pytest.mark.postgres
async def test_two_processes_sweeping_one_database_ping_once(postgres_url: str) -> None:
    fake = FakeBotAPI(TOKEN)
    await fake.start()
    fake.group(STAFF_CHAT, "Complaints desk")
    clock = FakeClock()
    settings, categories = load_settings(
        _env_file=None,
        bot_token=TOKEN,
        telegram_api_url=fake.base_url,
        database_url=postgres_url,
        staff_chat_id=STAFF_CHAT,
        staff_language="en",
        telegram_rate_limit=False,
    )
    apps = [build_app(settings, categories, clock=clock) for _ in range(2)]
    try:
        for app in apps:
            await app.start()
        from bot.services.intake import Draft
        from storage.models import Complainant

        async with apps[0].units() as uow:
            for n in range(40):
                person = await uow.complainants.add(
                    Complainant(
                        telegram_user_id=1300 + n,
                        chat_id=1300 + n,
                        language="en",
                        language_chosen=True,
                        script_hint_sent=True,
                        created_at=clock.now(),
                    )
                )
                await IntakeService(uow, clock, Deadlines(settings.policy)).submit(
                    person,
                    Draft(
                        category="delay", description="late", remedy="none", consent_at=clock.now()
                    ),
                    f"k{n}",
                )
            await uow.commit()
        clock.advance(minutes=31)
        await asyncio.gather(
            *(app.timers.sweep() for app in apps), *(app.timers.sweep() for app in apps)
        )
        for app in apps:
            await app.outbox.wait_idle()
        pings = [m for m in fake.sent(STAFF_CHAT) if "Nobody has taken" in m.get("text", "")]
        assert len(pings) == 40
    finally:
        for app in apps:
            await app.close()
        await fake.stop()

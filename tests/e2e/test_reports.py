"""/report through the fake Bot API: a supervisor picks this week and gets the report's text
and an album of four PNG charts; someone who is not staff is refused; a forged button gets a
polite answer; a custom range typed in Jalali with Persian digits is read."""

import asyncio
from collections.abc import AsyncIterator

import pytest

from tests.e2e.conversation import Person, texts
from tests.e2e.test_intake import file_complaint
from tests.e2e.test_staff import STAFF_CHAT, SUPERVISOR, Desk, running_desk

PNG = b"\x89PNG\r\n\x1a\n"
STRANGER = 4242
OTHER_AGENT = 8003


@pytest.fixture
async def desk(sqlite_url: str) -> AsyncIterator[Desk]:
    async with running_desk(sqlite_url, forum=False) as desk:
        yield desk


def albums(desk: Desk, chat_id: int) -> list[list[bytes]]:
    """The photos of each album sent to a chat, as uploaded."""
    found = []
    for call in desk.fake.calls("sendMediaGroup", chat_id=chat_id):
        assert not call.failed, call.description
        found.append([upload.data for upload in call.files.values()])
    return found


async def test_a_supervisor_gets_this_weeks_report_with_charts(desk: Desk) -> None:
    await file_complaint(Person(desk.bot, 1001, "fa", "Sara Ahmadi"))
    supervisor = Person(desk.bot, SUPERVISOR, "fa", "Mina Karimi")
    picker = await supervisor.send("/report")
    assert supervisor.t("report-pick") in texts(picker)
    assert supervisor.t("report-button-this-month") not in texts(picker)  # English staff only
    replies = await supervisor.tap("report-button-this-week")
    text = texts(replies)
    assert supervisor.t("report-title-full") in text
    assert supervisor.t("report-new", count=1) in text
    (photos,) = albums(desk, SUPERVISOR)
    assert len(photos) == 4 and all(photo.startswith(PNG) for photo in photos)


async def test_a_custom_range_in_jalali_with_persian_digits(desk: Desk) -> None:
    supervisor = Person(desk.bot, SUPERVISOR, "fa", "Mina Karimi")
    await supervisor.send("/report")
    asked = await supervisor.tap("report-button-custom")
    assert supervisor.t("report-ask-range") in texts(asked)
    wrong = await supervisor.send("۱۴۰۵/۰۹/۱۵ - ۱۴۰۵/۰۹/۰۱")
    assert supervisor.t("report-range-backwards") in texts(wrong)
    replies = await supervisor.send("۱۴۰۵/۰۹/۰۱ - ۱۴۰۵/۰۹/۱۵")
    assert supervisor.t("report-new", count=0) in texts(replies)
    assert "۱۴۰۵/۰۹/۰۱" in texts(replies) and "۱۴۰۵/۰۹/۱۵" in texts(replies)
    assert len(albums(desk, SUPERVISOR)) == 1


async def test_someone_not_on_the_staff_is_refused(desk: Desk) -> None:
    stranger = Person(desk.bot, STRANGER, "en", "Nima Rad")
    replies = await stranger.send("/report")
    assert texts(replies) == stranger.t("report-refused")
    assert not desk.fake.calls("sendMediaGroup", chat_id=STRANGER)


async def test_a_pick_is_checked_again_when_pressed(desk: Desk) -> None:
    """A picker a supervisor was given does nothing for whoever else presses it."""
    supervisor = Person(desk.bot, SUPERVISOR, "en", "Mina Karimi")
    picker = (await supervisor.send("/report"))[-1]
    stranger = Person(desk.bot, STRANGER, "en", "Nima Rad")
    update_id, _ = await stranger.press(picker, "rp:tw")
    answer = desk.fake.callback_answer(update_id)
    assert answer is not None and answer.get("text") == stranger.t("report-refused")
    assert not desk.fake.calls("sendMediaGroup")


async def test_a_forged_report_button_is_answered_politely(desk: Desk) -> None:
    supervisor = Person(desk.bot, SUPERVISOR, "en", "Mina Karimi")
    picker = (await supervisor.send("/report"))[-1]
    update_id, _ = await supervisor.press(picker, "rp:everything")
    answer = desk.fake.callback_answer(update_id)
    assert answer is not None and answer.get("text") == supervisor.t("report-old-button")
    assert not desk.fake.calls("sendMediaGroup")


async def test_an_album_waiting_in_the_outbox_survives_a_restart(desk: Desk) -> None:
    """Telegram fails the album; the bot stops with it unsent; the next run sends the same
    images from the outbox table, where they were kept as data."""
    supervisor = Person(desk.bot, SUPERVISOR, "en", "Mina Karimi")
    picker = (await supervisor.send("/report"))[-1]
    desk.fake.add_fault(
        "sendMediaGroup", times=1000, error_code=500, description="Internal Server Error"
    )
    desk.fake.press_button(supervisor.user, picker, supervisor.t("report-button-this-week"))
    async with asyncio.timeout(10):
        while not desk.fake.calls("sendMediaGroup", chat_id=SUPERVISOR):
            await asyncio.sleep(0.01)
    (failed,) = desk.fake.calls("sendMediaGroup", chat_id=SUPERVISOR)
    assert failed.failed
    tried = [upload.data for upload in failed.files.values()]
    await desk.bot.stop()
    desk.fake.clear_faults()
    await desk.bot.start()
    await desk.bot.settle()
    sent = [c for c in desk.fake.calls("sendMediaGroup", chat_id=SUPERVISOR) if not c.failed]
    assert len(sent) == 1
    assert [upload.data for upload in sent[0].files.values()] == tried
    assert len(tried) == 4 and all(photo.startswith(PNG) for photo in tried)


async def test_staff_get_the_team_report_without_names(desk: Desk) -> None:
    """Ali resolves a complaint; the supervisor's report names him, the team report that
    another agent (never seen acting, so asked of Telegram at the press) gets does not."""
    person = Person(desk.bot, 1102, "fa")
    code = await file_complaint(person)
    await desk.press(code, "staff-button-take")
    await desk.press(code, "staff-button-resolve")
    await desk.answer_prompt("We refunded the full price to your card.")

    supervisor = Person(desk.bot, SUPERVISOR, "en", "Mina Karimi")
    await supervisor.send("/report")
    full = texts(await supervisor.tap("report-button-this-week"))
    assert supervisor.t("report-top-closed", list="Ali (1)") in full

    desk.fake.set_member(STAFF_CHAT, OTHER_AGENT)
    agent = Person(desk.bot, OTHER_AGENT, "en", "Reza Nouri")
    await agent.send("/report")
    team = texts(await agent.tap("report-button-this-week"))
    assert agent.t("report-title-team") in team
    agent_one = agent.t("report-agent", number=1)
    assert agent.t("report-top-closed", list=f"{agent_one} (1)") in team
    assert "Ali" not in team
    assert len(albums(desk, OTHER_AGENT)) == 1


async def test_a_command_while_dates_are_awaited_is_still_a_command(desk: Desk) -> None:
    supervisor = Person(desk.bot, SUPERVISOR, "en", "Mina Karimi")
    await supervisor.send("/report")
    await supervisor.tap("report-button-custom")
    photo = await supervisor.send_photo()
    assert supervisor.t("report-ask-range") in texts(photo)
    cancelled = await supervisor.send("/cancel")
    assert supervisor.t("cancel-done") in texts(cancelled)
    after = await supervisor.send("2026-11-01 - 2026-11-30")  # no longer taken as dates
    assert supervisor.t("report-new", count=0) not in texts(after)
    assert not desk.fake.calls("sendMediaGroup")

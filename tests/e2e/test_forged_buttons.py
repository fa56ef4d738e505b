"""Forged or huge numbers in button data get the stale-button answer, never a crash that is
retried three times and parked."""

from collections.abc import AsyncIterator

import pytest

from tests.e2e.conversation import TRANSLATOR, Person, plain, texts
from tests.e2e.harness import RunningBot
from tests.e2e.test_intake import file_complaint
from tests.e2e.test_staff import Desk, running_desk, st

HUGE = "99999999999999999999999"
PRIVATE = [
    "c:page:1e30",
    "c:page::1e30",
    f"c:page::{HUGE}",
    "c:page::9223372036854775807",
    f"c:page::-{HUGE}",
    f"c:open:{HUGE}:{HUGE}",
    f"c:accept:{HUGE}:0",
    f"sv:{HUGE}:1:5",
    "sv:9223372036854775807:5:0",
    "sv:2147483647:1:5",
    "sv:123456:1:5",
    "sv:123456:5:0",
    f"sv:1:{HUGE}:1",
    f"sv:1:1:{HUGE}",
    f"s:take:{HUGE}:",
    "lang:xx",
]
STAFF = [
    f"s:take:{HUGE}:",
    "s:take:9223372036854775807:",
    "s:take:2147483647:",
    "s:take:1e30:",
    f"s:assign_to:1:{HUGE}",
    f"s:assign_to:1:-{HUGE}",
]


@pytest.fixture
async def desk(sqlite_url: str) -> AsyncIterator[Desk]:
    async with running_desk(sqlite_url, False) as desk:
        yield desk


async def parked(bot: RunningBot) -> int:
    """Updates not handled cleanly (still pending retries, or given up on)."""
    assert bot.app is not None
    async with bot.app.units() as uow:
        return await uow.inbox.count() - await uow.inbox.count("done")


@pytest.mark.parametrize("data", PRIVATE)
async def test_forged_numbers_in_a_private_chat_are_stale(bot: RunningBot, data: str) -> None:
    person = Person(bot, 3001, "fa")
    await person.send("/start")
    message = bot.fake.sent(person.id)[-1]
    update_id, replies = await person.press(message, data)
    answer = bot.fake.callback_answer(update_id)
    assert answer is not None and answer.get("text") == person.t("callback-stale")
    assert person.t("error-update-failed") not in texts(replies)
    assert await parked(bot) == 0


async def test_a_survey_button_of_someone_elses_complaint_is_stale(bot: RunningBot) -> None:
    owner = Person(bot, 3002, "en")
    await file_complaint(owner)
    other = Person(bot, 3003, "en")
    await other.send("/start")
    update_id, _ = await other.press(bot.fake.sent(other.id)[-1], "sv:1:1:5")
    answer = bot.fake.callback_answer(update_id)
    assert answer is not None and answer.get("text") == other.t("callback-stale")


@pytest.mark.parametrize("data", STAFF)
async def test_forged_numbers_on_the_staff_desk_are_stale(desk: Desk, data: str) -> None:
    person = Person(desk.bot, 3004, "en")
    code = await file_complaint(person)
    update_id = desk.fake.press(desk.supervisor, desk.card(code), data)
    await desk.bot.settle()
    answer = desk.fake.callback_answer(update_id)
    stale = {plain(TRANSLATOR(lang, "callback-stale")) for lang in ("fa", "en")}
    assert answer is not None and answer.get("text") in stale | {st("staff-not-found")}
    assert await parked(desk.bot) == 0

"""One complainant cannot flood the staff group (Telegram takes 20 messages a minute there):
later information and answers are capped per hour, counted from the stored history; past the
cap the complainant is told when more can come, and nothing given before is lost."""

from collections.abc import AsyncIterator

import pytest

from bot.domain.tracking_code import format_code
from bot.services.follow_up import FOLLOW_UPS_PER_HOUR
from tests.e2e.conversation import Person, texts
from tests.e2e.harness import RunningBot
from tests.e2e.test_intake import file_complaint
from tests.e2e.test_staff import Desk, running_desk


@pytest.fixture
async def desk(sqlite_url: str) -> AsyncIterator[Desk]:
    async with running_desk(sqlite_url, True) as desk:
        yield desk


async def follow_ups(bot: RunningBot, code: str) -> list[str]:
    """The texts of the complainant's later information and answers, as stored."""
    assert bot.app is not None
    async with bot.app.units() as uow:
        found = await uow.complaints.by_code(code)
        assert found is not None
        events = await uow.complaints.history(found.id)
        kinds = ("info_added", "answer_received")
        return [e.payload.get("text") or "" for e in events if e.kind in kinds]


@pytest.mark.parametrize(("lang", "time"), [("en", "15:00"), ("fa", "۱۵:۰۰")])
async def test_adding_information_is_capped_per_hour(desk: Desk, lang: str, time: str) -> None:
    bot = desk.bot
    person = Person(bot, 1701 if lang == "en" else 1702, lang)
    code = await file_complaint(person)
    await person.send(f"/status {code}")
    await person.tap("card-add-information")
    for n in range(FOLLOW_UPS_PER_HOUR):
        replies = await person.send(f"detail number {n}")
        assert person.t("follow-up-added") in texts(replies)
    replies = await person.send("one detail too many")
    assert person.t("follow-up-too-many", time=time) in texts(replies)
    stored = await follow_ups(bot, code)
    assert stored == [f"detail number {n}" for n in range(FOLLOW_UPS_PER_HOUR)]
    staff = desk.staff_texts()
    assert "detail number 29" in staff and "one detail too many" not in staff

    bot.clock.advance(minutes=59)
    replies = await person.send("still too soon")
    assert person.t("follow-up-too-many", time=time) in texts(replies)
    bot.clock.advance(minutes=1)
    replies = await person.send("one detail too many")
    assert person.t("follow-up-added") in texts(replies)
    assert (await follow_ups(bot, code))[-1] == "one detail too many"
    assert "one detail too many" in desk.staff_texts()


async def test_answers_count_with_added_information_and_an_album_hears_once(desk: Desk) -> None:
    bot = desk.bot
    person = Person(bot, 1703, "en")
    code = await file_complaint(person)
    await person.send(f"/status {code}")
    await person.tap("card-add-information")
    for n in range(FOLLOW_UPS_PER_HOUR - 1):
        await person.send(f"detail number {n}")
    await person.tap("button-done")
    await desk.press(code, "staff-button-ask")
    await desk.answer_prompt("Which branch was it?")
    replies = await person.send("The central branch")
    assert person.t("answer-received", code=format_code(code)) in texts(replies)
    await desk.press(code, "staff-button-ask")
    await desk.answer_prompt("And which city?")
    replies = await person.send("Tehran, on Vali-e Asr")
    refused = person.t("follow-up-too-many", time="15:00")
    assert refused in texts(replies)
    assert "Vali-e Asr" not in desk.staff_texts()
    assert len(await follow_ups(bot, code)) == FOLLOW_UPS_PER_HOUR
    await person.tap("to-complainant-answer-button")
    replies = await person.send("Tehran, on Vali-e Asr")
    assert refused in texts(replies)
    bot.clock.advance(hours=1)
    replies = await person.send("Tehran, on Vali-e Asr")
    assert person.t("answer-received", code=format_code(code)) in texts(replies)
    assert "Vali-e Asr" in desk.staff_texts()

    await person.send(f"/status {code}")
    await person.tap("card-add-information")
    for n in range(FOLLOW_UPS_PER_HOUR - 1):  # the answer just now counts as one
        await person.send(f"more detail {n}")
    refused = person.t("follow-up-too-many", time="16:00")
    first = await person.send_photo(caption="a", album="al1")
    second = await person.send_photo(album="al1")
    assert texts(first).count(refused) == 1 and refused not in texts(second)

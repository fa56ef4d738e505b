"""Waiting for the reason after Not resolved, or for the survey's comment: the prompt says how
to skip, and a command (or a menu button) leaves the wait and is handled as what it is, never
passed on to the staff as the reason or kept as the comment."""

from collections.abc import AsyncIterator

import pytest

from bot.domain.tracking_code import format_code
from tests.e2e.conversation import Person, texts
from tests.e2e.test_staff import Desk, running_desk
from tests.e2e.test_timeliness import complaint, resolved


@pytest.fixture
async def desk(sqlite_url: str) -> AsyncIterator[Desk]:
    async with running_desk(sqlite_url, True) as desk:
        yield desk


async def refused(desk: Desk, person: Person) -> tuple[str, str]:
    """A resolved complaint the person says is not resolved; the prompt's text."""
    code = await resolved(desk, person)
    replies = await person.tap("resolution-refuse")
    return code, texts(replies)


@pytest.mark.parametrize("lang", ["en", "fa"])
async def test_a_status_command_after_not_resolved_is_a_status_command(
    desk: Desk, lang: str
) -> None:
    person = Person(desk.bot, 1501 if lang == "en" else 1502, lang)
    code, prompt = await refused(desk, person)
    assert person.t("aftercare-skip-hint") in prompt
    replies = await person.send(f"/status {code}")
    answer = texts(replies)
    assert person.t("resolution-reason-thanks") not in answer
    assert format_code(code) in answer and person.t("status-name-reopened") in answer
    assert f"/status {code}" not in desk.staff_texts()
    replies = await person.send("hello there")
    assert person.t("resolution-reason-thanks") not in texts(replies)
    assert "hello there" not in desk.staff_texts()


@pytest.mark.parametrize("command", ["/help", "/start", "/frobnicate", "menu-mine", "menu-status"])
async def test_any_command_or_menu_button_leaves_the_wait_for_a_reason(
    desk: Desk, command: str
) -> None:
    person = Person(desk.bot, 1503, "en")
    await refused(desk, person)
    typed = person.t(command) if command.startswith("menu-") else command
    replies = await person.send(typed)
    assert person.t("resolution-reason-thanks") not in texts(replies)
    assert typed not in desk.staff_texts()
    if command == "menu-status":
        assert person.t("status-ask-code") in texts(replies)
    if command == "menu-mine":
        assert "Your complaints" in texts(replies)
    if command == "/frobnicate":
        assert person.t("fallback-unknown-command") in texts(replies)
    replies = await person.send("by the way, thanks")
    assert person.t("resolution-reason-thanks") not in texts(replies)
    assert "by the way" not in desk.staff_texts()


async def test_cancel_stops_the_wait_and_sends_nothing(desk: Desk) -> None:
    person = Person(desk.bot, 1504, "fa")
    await refused(desk, person)
    replies = await person.send("/cancel")
    assert person.t("cancel-done") in texts(replies)
    await person.send("دیگر مهم نیست")
    assert "دیگر مهم نیست" not in desk.staff_texts()


async def test_the_reason_itself_still_reaches_the_staff(desk: Desk) -> None:
    person = Person(desk.bot, 1505, "en")
    await refused(desk, person)
    replies = await person.send("The new one is broken too")
    assert person.t("resolution-reason-thanks") in texts(replies)
    assert "The new one is broken too" in desk.staff_texts()


@pytest.mark.parametrize("lang", ["en", "fa"])
async def test_a_command_at_the_survey_comment_is_not_the_comment(desk: Desk, lang: str) -> None:
    person = Person(desk.bot, 1506 if lang == "en" else 1507, lang)
    code = await resolved(desk, person)
    await person.tap("resolution-accept")
    digits = "۱۲۳۴۵" if lang == "fa" else "12345"
    for score in (3, 4, 4):
        await person.tap(digits[score])
    replies = await person.tap(digits[4])
    assert person.t("survey-comment") in texts(replies)
    assert person.t("aftercare-skip-hint") in texts(replies)
    replies = await person.send("/mine")
    assert person.t("survey-thanks") not in texts(replies)
    assert format_code(code) in "\n".join(
        b["text"]
        for m in replies
        for row in m.get("reply_markup", {}).get("inline_keyboard", [])
        for b in row
    )
    found = await complaint(desk.bot, code)
    assert desk.bot.app is not None
    async with desk.bot.app.units() as uow:
        survey = await uow.surveys.get(found.id)
        assert survey is not None and survey.comment is None and survey.completed_at is None
    replies = await person.tap("button-skip")
    assert person.t("survey-thanks") in texts(replies)

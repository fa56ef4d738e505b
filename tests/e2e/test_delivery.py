"""Every update handled exactly once, in order per person: bursts, re-delivery, failures."""

import asyncio

import pytest

from bot.services.accounts import AccountService
from tests.e2e.conversation import Person, texts
from tests.e2e.harness import RunningBot


async def test_a_burst_from_a_new_user_makes_one_dialogue_in_order(bot: RunningBot) -> None:
    person = Person(bot, 3001, "en")
    fake = bot.fake
    fake.send_text(person.user, person.t("menu-new-complaint"))
    for n in range(4):
        fake.send_text(person.user, f"extra message {n}")
    await bot.settle()
    replies = [m["text"] for m in fake.drain(person.id)]
    expected = [person.t("intake-started"), person.t("intake-ask-category")]
    for _ in range(4):
        expected += [person.t("intake-unexpected"), person.t("intake-ask-category")]
    assert replies == expected
    assert bot.app is not None
    async with bot.app.units() as uow:
        assert await uow.complainants.by_user(person.id) is not None
        assert await uow.inbox.count("done") == 5


async def test_many_users_at_once_each_in_order(bot: RunningBot) -> None:
    fake = bot.fake
    people = [Person(bot, 3100 + n, "fa" if n % 2 else "en") for n in range(20)]
    for round_ in range(3):
        for person in people:
            fake.send_text(person.user, f"/status 10000000000{round_}")
    await bot.settle()
    for person in people:
        replies = [m["text"] for m in fake.drain(person.id)]
        assert len(replies) == 3


async def test_a_redelivered_update_has_no_second_effect(bot: RunningBot) -> None:
    person = Person(bot, 3002, "en")
    fake = bot.fake
    update_id = fake.send_text(person.user, person.t("menu-new-complaint"))
    await bot.settle()
    first = fake.drain(person.id)
    fake.redeliver(update_id)
    await bot.settle()
    assert fake.drain(person.id) == []
    assert len(first) == 2
    assert bot.app is not None
    async with bot.app.units() as uow:
        row = await uow.inbox.get(update_id)
        assert row is not None and row.status == "done"


async def test_a_restart_resumes_from_the_stored_offset(bot: RunningBot) -> None:
    person = Person(bot, 3003, "en")
    await person.send("/help")
    await bot.restart()
    replies = await person.send("/privacy")
    assert "Your data and your complaint" in texts(replies)
    assert len([m for m in person.replies if "complaints desk works" in m["text"]]) == 1


async def test_a_failing_handler_is_retried_then_succeeds(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = Person(bot, 3004, "en")
    real = AccountService.ensure
    failures = {"left": 1}

    async def flaky(self: AccountService, *args: object, **kwargs: object) -> object:
        if failures["left"]:
            failures["left"] -= 1
            raise ConnectionError("database went away for a moment")
        return await real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(AccountService, "ensure", flaky)
    replies = await person.send("/help")
    assert [m["text"].split("\n")[0] for m in replies] == ["How the Dadres complaints desk works"]
    assert failures["left"] == 0


async def test_a_handler_that_always_fails_is_parked_and_the_user_is_not_stuck(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = Person(bot, 3005, "fa")
    real = AccountService.ensure
    calls = {"n": 0}

    async def broken_once_started(self: AccountService, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] <= 3:
            raise RuntimeError("a bug")
        return await real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(AccountService, "ensure", broken_once_started)
    replies = await person.send("/help")
    assert texts(replies) == person.t("error-update-failed")
    replies = await person.send("/privacy")
    assert "اطلاعات شما و شکایتتان" in texts(replies)
    assert bot.app is not None
    async with bot.app.units() as uow:
        assert await uow.inbox.count("parked") == 1
        assert await uow.inbox.count("done") == 1


async def test_updates_arriving_while_the_bot_is_down_are_handled_once_after(
    bot: RunningBot,
) -> None:
    person = Person(bot, 3006, "en")
    await bot.stop()
    for text in ("/help", "/privacy", "/help"):
        bot.fake.send_text(person.user, text)
    await asyncio.sleep(0)
    await bot.start()
    await bot.settle()
    replies = [m["text"].split("\n")[0] for m in bot.fake.drain(person.id)]
    assert replies == [
        "How the Dadres complaints desk works",
        "Your data and your complaint",
        "How the Dadres complaints desk works",
    ]

"""Housekeeping that is privacy, end to end: the daily tidy forgets delivered messages and
abandoned intake drafts, and keeps what is still needed."""

from datetime import timedelta

from bot.pipeline.timers import DRAFTS_KEPT, OUTBOX_KEPT
from tests.e2e.conversation import Person, texts
from tests.e2e.harness import RunningBot

BOT_ID = 123456  # from the harness's token


def dialogue_key(user_id: int) -> str:
    """The dialogue row of a private chat (storage.fsm_storage.storage_key)."""
    return f"{BOT_ID}:{user_id}:{user_id}:0::default"


async def rows_for(bot: RunningBot, chat_id: int) -> int:
    assert bot.app is not None
    async with bot.app.units() as uow:
        return len(await uow.outbox.for_chat(chat_id))


async def has_dialogue(bot: RunningBot, user_id: int) -> bool:
    assert bot.app is not None
    async with bot.app.units() as uow:
        return await uow.dialogue_states.get(dialogue_key(user_id)) is not None


async def test_tidy_forgets_old_messages_and_abandoned_drafts_only(bot: RunningBot) -> None:
    assert OUTBOX_KEPT == DRAFTS_KEPT == timedelta(days=7)
    quitter = Person(bot, 3001, "en")
    await quitter.send(quitter.t("menu-new-complaint"))
    await quitter.tap("Delay")
    replies = await quitter.send("My neighbour 09121234567 broke the parcel on purpose.")
    assert quitter.t("intake-ask-date") in texts(replies)
    assert await rows_for(bot, 3001) >= 3 and await has_dialogue(bot, 3001)

    bot.clock.advance(days=7, minutes=1)
    newcomer = Person(bot, 3002, "en")
    await newcomer.send(newcomer.t("menu-new-complaint"))
    sent_to_newcomer = await rows_for(bot, 3002)
    assert sent_to_newcomer >= 2

    assert bot.app is not None
    await bot.app.timers.tidy()
    assert await rows_for(bot, 3001) == 0
    assert not await has_dialogue(bot, 3001)
    assert await rows_for(bot, 3002) == sent_to_newcomer
    assert await has_dialogue(bot, 3002)

    replies = await quitter.send("/help")  # no longer in the middle of a complaint
    assert quitter.t("intake-ask-date") not in texts(replies)
    replies = await newcomer.send("/help")  # still is
    assert newcomer.t("intake-ask-category") in texts(replies)

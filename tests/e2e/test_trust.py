"""What people cannot slip past the bot: names from Telegram are cleaned like typed text, and
the organisation's name shows as written."""

from bot.domain.text_clean import strip_unsafe
from bot.services.accounts import NAME_MAX
from tests.e2e.conversation import TRANSLATOR, Person, plain, texts
from tests.e2e.harness import RunningBot, running_bot


async def stored_name(bot: RunningBot, user_id: int) -> str | None:
    assert bot.app is not None
    async with bot.app.units() as uow:
        complainant = await uow.complainants.by_user(user_id)
        assert complainant is not None
        return complainant.name


async def test_a_name_from_telegram_is_cleaned_like_typed_text(bot: RunningBot) -> None:
    tricky = Person(bot, 3101, "en", name="Sara Ahmadi")
    tricky.user["first_name"] = "\u202eSara\u200f\x07\u200b"
    tricky.user["last_name"] = "  Ahmadi\n\n\tJr\u2066  "
    await tricky.send("/start")
    assert await stored_name(bot, 3101) == "Sara Ahmadi Jr"

    huge = Person(bot, 3102, "fa", name="سارا احمدی")
    huge.user["last_name"] = "احمدي " * 100
    await huge.send("/start")
    name = await stored_name(bot, 3102)
    assert name is not None and len(name) <= NAME_MAX
    assert name.startswith("سارا احمدی احمدی") and name.endswith("…")
    assert strip_unsafe(name) == name and "\n" not in name

    blank = Person(bot, 3103, "en", name="x")
    blank.user["first_name"] = "\u200f\u202a"
    await blank.send("/start")
    assert await stored_name(bot, 3103) is None


async def test_the_organisations_name_shows_as_written(sqlite_url: str) -> None:
    names = {"en": "A<b>&Co", "fa": "شرکت <نمونه> & پسران"}
    async with running_bot(
        sqlite_url, organisation_name=names["en"], organisation_name_fa=names["fa"]
    ) as bot:
        for user_id, lang in ((3111, "en"), (3112, "fa")):
            person = Person(bot, user_id, lang)
            replies = await person.send("/start")
            assert names[lang] in texts(replies)
            greeting = TRANSLATOR(lang, "start-greeting", organisation="X", response_time="Y")
            first_line = plain(greeting).split("\n")[0].replace("X", names[lang])
            assert texts(replies).split("\n")[0] == first_line
            replies = await person.send("/help")
            assert names[lang] in texts(replies)
        assert not [call for call in bot.fake.calls("sendMessage") if call.failed]


async def test_the_intake_offers_the_cleaned_name_to_keep(bot: RunningBot) -> None:
    person = Person(bot, 3104, "en", name="Sara Ahmadi")
    person.user["first_name"] = "\u202eSara\u200b"
    person.user["last_name"] = "Ahmadi\n\nJr"
    await person.send(person.t("menu-new-complaint"))
    await person.tap("Delay")
    await person.send("The parcel arrived two weeks late and damaged.")
    await person.tap("intake-date-yesterday")
    await person.send("Order 12345")
    await person.tap("remedy-refund")
    await person.tap("intake-keep-name", name="Sara Ahmadi Jr")
    assert person.t("intake-ask-phone") in person.last_text()

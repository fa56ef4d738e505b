"""Status by code (owner, stranger, typos, limits), my complaints, adding information,
withdrawing, and a complainant who blocked the bot."""

import pytest

from bot.domain.digits import to_persian_digits
from bot.domain.tracking_code import format_code
from tests.e2e.conversation import Person, buttons, texts
from tests.e2e.harness import RunningBot
from tests.e2e.test_intake import file_complaint


def typo_of(code: str) -> str:
    """The code with its first two (different) digits swapped, or one digit changed."""
    if code[0] != code[1]:
        return code[1] + code[0] + code[2:]
    return code[:5] + str((int(code[5]) + 1) % 10) + code[6:]


@pytest.mark.parametrize("lang", ["en", "fa"])
async def test_owner_sees_the_full_card(bot: RunningBot, lang: str) -> None:
    owner = Person(bot, 2001, lang)
    code = await file_complaint(owner)
    replies = await owner.send(f"/status {format_code(code)}")
    card = replies[-1]["text"]
    assert format_code(code) in card
    assert owner.t("status-name-received") in card
    assert owner.t("history-filed") in card
    if lang == "fa":
        assert "۱۴۰۵/۰۹/۰۳" in card and "تأخیر" in card
    else:
        assert "24 Nov 2026" in card and "Delay" in card
    assert owner.t("card-add-information") in buttons(replies[-1])


@pytest.mark.parametrize("lang", ["en", "fa"])
async def test_stranger_needs_the_phone_digits_and_learns_only_the_stage(
    bot: RunningBot, lang: str
) -> None:
    owner = Person(bot, 2002, "en")
    code = await file_complaint(owner)
    stranger = Person(bot, 2003, lang, name="Reza")
    replies = await stranger.send(stranger.t("menu-status"))
    assert stranger.t("status-ask-code") in texts(replies)
    replies = await stranger.send(to_persian_digits(format_code(code)))
    assert stranger.t("status-ask-digits") in texts(replies)
    replies = await stranger.send("۴۵۶۷" if lang == "fa" else "4567")
    answer = texts(replies)
    assert stranger.t("status-name-received") in answer
    for private in ("two weeks late", "Sara", "4567", "Order 12345", "Delay"):
        assert private not in answer


async def test_wrong_digits_unknown_code_and_no_phone_all_answer_alike(bot: RunningBot) -> None:
    owner = Person(bot, 2004, "en")
    code = await file_complaint(owner)
    stranger = Person(bot, 2005, "en")
    await stranger.send(f"/status {code}")
    wrong = texts(await stranger.send("0000"))
    unknown_code = "100000000001"
    await stranger.send(f"/status {unknown_code}")
    unknown = texts(await stranger.send("4567"))
    assert wrong == unknown == stranger.t("status-no-match")


async def test_typo_and_malformed_codes_are_named(bot: RunningBot) -> None:
    person = Person(bot, 2006, "fa")
    code = await file_complaint(person)
    replies = await person.send(f"/status {typo_of(code)}")
    assert person.t("status-code-typo") in texts(replies)
    replies = await person.send("12345")
    assert person.t("status-code-malformed") in texts(replies)
    replies = await person.send(to_persian_digits(code))
    assert format_code(code) in texts(replies)


async def test_five_failures_lock_lookups_for_fifteen_minutes(bot: RunningBot) -> None:
    stranger = Person(bot, 2007, "en")
    for _ in range(4):
        await stranger.send("/status 100000000001")
        assert stranger.t("status-no-match") in texts(await stranger.send("1111"))
    await stranger.send("/status 100000000001")
    fifth = texts(await stranger.send("1111"))
    assert stranger.t("status-locked", time="14:15") in fifth  # 10:30 UTC + 15 min, in Tehran
    replies = await stranger.send("/status 100000000001")
    assert stranger.t("status-locked", time="14:15") in texts(replies)
    bot.clock.advance(minutes=14)
    replies = await stranger.send("/status 100000000001")
    assert stranger.t("status-locked", time="14:15") in texts(replies)
    bot.clock.advance(minutes=2)
    replies = await stranger.send("/status 100000000001")
    assert stranger.t("status-ask-digits") in texts(replies)


async def test_my_complaints_pages_and_opens_a_card(bot: RunningBot) -> None:
    person = Person(bot, 2008, "en")
    codes = []
    for _ in range(6):
        codes.append(await file_complaint(person))
        bot.clock.advance(minutes=1)
    replies = await person.send(person.t("menu-mine"))
    first_page = replies[-1]
    labels = buttons(first_page)
    assert format_code(codes[-1]) in labels[0]
    assert person.t("button-next") in labels
    replies = await person.tap("button-next")
    second_page = bot.fake.sent(person.id)[-1]
    assert any(format_code(codes[0]) in label for label in buttons(second_page))
    label = next(label for label in buttons(second_page) if format_code(codes[0]) in label)
    replies = await person.tap(label)
    assert format_code(codes[0]) in texts(replies)
    assert person.t("card-back-to-list") in buttons(replies[-1])


@pytest.mark.parametrize("lang", ["en", "fa"])
async def test_adding_information_appends_an_event(bot: RunningBot, lang: str) -> None:
    person = Person(bot, 2009, lang)
    code = await file_complaint(person)
    await person.send(f"/status {code}")
    replies = await person.tap("card-add-information")
    assert person.t("follow-up-ask", code=format_code(code)) in texts(replies)
    replies = await person.send("The courier called and said it is lost.")
    assert person.t("follow-up-added") in texts(replies)
    await person.send_photo(caption="receipt", album="a1")
    await person.send_photo(album="a1")
    replies = await person.tap("button-done")
    assert person.t("follow-up-done") in texts(replies)
    assert bot.app is not None
    async with bot.app.units() as uow:
        complaint = await uow.complaints.by_code(code)
        assert complaint is not None
        assert "two weeks late" in complaint.description or "دیر" in complaint.description
        history = await uow.complaints.history(complaint.id)
        added = [event for event in history if event.kind == "info_added"]
        assert len(added) == 3
        assert added[0].payload["text"] == "The courier called and said it is lost."
        assert len(complaint.attachments) == 3


async def test_withdrawing_needs_confirmation(bot: RunningBot) -> None:
    person = Person(bot, 2010, "en")
    code = await file_complaint(person)
    await person.send(f"/status {code}")
    await person.tap("card-withdraw")
    replies = await person.tap("withdraw-no")
    assert person.t("withdraw-kept") in texts(replies)
    await person.send(f"/status {code}")
    await person.tap("card-withdraw")
    replies = await person.tap("withdraw-yes")
    assert person.t("withdraw-done", code=format_code(code)) in texts(replies)
    replies = await person.send(f"/status {code}")
    assert person.t("status-name-withdrawn") in texts(replies)
    assert person.t("card-withdraw") not in buttons(replies[-1])


async def test_a_blocked_user_is_recorded_and_nothing_breaks(bot: RunningBot) -> None:
    person = Person(bot, 2011, "en")
    await person.send("/start")
    bot.fake.block(person.id)
    await person.send("/help")
    assert bot.app is not None
    async with bot.app.units() as uow:
        complainant = await uow.complainants.by_user(person.id)
        assert complainant is not None and complainant.blocked_at is not None
        undeliverable = [m for m in await uow.outbox.for_chat(person.id) if m.status != "sent"]
        assert undeliverable and undeliverable[0].status == "undeliverable"
    bot.fake.unblock(person.id)
    replies = await person.send("/help")
    assert "How the Dadres complaints desk works" in texts(replies)
    async with bot.app.units() as uow:
        complainant = await uow.complainants.by_user(person.id)
        assert complainant is not None and complainant.blocked_at is None


async def test_unknown_command_sticker_and_free_text_get_the_menu(bot: RunningBot) -> None:
    person = Person(bot, 2012, "fa")
    assert person.t("fallback-unknown-command") in texts(await person.send("/frobnicate"))
    assert person.t("fallback-other") in texts(await person.send_sticker())
    assert person.t("fallback-text") in texts(await person.send("سلام"))


async def test_language_switch_keeps_the_current_step(bot: RunningBot) -> None:
    person = Person(bot, 2013, "en")
    await person.send(person.t("menu-new-complaint"))
    await person.tap("Delay")
    await person.send("/language")
    replies = await person.tap("فارسی")
    person.lang = "fa"
    assert person.t("language-set") in texts(replies)
    assert person.t("intake-ask-description").split("\n")[0] in texts(replies)


async def test_writing_persian_in_english_offers_a_switch_once(bot: RunningBot) -> None:
    person = Person(bot, 2014, "en")
    await person.send(person.t("menu-new-complaint"))
    await person.tap("Delay")
    replies = await person.send("سفارش من هنوز نرسیده است و خیلی دیر شده")
    assert "فارسی" in texts(replies)
    replies = await person.send("تهران، شعبهٔ مرکزی")
    assert "فارسی" not in texts(replies)


@pytest.mark.parametrize(("lang", "help_heading"), [("fa", "چطور کار می‌کند"), ("en", "How the")])
async def test_the_menus_help_and_language_buttons_work_even_mid_intake(
    bot: RunningBot, lang: str, help_heading: str
) -> None:
    person = Person(bot, 2021 if lang == "fa" else 2022, lang)
    await person.send("/start")
    replies = await person.send(person.t("menu-help"))
    assert help_heading in texts(replies[:1])
    replies = await person.send(person.t("menu-language"))
    assert person.t("language-choose") in texts(replies)
    assert {"فارسی", "English"} <= set(buttons(replies[-1]))
    await person.send(person.t("menu-new-complaint"))
    replies = await person.send(person.t("menu-help"))  # typed: the menu is hidden meanwhile
    assert help_heading in texts(replies[:1])
    assert person.t("intake-ask-category") in texts(replies)

"""Intake paths off the main road: notes that come with their question, files and albums,
the phone step's reply keyboard, and the remedy's own words while changing an answer."""

from tests.e2e.conversation import Person, buttons, texts
from tests.e2e.harness import RunningBot
from tests.e2e.test_intake import up_to_consent

ENGLISH_ANSWERS = (
    "Delay",
    "The delivery is three weeks late now.",
    "Deliver it and waive the fee",
    "Sara",
)


async def up_to_the_phone(person: Person, answers: tuple[str, ...] = ENGLISH_ANSWERS) -> None:
    """Every step up to the phone number, the remedy in the person's own words."""
    category, description, remedy, name = answers
    await person.send(person.t("menu-new-complaint"))
    await person.tap(category)
    await person.send(description)
    await person.tap("button-skip")
    await person.tap("button-skip")
    await person.tap("remedy-other")
    await person.send(remedy)
    await person.send(name)


async def test_a_command_during_the_intake_is_answered_with_the_question_in_one_message(
    bot: RunningBot,
) -> None:
    person = Person(bot, 1101, "fa")
    await person.send(person.t("menu-new-complaint"))
    replies = await person.send("/status")
    assert len(replies) == 1
    assert person.t("intake-command-during") in replies[0]["text"]
    assert person.t("intake-ask-category") in replies[0]["text"]
    assert "تأخیر" in buttons(replies[0])


async def test_the_privacy_notice_at_the_consent_step_comes_with_the_consent_buttons(
    bot: RunningBot,
) -> None:
    person = Person(bot, 1102, "en")
    await up_to_consent(person)
    replies = await person.tap("intake-consent-privacy")
    assert len(replies) == 1
    assert person.t("privacy-text").split("\n")[0] in replies[0]["text"]
    assert person.t("intake-consent-agree") in buttons(replies[0])
    replies = await person.tap("intake-consent-agree")
    assert person.t("intake-confirm") in buttons(replies[-1])


async def test_an_album_is_acknowledged_once_and_files_stop_at_the_cap(bot: RunningBot) -> None:
    person = Person(bot, 1103, "en")
    await person.send(person.t("menu-new-complaint"))
    await person.tap("Delay")
    first = await person.send_photo(caption="front", album="alb1")
    second = await person.send_photo(album="alb1")
    assert person.t("intake-attachment-received") in texts(first)
    assert second == []
    for _ in range(8):
        await person.send_photo()
    replies = await person.send_photo()
    assert person.t("intake-attachments-full", max=10) in texts(replies)
    replies = await person.tap("button-continue")
    assert person.t("intake-ask-date") in texts(replies)


async def test_the_phone_keyboard_goes_back_skips_and_cancels(bot: RunningBot) -> None:
    person = Person(bot, 1104, "en")
    await up_to_the_phone(person)
    replies = await person.send(person.t("intake-share-phone"))
    assert person.t("intake-phone-share-unsupported") in texts(replies)
    replies = await person.send(person.t("button-back"))
    assert person.t("intake-going-back") in texts(replies)
    assert person.t("intake-ask-name") in texts(replies)
    await person.send("Sara")
    replies = await person.send(person.t("button-skip"))
    assert person.t("intake-phone-skipped") in texts(replies)
    assert person.t("intake-ask-consent") in texts(replies)
    replies = await person.tap("button-back")
    assert person.t("intake-ask-phone") in texts(replies)
    replies = await person.send(person.t("button-cancel"))
    assert person.t("intake-cancelled") in texts(replies)


async def test_back_from_the_name_passes_the_remedy_words_by(bot: RunningBot) -> None:
    person = Person(bot, 1105, "en")
    await up_to_the_phone(person)
    await person.send(person.t("button-back"))
    replies = await person.tap("button-back")
    assert person.t("intake-ask-remedy") in texts(replies)
    replies = await person.tap("remedy-other")
    assert person.t("intake-ask-remedy-other") in texts(replies)
    replies = await person.tap("button-back")
    assert person.t("intake-ask-remedy") in texts(replies)


async def test_changing_the_remedy_to_other_asks_its_words_then_the_summary(
    bot: RunningBot,
) -> None:
    person = Person(bot, 1106, "en")
    await up_to_the_phone(person)
    await person.send(person.t("button-skip"))
    await person.tap("intake-consent-agree")
    await person.tap("intake-edit")
    await person.tap("field-remedy")
    await person.tap("remedy-refund")
    await person.tap("intake-edit")
    await person.tap("field-remedy")
    replies = await person.tap("remedy-other")
    assert person.t("intake-ask-remedy-other") in texts(replies)
    replies = await person.send("A new one, please")
    summary = replies[-1]["text"]
    assert "A new one, please" in summary
    assert person.t("intake-confirm") in buttons(replies[-1])
    await person.tap("intake-edit")
    replies = await person.tap("field-location")
    assert person.t("button-back") in buttons(replies[-1])
    replies = await person.tap("button-back")
    assert person.t("intake-confirm") in buttons(replies[-1])


async def test_a_phone_keyboard_from_before_the_upgrade_still_skips_and_goes_back(
    bot: RunningBot,
) -> None:
    """Reply keyboards stay on screen across an upgrade: their old labels keep their meaning,
    and are never taken for a phone number."""
    person = Person(bot, 1105, "fa")
    await up_to_the_phone(
        person, ("تأخیر", "بستهٔ من سه هفته است که نرسیده است.", "بسته را برسانید", "سارا")
    )
    replies = await person.send("⬅️ بازگشت")  # the Back button as it was labelled before
    assert person.t("intake-ask-name") in texts(replies)
    await person.send("سارا")
    replies = await person.send("رد شدن")  # the Skip button as it was labelled before
    assert person.t("intake-phone-skipped") in texts(replies)
    assert person.t("intake-ask-consent") in texts(replies)

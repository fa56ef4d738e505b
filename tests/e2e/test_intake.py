"""The complainant's intake, end to end, in both languages."""

import re
from datetime import date

import pytest

from bot.domain.tracking_code import is_valid
from tests.e2e.conversation import Message, Person, buttons, texts
from tests.e2e.harness import RunningBot

CODE = re.compile(r"\d{4}-\d{4}-\d{4}")


def code_in(text: str) -> str:
    found = CODE.search(text)
    assert found, f"no tracking code in {text!r}"
    return found.group().replace("-", "")


async def file_complaint(person: Person, *, phone: str | None = None) -> str:
    """A complete intake with every field; returns the tracking code."""
    replies = await person.send(person.t("menu-new-complaint"))
    assert person.t("intake-ask-category") in texts(replies)
    category = "Delay" if person.lang == "en" else "تأخیر"
    await person.tap(category)
    await person.send_photo(caption="the box" if person.lang == "en" else "جعبه")
    description = (
        "The parcel arrived two weeks late and damaged."
        if person.lang == "en"
        else "بسته دو هفته دیر رسيد و آسيب ديده بود."
    )
    replies = await person.send(description)
    assert person.t("intake-ask-date") in texts(replies)
    await person.tap("intake-date-yesterday")
    await person.send("Order 12345, Tehran branch")
    await person.tap("remedy-refund")
    await person.tap("intake-keep-name", name="Sara Ahmadi")
    if phone is None:
        replies = await person.send_contact("989121234567")
    else:
        replies = await person.send(phone)
    assert person.t("intake-phone-saved") in texts(replies)
    replies = await person.tap("intake-consent-agree")
    assert person.t("intake-confirm") in buttons(replies[-1])
    replies = await person.tap("intake-confirm")
    return code_in(texts(replies))


async def up_to_consent(
    person: Person,
    category: str = "Delay",
    description: str = "The delivery is three weeks late now.",
) -> list[Message]:
    """The shortest intake up to the consent question: nothing optional given."""
    await person.send(person.t("menu-new-complaint"))
    await person.tap(category)
    await person.send(description)
    await person.tap("button-skip")
    await person.tap("button-skip")
    await person.tap("remedy-none")
    await person.send("Sara")
    return await person.send(person.t("button-skip"))


@pytest.mark.parametrize("lang", ["en", "fa"])
async def test_full_intake_files_the_complaint_and_acknowledges(
    bot: RunningBot, lang: str
) -> None:
    person = Person(bot, 1001, lang)
    await person.send("/start")
    phone = None if lang == "en" else "۰۹۱۲ ۱۲۳ ۴۵۶۷"
    code = await file_complaint(person, phone=phone)
    assert is_valid(code)
    ack = person.last_text()
    assert person.t("intake-acknowledgement", code="X", filed="Y", due="Z").split("\n")[0] in ack
    if lang == "fa":
        assert "۱۴۰۵/۰۹/۰۳" in ack
        assert "/status" in ack
    else:
        assert "24 Nov 2026" in ack
    assert bot.app is not None
    async with bot.app.units() as uow:
        complaint = await uow.complaints.by_code(code)
        assert complaint is not None
        assert complaint.category == "delay"
        assert complaint.occurred_on == date(2026, 11, 23)
        assert complaint.location == "Order 12345, Tehran branch"
        assert complaint.remedy == "refund"
        assert complaint.contact_name == "Sara Ahmadi"
        assert complaint.contact_phone == "+989121234567"
        assert complaint.status == "received"
        assert complaint.language == lang
        assert len(complaint.attachments) == 1
        assert complaint.attachments[0].kind == "photo"
        if lang == "fa":
            assert "رسید" in complaint.description and "ي" not in complaint.description
        history = await uow.complaints.history(complaint.id)
        assert [event.kind for event in history] == ["filed"]


async def test_summary_edit_changes_one_field_and_returns(bot: RunningBot) -> None:
    person = Person(bot, 1002, "en")
    await up_to_consent(person, "Billing or price", "I was charged twice for the same order.")
    replies = await person.tap("intake-consent-agree")
    assert "Billing or price" in texts(replies)
    await person.tap("intake-edit")
    replies = await person.tap("field-location")
    assert person.t("intake-ask-location") in texts(replies)
    replies = await person.send("Invoice 778")
    summary = replies[-1]["text"]
    assert "Invoice 778" in summary and "I was charged twice" in summary
    assert person.t("intake-confirm") in buttons(replies[-1])
    replies = await person.tap("intake-confirm")
    code = code_in(texts(replies))
    assert bot.app is not None
    async with bot.app.units() as uow:
        complaint = await uow.complaints.by_code(code)
        assert complaint is not None and complaint.location == "Invoice 778"
        assert complaint.contact_phone is None


@pytest.mark.parametrize("lang", ["en", "fa"])
async def test_cancel_drops_the_draft(bot: RunningBot, lang: str) -> None:
    person = Person(bot, 1003, lang)
    await person.send(person.t("menu-new-complaint"))
    await person.tap("Delay" if lang == "en" else "تأخیر")
    replies = await person.tap("button-cancel")
    assert person.t("intake-cancelled") in texts(replies)
    replies = await person.send("/mine")
    assert person.t("mine-empty") in texts(replies)


async def test_back_returns_to_the_previous_question(bot: RunningBot) -> None:
    person = Person(bot, 1004, "en")
    await person.send(person.t("menu-new-complaint"))
    await person.tap("Delay")
    replies = await person.tap("button-back")
    assert person.t("intake-ask-category") in texts(replies)


async def test_restart_mid_intake_keeps_every_answer(bot: RunningBot) -> None:
    person = Person(bot, 1005, "fa")
    await person.send(person.t("menu-new-complaint"))
    await person.tap("تأخیر")
    await person.send("سفارش من ده روز است که نرسیده است.")
    await bot.restart()
    replies = await person.tap("intake-date-today")
    assert person.t("intake-ask-location") in texts(replies)
    await person.tap("button-skip")
    await person.tap("remedy-explanation")
    await person.send("سارا")
    await person.send(person.t("button-skip"))
    replies = await person.tap("intake-consent-agree")
    assert "سفارش من ده روز است که نرسیده است." in replies[-1]["text"]
    assert "تأخیر" in replies[-1]["text"]


async def test_double_confirm_files_one_complaint_and_one_acknowledgement(bot: RunningBot) -> None:
    person = Person(bot, 1006, "en")
    await up_to_consent(person)
    replies = await person.tap("intake-consent-agree")
    summary = replies[-1]
    confirm = next(
        b["callback_data"]
        for row in summary["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == person.t("intake-confirm")
    )
    fake = bot.fake
    first = fake.press(person.user, summary, confirm)
    second = fake.press(person.user, summary, confirm)
    await bot.settle()
    replies = fake.drain(person.id)
    acks = [m for m in replies if CODE.search(m.get("text", ""))]
    assert len(acks) == 1
    answer = fake.callback_answer(second)
    assert answer is not None and answer.get("text") == person.t("intake-already-filed")
    assert fake.callback_answer(first) is not None
    assert bot.app is not None
    async with bot.app.units() as uow:
        complainant = await uow.complainants.by_user(person.id)
        assert complainant is not None
        _, total = await uow.complaints.page_for(complainant.id, 0, 10)
        assert total == 1


async def test_unexpected_input_at_each_step_keeps_the_answers(bot: RunningBot) -> None:
    person = Person(bot, 1007, "en")
    await person.send(person.t("menu-new-complaint"))
    replies = await person.send_sticker()
    assert person.t("intake-unexpected") in texts(replies)
    assert person.t("intake-ask-category") in texts(replies)
    replies = await person.send("/status")
    assert person.t("intake-command-during") in texts(replies)
    await person.tap("Delay")
    replies = await person.send_location()
    assert person.t("intake-unexpected") in texts(replies)
    replies = await person.send("short")
    assert person.t("intake-description-too-short", min=10) in texts(replies)
    replies = await person.send("x" * 4001)
    assert "4,001" in texts(replies)
    await person.send("The delivery is three weeks late now.")
    replies = await person.send("next tuesday maybe")
    assert person.t("intake-date-unreadable") in texts(replies)
    replies = await person.send("2030-01-01")
    assert person.t("intake-date-future") in texts(replies)
    replies = await person.send("2026-02-30")
    assert person.t("intake-date-not-a-date") in texts(replies)
    await person.send("2026-11-20")
    replies = await person.send_sticker()
    assert person.t("intake-ask-location") in texts(replies)
    await person.tap("button-skip")
    replies = await person.send("refund please")
    assert person.t("intake-unexpected") in texts(replies)
    await person.tap("remedy-other")
    await person.send("Deliver it and waive the fee")
    replies = await person.send_sticker()
    assert person.t("intake-ask-name") in texts(replies)
    await person.send("Sara")
    replies = await person.send("12345")
    assert person.t("intake-phone-invalid") in texts(replies)
    replies = await person.send_contact("989351112233", owner=999)
    assert person.t("intake-phone-not-yours") in texts(replies)
    await person.send("+98 912 123 4567")
    replies = await person.send("yes")
    assert person.t("intake-unexpected") in texts(replies)
    replies = await person.tap("intake-consent-agree")
    summary = replies[-1]["text"]
    assert "The delivery is three weeks late now." in summary
    assert "20 Nov 2026" in summary
    assert "Deliver it and waive the fee" in summary
    assert "+98 912 123 4567" in summary


async def test_old_button_gets_a_polite_answer(bot: RunningBot) -> None:
    person = Person(bot, 1008, "fa")
    await person.send(person.t("menu-new-complaint"))
    first_question = person.with_button("تأخیر")
    await person.tap("تأخیر", message=first_question)
    update_id, replies = await person.press(
        first_question, first_question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    )
    answer = bot.fake.callback_answer(update_id)
    assert answer is not None and answer.get("text") == person.t("callback-stale")
    assert person.t("intake-ask-description").split("\n")[0] in texts(replies)

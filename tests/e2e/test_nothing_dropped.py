"""Nothing is silently dropped: captions are never read as markup, long texts are split,
every kind of file goes back as itself, refusals are told, and a busy complaint does not hold
back the others. Through the fake Telegram, in forum and plain-group staff chats."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest

from bot.domain.tracking_code import format_code
from storage.migrate import upgrade
from tests.conftest import _postgres_database as postgres_database
from tests.e2e.conversation import Person, buttons, texts
from tests.e2e.harness import running_bot
from tests.e2e.test_intake import file_complaint
from tests.e2e.test_staff import STAFF_CHAT, Desk, running_desk, st
from tests.fakes.bot_api import FakeBotAPI

ISOLATION = str.maketrans("", "", "\u2068\u2069")
SNEAKY = '<a href="https://evil.example/login">your bank</a>'


@pytest.fixture(
    params=[
        (True, "sqlite"),
        (False, "sqlite"),
        pytest.param((True, "postgres"), marks=pytest.mark.postgres),
        pytest.param((False, "postgres"), marks=pytest.mark.postgres),
    ],
    ids=["forum", "plain-group", "forum-postgres", "plain-group-postgres"],
)
async def desk(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_skip_reason: str | None
) -> AsyncIterator[Desk]:
    """The staff desk as in test_staff (a forum with topics, or a plain group), on SQLite
    (rows handed to the lanes) or PostgreSQL (lanes read the table)."""
    forum, database = request.param
    async with AsyncExitStack() as stack:
        if database == "sqlite":
            url = f"sqlite+aiosqlite:///{tmp_path / 'dadres.sqlite3'}"
            await upgrade(url)
        else:
            url = await stack.enter_async_context(postgres_database(postgres_skip_reason))
        yield await stack.enter_async_context(running_desk(url, forum))


async def adding_information(person: Person, code: str) -> None:
    """Open the complaint and start adding information to it."""
    await person.send(f"/status {code}")
    await person.tap("card-add-information")


async def asked(desk: Desk, person: Person, code: str, question: str = "Which order?") -> None:
    """Staff ask the complainant a question; the complainant sees it."""
    await desk.press(code, "staff-button-ask")
    await desk.answer_prompt(question)
    assert question in texts(desk.fake.drain(person.id))


def staff_file(desk: Desk, code: str, kind: str = "photo", caption: str | None = None) -> None:
    """A staff member posts a file in the complaint's thread (topic, or reply to the card)."""
    card = desk.card(code)
    where: dict[str, Any] = (
        {"message_thread_id": card["message_thread_id"]}
        if desk.forum
        else {"reply_to_message_id": card["message_id"]}
    )
    if kind == "photo":
        desk.fake.send_photo(desk.agent, caption=caption, chat=STAFF_CHAT, **where)
    else:
        update_id = desk.fake.send_video(desk.agent, caption=caption, chat=STAFF_CHAT, **where)
        as_kind(desk.fake, update_id, kind)


def as_kind(fake: FakeBotAPI, update_id: int, kind: str) -> None:
    """Turn an injected video message into a video note or an animation (GIF), before the bot
    reads it, with the file Telegram would hold for it."""
    message = fake.update(update_id)["message"]
    video = message.pop("video")
    media = {"file_id": video["file_id"], "file_unique_id": video["file_unique_id"]}
    if kind == "video_note":
        media |= {"length": 240, "duration": 5}
    else:
        media |= {"width": 320, "height": 240, "duration": 2, "mime_type": "video/mp4"}
    message[kind] = media
    if kind == "animation":  # as Telegram sends a GIF: the animation and a document both
        message["document"] = {**media, "file_name": "clip.mp4"}
    stored = fake.files[video["file_id"]]
    stored.kind, stored.media = kind, media


def entity_types(message: dict[str, Any]) -> set[str]:
    found = message.get("entities", []) + message.get("caption_entities", [])
    return {entity["type"] for entity in found}


# 1. Captions are text, never markup.


async def test_a_caption_with_markup_characters_reaches_staff_as_written(desk: Desk) -> None:
    person = Person(desk.bot, 1401, "en")
    code = await file_complaint(person)
    await adding_information(person, code)
    await person.send_photo(caption="refund<50k & more")
    await person.send_photo(caption=SNEAKY)
    photos = [m for m in desk.fake.sent(STAFF_CHAT) if m.get("photo")]
    captions = [m.get("caption", "") for m in photos]
    assert "refund<50k & more" in captions
    sneaky = next(m for m in photos if SNEAKY in m.get("caption", ""))
    assert "text_link" not in entity_types(sneaky)


async def test_a_staff_caption_with_markup_reaches_the_complainant_as_written(
    desk: Desk,
) -> None:
    person = Person(desk.bot, 1402, "fa")
    code = await file_complaint(person)
    desk.fake.drain(person.id)
    staff_file(desk, code, caption="مبلغ <50 هزار & بیشتر")
    staff_file(desk, code, caption=SNEAKY)
    await desk.bot.settle()
    got = desk.fake.drain(person.id)
    assert any(m.get("caption") == "مبلغ <50 هزار & بیشتر" for m in got)
    sneaky = next(m for m in got if SNEAKY in m.get("caption", ""))
    assert "text_link" not in entity_types(sneaky)


# 2. Long texts are split, never refused.


def long_words(n: int, word: str = "refund&<ok>") -> str:
    return " ".join(f"{word}{i}" for i in range(n))


async def test_a_long_answer_reaches_staff_in_parts(desk: Desk) -> None:
    person = Person(desk.bot, 1403, "en")
    code = await file_complaint(person)
    await asked(desk, person, code)
    answer = long_words(400)[:4090]
    await person.send(answer)
    staff = desk.staff_texts()
    assert "The complainant answered:" in staff
    assert answer.split()[-1] in staff and answer.split()[0] in staff
    parts = [m["text"] for m in desk.fake.sent(STAFF_CHAT) if "refund&<ok>" in m.get("text", "")]
    assert len(parts) == 2
    assert " ".join(" ".join(parts).split()).endswith(" ".join(answer.split()))


async def test_a_long_staff_reply_reaches_the_complainant_in_parts(desk: Desk) -> None:
    person = Person(desk.bot, 1404, "fa")
    code = await file_complaint(person)
    desk.fake.drain(person.id)
    reply = long_words(700, "بازپرداخت")[:4090]
    await desk.write(code, reply)
    got = [m["text"] for m in desk.fake.drain(person.id) if "بازپرداخت" in m.get("text", "")]
    assert len(got) == 2
    assert format_code(code) in got[0]
    shown = " ".join(" ".join(got).split()).translate(ISOLATION)
    assert shown.endswith(" ".join(reply.split()))


async def test_a_long_history_is_shown_in_pages(desk: Desk) -> None:
    person = Person(desk.bot, 1405, "en")
    code = await file_complaint(person)
    for n in range(30):
        desk.fake.send_text(desk.agent, f"/note {code} {n:02d} " + "courier & <depot> " * 12)
    await desk.bot.settle()
    before = len(desk.fake.sent(STAFF_CHAT))
    await desk.press(code, "staff-button-history")
    pages = [m for m in desk.fake.sent(STAFF_CHAT)[before:] if "courier & <depot>" in m["text"]]
    assert len(pages) >= 2
    history = "\n".join(m["text"] for m in pages)
    assert all(f" {n:02d} courier" in history for n in range(30))


async def test_a_long_caption_goes_with_the_file_and_the_rest_follows(desk: Desk) -> None:
    person = Person(desk.bot, 1406, "en")
    code = await file_complaint(person)
    await asked(desk, person, code)
    caption = long_words(90)[:1020]
    await person.send_photo(caption=caption)
    sent = desk.fake.sent(STAFF_CHAT)
    photo = next(
        i for i, m in enumerate(sent) if m.get("photo") and "refund&<ok>0" in m["caption"]
    )
    assert sent[photo]["caption"].startswith("📩 The complainant answered:")
    rest = sent[photo + 1]["text"]
    joined = " ".join((sent[photo]["caption"] + " " + rest).split())
    assert joined.endswith(" ".join(caption.split()))


# 3. What Telegram refuses for good is told.


async def test_a_refused_file_from_the_complainant_is_told_to_both_sides(desk: Desk) -> None:
    person = Person(desk.bot, 1407, "fa")
    code = await file_complaint(person)
    await adding_information(person, code)
    desk.fake.add_fault(
        "sendPhoto",
        error_code=400,
        description="Bad Request: wrong file identifier/HTTP URL specified",
        chat_id=STAFF_CHAT,
    )
    replies = await person.send_photo(caption="the receipt")
    told = texts(replies)
    assert format_code(code) in told and "به کارشناسان نرسید" in told
    warning = person.t("delivery-failed-to-staff", what="X", why="Y", code="Z").split("X")[0]
    assert warning.strip() in told
    notice = [
        m for m in desk.fake.sent(STAFF_CHAT) if "couldn't be shown here" in m.get("text", "")
    ]
    assert len(notice) == 1
    assert "A photo that the complainant sent" in notice[0]["text"]
    assert "Telegram wouldn't send the file" in notice[0]["text"]
    if desk.forum:
        assert notice[0].get("message_thread_id") == desk.thread(code)
    else:
        assert notice[0]["reply_to_message"]["message_id"] == desk.card(code)["message_id"]


async def test_a_refused_staff_reply_is_told_in_the_thread(desk: Desk) -> None:
    person = Person(desk.bot, 1408, "en")
    code = await file_complaint(person)
    await desk.press(code, "staff-button-take")
    desk.fake.drain(person.id)
    desk.fake.add_fault(
        "sendMessage",
        error_code=400,
        description="Bad Request: message is too long",
        chat_id=person.id,
    )
    await desk.write(code, "We refunded you.")
    assert "We refunded you." not in texts(desk.fake.drain(person.id))
    notices = [m["text"] for m in desk.fake.sent(STAFF_CHAT) if "⚠️" in m.get("text", "")]
    assert notices == [
        st(
            "staff-delivery-failed-to-complainant",
            what=st("delivery-what", kind="text"),
            why=st("delivery-why", reason="too-long", detail=""),
        )
    ]


async def test_a_refused_notice_is_not_reported_again(desk: Desk) -> None:
    person = Person(desk.bot, 1409, "en")
    code = await file_complaint(person)
    await adding_information(person, code)
    desk.fake.add_fault(
        None,
        times=2,
        error_code=400,
        description="Bad Request: chat write forbidden here",
        chat_id=STAFF_CHAT,
    )
    told = texts(await person.send_photo(caption="one more"))
    await desk.bot.settle()
    failed = [r for r in desk.fake.calls(chat_id=STAFF_CHAT) if r.failed]
    assert len(failed) == 2
    assert [r.method for r in desk.fake.calls(chat_id=STAFF_CHAT)][-2:] == [
        failed[0].method,
        failed[1].method,
    ]
    assert "couldn't be passed on" in told


# 4. Every kind of file goes back as itself.


async def test_video_notes_and_animations_go_back_as_themselves(desk: Desk) -> None:
    person = Person(desk.bot, 1410, "en")
    code = await file_complaint(person)
    desk.fake.drain(person.id)
    staff_file(desk, code, "video_note")
    staff_file(desk, code, "animation", caption="like this")
    await desk.bot.settle()
    got = desk.fake.drain(person.id)
    assert [m for m in got if "video_note" in m]
    assert [m for m in got if "animation" in m and m.get("caption") == "like this"]
    await asked(desk, person, code)
    update_id = desk.fake.send_video(person.user)
    as_kind(desk.fake, update_id, "video_note")
    await desk.bot.settle()
    await adding_information(person, code)
    update_id = desk.fake.send_video(person.user, caption="the GIF")
    as_kind(desk.fake, update_id, "animation")
    await desk.bot.settle()
    staff = desk.fake.sent(STAFF_CHAT)
    assert [m for m in staff if "video_note" in m]
    assert [m for m in staff if "animation" in m and m.get("caption") == "the GIF"]


# 5. A topic that cannot be made again does not stop the staff chat.


async def test_a_topic_that_cannot_be_recreated_does_not_stop_the_chat(sqlite_url: str) -> None:
    async with running_bot(
        sqlite_url,
        staff_chat_id=STAFF_CHAT,
        staff_language="en",
        startup=lambda fake: fake.group(STAFF_CHAT, "Complaints desk", is_forum=True),
    ) as bot:
        desk = Desk(bot, True)
        person = Person(bot, 1411, "en")
        code = await file_complaint(person)
        bot.fake.delete_topic(STAFF_CHAT, desk.thread(code) or 0)
        bot.fake.add_fault(
            "createForumTopic",
            times=5,
            error_code=400,
            description="Bad Request: not enough rights to create a topic",
        )
        bot.fake.delay("createForumTopic", 0.3)
        await adding_information(person, code)
        bot.fake.send_text(person.user, "The courier never came back.")
        await asyncio.sleep(0.15)
        bot.fake.send_text(desk.agent, "/open", chat=STAFF_CHAT)
        await bot.settle()
        staff = desk.staff_texts()
        assert "Open complaints" in staff
        general = [m.get("text", "") for m in bot.fake.sent(STAFF_CHAT)]
        relayed = next(i for i, t in enumerate(general) if "The courier never came back." in t)
        assert format_code(code) in general[relayed - 1]
        assert "wouldn't open the topic" in general[relayed - 1]
        assert bot.fake.sent(STAFF_CHAT)[relayed].get("message_thread_id") is None
        other = Person(bot, 1412, "en")
        bot.fake.clear_faults()
        bot.fake.delay("createForumTopic", 0)
        second = await file_complaint(other)
        assert desk.card(second)["message_thread_id"]


# 6. A relayed file is one message.


async def test_a_relayed_file_is_one_message_with_its_caption(desk: Desk) -> None:
    person = Person(desk.bot, 1413, "en")
    code = await file_complaint(person)
    await desk.press(code, "staff-button-take")
    desk.fake.drain(person.id)
    staff_file(desk, code, caption="Is this the box?")
    await desk.bot.settle()
    got = desk.fake.drain(person.id)
    assert len(got) == 1 and got[0]["caption"] == "Is this the box?"
    staff_file(desk, code)
    await desk.bot.settle()
    [bare] = desk.fake.drain(person.id)
    assert bare.get("photo") and format_code(code) in bare["caption"]
    await asked(desk, person, code)
    before = len(desk.fake.sent(STAFF_CHAT))
    await person.send_photo(caption="yes, that one")
    new = desk.fake.sent(STAFF_CHAT)[before:]
    relayed = [m for m in new if m.get("photo") or "answered" in m.get("text", "")]
    assert len(relayed) == 1
    assert relayed[0]["caption"] == "📩 The complainant answered: yes, that one"


# 7. A complaint with many files does not hold back the next one's card.


async def test_one_complaints_many_files_do_not_hold_back_another_card(desk: Desk) -> None:
    await many_files_then_another_card(desk)


async def many_files_then_another_card(desk: Desk) -> None:
    """One complainant sends 15 photos; another complaint filed meanwhile is not held back."""
    busy = Person(desk.bot, 1414, "en")
    waiting = Person(desk.bot, 1415, "en", name="Reza Karimi")
    code = await file_complaint(busy)
    await adding_information(busy, code)
    second = await confirm_ready(waiting)
    desk.fake.delay("sendPhoto", 0.12)
    for n in range(15):
        desk.fake.send_photo(busy.user, caption=f"evidence {n:02d}")
    for _ in range(200):
        added = [m for m in desk.fake.sent(busy.id) if "Added to your complaint" in m["text"]]
        if len(added) >= 15:
            break
        await asyncio.sleep(0.02)
    desk.fake.press_button(waiting.user, second, waiting.t("intake-confirm"))
    await desk.bot.settle(timeout=30)
    sent = desk.fake.sent(STAFF_CHAT)
    cards = [i for i, m in enumerate(sent) if "📋" in m.get("text", "")]
    assert len(cards) == 2
    evidence = [i for i, m in enumerate(sent) if "evidence" in m.get("caption", "")]
    assert len(evidence) == 15
    assert sum(i > cards[1] for i in evidence) >= 5


async def confirm_ready(person: Person) -> dict[str, Any]:
    """Go through an intake up to the confirm button; returns the message that has it."""
    await person.send(person.t("menu-new-complaint"))
    await person.tap("Delay")
    await person.send("Nobody answers the phone at the depot, for days now.")
    await person.tap("intake-date-yesterday")
    await person.send("Order 777")
    await person.tap("remedy-refund")
    await person.tap("intake-keep-name", name="Reza Karimi")
    await person.send_contact("989121234568")
    replies = await person.tap("intake-consent-agree")
    assert person.t("intake-confirm") in buttons(replies[-1])
    return replies[-1]

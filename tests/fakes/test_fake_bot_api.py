"""Drives FakeBotAPI with a real aiogram Bot over HTTP, so the fake stays true to aiogram."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import CommandStart
from aiogram.methods import TelegramMethod
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    ChatMemberAdministrator,
    ChatMemberMember,
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    MenuButtonCommands,
    Message,
    ReplyKeyboardMarkup,
    Update,
)

from tests.fakes.bot_api import FakeBotAPI

TOKEN = "123456:TEST"
USER_ID = 42
STAFF_CHAT = -1001234567890


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(TOKEN) as fake:
        yield fake
    assert fake.internal_errors == []


@asynccontextmanager
async def connected(api: FakeBotAPI) -> AsyncIterator[Bot]:
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
    try:
        yield bot
    finally:
        await bot.session.close()


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    async with connected(api) as client:
        yield client


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=label, callback_data=label.lower()) for label in labels]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


class FooBar(TelegramMethod[bool]):
    __returning__ = bool
    __api_method__ = "fooBar"


async def wait_polling(api: FakeBotAPI) -> None:
    async with asyncio.timeout(2):
        while not api.is_polling:
            await asyncio.sleep(0.005)


async def test_get_me_derives_the_bot_from_the_token(bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.is_bot, me.username) == (123456, True, "dadres_test_bot")


async def test_inline_keyboard_round_trips_into_a_callback_query(
    api: FakeBotAPI, bot: Bot
) -> None:
    user = api.user(USER_ID, "Sara", "fa")

    sent = await bot.send_message(USER_ID, "<b>Choose</b>", reply_markup=keyboard("Yes", "No"))
    stored = await api.next_message(USER_ID)
    update_id = api.press_button(user, stored, "Yes")
    updates = await bot.get_updates(timeout=0)

    assert stored["text"] == "<b>Choose</b>"
    assert stored["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "yes"
    query = updates[-1].callback_query
    assert updates[-1].update_id == update_id
    assert query is not None and query.data == "yes" and query.from_user.id == USER_ID
    assert isinstance(query.message, Message) and query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="Noted")
    assert api.callback_answer(update_id) == {"callback_query_id": query.id, "text": "Noted"}
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(AssertionError, match=r"\[\['Yes', 'No'\]\]"):
        api.press_button(user, stored, "Maybe")


async def test_offset_confirms_updates_forever(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(USER_ID)
    ids = [api.send_text(user, text) for text in ("/start", "one", "two")]

    first = await bot.get_updates()
    again = await bot.get_updates(offset=ids[1])
    pending_after_confirm = api.pending_count()
    done = await bot.get_updates(offset=ids[2] + 1)
    rewound = await bot.get_updates(offset=1)

    assert [u.update_id for u in first] == ids == [1, 2, 3]
    assert first[0].message is not None and first[0].message.entities is not None
    assert first[0].message.entities[0].type == "bot_command"
    assert [u.update_id for u in again] == ids[1:]
    assert pending_after_confirm == 2
    assert done == [] and rewound == []
    assert api.confirmed_offset == ids[2] + 1
    await api.wait_confirmed(ids[2], timeout=0.1)


async def test_long_poll_returns_as_soon_as_an_update_is_injected() -> None:
    async with FakeBotAPI(TOKEN, max_poll_wait=10) as api, connected(api) as bot:
        user = api.user(USER_ID)
        started = time.monotonic()
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await wait_polling(api)
        api.send_text(user, "hello")
        updates = await poll

    assert [u.message.text for u in updates if u.message] == ["hello"]
    assert time.monotonic() - started < 1.5


async def test_long_poll_is_capped_by_max_poll_wait() -> None:
    async with FakeBotAPI(TOKEN, max_poll_wait=0.2) as api, connected(api) as bot:
        started = time.monotonic()
        updates = await bot.get_updates(timeout=30)
        elapsed = time.monotonic() - started

    assert updates == [] and 0.15 < elapsed < 1.0


async def test_redeliver_repeats_a_confirmed_update_with_its_id(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(USER_ID)
    update_id = api.send_text(user, "complaint")
    await bot.get_updates()
    await bot.get_updates(offset=update_id + 1)

    api.redeliver(update_id)
    redelivered = await bot.get_updates(offset=update_id + 1)

    assert [u.update_id for u in redelivered] == [update_id]
    assert redelivered[0].message is not None and redelivered[0].message.text == "complaint"


async def test_edits_follow_telegram_rules(api: FakeBotAPI, bot: Bot) -> None:
    api.user(USER_ID)
    sent = await bot.send_message(USER_ID, "Status: open", reply_markup=keyboard("Close"))

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Status: open",
            chat_id=USER_ID,
            message_id=sent.message_id,
            reply_markup=keyboard("Close"),
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER_ID, message_id=999)
    edited = await bot.edit_message_text(
        "Status: closed", chat_id=USER_ID, message_id=sent.message_id
    )

    assert isinstance(edited, Message) and edited.edit_date is not None
    current = api.messages[USER_ID][sent.message_id]
    assert current["text"] == "Status: closed" and "reply_markup" not in current
    assert api.sent(USER_ID) == [current]
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=USER_ID, message_id=sent.message_id)


async def test_html_parse_mode_strips_tags_and_rejects_bad_markup(
    api: FakeBotAPI, bot: Bot
) -> None:
    api.user(USER_ID)

    sent = await bot.send_message(
        USER_ID, "  Case <b>#7</b> &amp; <i>more</i>\n", parse_mode="HTML"
    )
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.send_message(USER_ID, "a < b", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER_ID, " ")

    assert sent.text == "Case #7 & more"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [
        ("bold", 5, 2),
        ("italic", 10, 4),
    ]


async def test_429_becomes_telegram_retry_after(api: FakeBotAPI, bot: Bot) -> None:
    api.user(USER_ID)
    api.fail_with_429(1, retry_after=7, method="sendMessage")

    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER_ID, "first")
    await bot.send_message(USER_ID, "second")

    assert caught.value.retry_after == 7
    assert [(c.failed, c.error_code) for c in api.calls("sendMessage")] == [
        (True, 429),
        (False, None),
    ]
    assert [m["text"] for m in api.sent(USER_ID)] == ["second"]


async def test_403_and_5xx_faults(api: FakeBotAPI, bot: Bot) -> None:
    api.user(USER_ID)
    api.user(USER_ID + 1)
    api.block(USER_ID)
    api.add_fault(None, error_code=502, description="Bad Gateway", chat_id=USER_ID + 1)

    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER_ID, "hi")
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.send_message(USER_ID + 1, "hi")
    await bot.send_message(USER_ID + 1, "hi again")

    assert api.sent(USER_ID) == []
    assert [m["text"] for m in api.sent(USER_ID + 1)] == ["hi again"]


async def test_wildcard_faults_spare_polling_and_delays_add_latency(
    api: FakeBotAPI, bot: Bot
) -> None:
    api.user(USER_ID)
    api.add_fault(None, times=2, error_code=500, description="Internal Server Error")
    api.delay("sendChatAction", 0.2)

    assert await bot.get_updates() == []
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(USER_ID, "x")
    started = time.monotonic()
    await bot.send_chat_action(USER_ID, "typing")

    assert time.monotonic() - started >= 0.2
    assert [c.failed for c in api.calls()] == [False, True, True, False]


async def test_forum_topics_and_deleted_threads(api: FakeBotAPI, bot: Bot) -> None:
    api.group(STAFF_CHAT, "Staff", is_forum=True)

    topic = await bot.create_forum_topic(STAFF_CHAT, "Complaint #7")
    in_topic = await bot.send_message(
        STAFF_CHAT, "New case", message_thread_id=topic.message_thread_id
    )
    await bot.close_forum_topic(STAFF_CHAT, topic.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.close_forum_topic(STAFF_CHAT, topic.message_thread_id)
    api.delete_topic(STAFF_CHAT, topic.message_thread_id)

    assert topic.name == "Complaint #7" and topic.icon_color > 0
    assert in_topic.is_topic_message and in_topic.message_thread_id == topic.message_thread_id
    assert in_topic.reply_to_message is not None
    assert in_topic.reply_to_message.forum_topic_created is not None
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(STAFF_CHAT, "Update", message_thread_id=topic.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
        api.group(-100555, "Plain")
        await bot.create_forum_topic(-100555, "x")


async def test_photo_by_file_id_and_by_multipart_upload(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(USER_ID)
    api.group(STAFF_CHAT, "Staff")
    api.send_photo(user, caption="broken meter")
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.photo is not None
    file_id = update.message.photo[-1].file_id

    forwarded = await bot.send_photo(STAFF_CHAT, file_id, caption="<b>Case</b>", parse_mode="HTML")
    uploaded = await bot.send_photo(STAFF_CHAT, BufferedInputFile(b"\x89PNG...", "meter.png"))
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(STAFF_CHAT, "no-such-file")
    with pytest.raises(TelegramBadRequest, match="type of file mismatch"):
        await bot.send_document(STAFF_CHAT, file_id)

    assert forwarded.photo is not None and forwarded.photo[-1].file_id == file_id
    assert forwarded.caption == "Case" and forwarded.caption_entities is not None
    assert uploaded.photo is not None and uploaded.photo[-1].file_id != file_id
    upload_call = api.calls("sendPhoto")[1]
    assert [u.data for u in upload_call.files.values()] == [b"\x89PNG..."]
    assert upload_call.params["photo"].startswith("attach://")
    file = await bot.get_file(uploaded.photo[-1].file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == b"\x89PNG..."


async def test_send_media_group_returns_all_messages(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(USER_ID)
    api.send_photo(user, file_id="known-photo")

    messages = await bot.send_media_group(
        USER_ID,
        [
            InputMediaPhoto(media="known-photo", caption="first"),
            InputMediaPhoto(media=BufferedInputFile(b"jpeg", "two.jpg")),
        ],
    )

    assert len(messages) == 2 and messages[0].caption == "first"
    assert messages[0].media_group_id is not None
    assert messages[0].media_group_id == messages[1].media_group_id
    assert [m["message_id"] for m in api.sent(USER_ID)] == [m.message_id for m in messages]


async def test_concurrent_get_updates_gets_409(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(USER_ID)
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await wait_polling(api)

    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await bot.get_updates(timeout=0)
    api.send_text(user, "release")
    updates = await poll

    assert [u.update_id for u in updates] == [1]


async def test_terminate_older_poll_mode_matches_telegram_servers() -> None:
    async with (
        FakeBotAPI(TOKEN, terminate_older_poll=True, max_poll_wait=5) as api,
        connected(api) as bot,
    ):
        older = asyncio.create_task(bot.get_updates(timeout=5))
        await wait_polling(api)
        newer = await bot.get_updates(timeout=0)
        with pytest.raises(TelegramConflictError):
            await older

    assert newer == []


async def test_unknown_methods_and_plain_http_bodies(api: FakeBotAPI, bot: Bot) -> None:
    api.user(USER_ID)
    with pytest.raises(TelegramNotFound, match="method not found"):
        await bot(FooBar())
    api.reset_recording()
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{api.base_url}/bot{TOKEN}/fooBar") as response:
            missing = (response.status, await response.json())
        async with http.post(
            f"{api.base_url}/bot{TOKEN}/sendMessage", json={"chat_id": USER_ID, "text": "123"}
        ) as response:
            as_json = await response.json()
        async with http.post(
            f"{api.base_url}/bot{TOKEN}/sendmessage",
            data={"chat_id": str(USER_ID), "text": "true"},
        ) as response:
            as_form = await response.json()

    assert missing == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    assert as_json["result"]["text"] == "123" and as_form["result"]["text"] == "true"
    assert [c.method for c in api.requests] == ["fooBar", "sendMessage", "sendMessage"]
    assert api.requests[0].failed


async def test_waiting_helpers_explain_timeouts(api: FakeBotAPI, bot: Bot) -> None:
    api.user(USER_ID)
    await bot.send_message(USER_ID, "only one")
    api.drain(USER_ID)

    with pytest.raises(TimeoutError, match="'only one'"):
        await api.next_message(USER_ID, timeout=0.05)
    later = asyncio.create_task(api.wait_for(lambda r: r.method == "sendChatAction", timeout=2))
    await bot.send_chat_action(USER_ID, "typing")
    found = await later

    assert found.params == {"chat_id": USER_ID, "action": "typing"}
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(USER_ID, "dancing")


async def test_chat_objects_validate_as_aiogram_types(api: FakeBotAPI, bot: Bot) -> None:
    admin = api.user(7, "Admin", username="admin")
    api.group(STAFF_CHAT, "Staff", is_forum=True)
    api.set_member(STAFF_CHAT, 7, "administrator")
    update_id = api.my_chat_member(STAFF_CHAT, admin, new_status="administrator")

    (update,) = await bot.get_updates()
    member = await bot.get_chat_member(STAFF_CHAT, 7)
    bot_member = await bot.get_chat_member(STAFF_CHAT, 123456)
    chat = await bot.get_chat(STAFF_CHAT)
    private = await bot.get_chat("@admin")

    assert update.update_id == update_id and update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "administrator"
    assert isinstance(member, ChatMemberAdministrator)
    assert not isinstance(bot_member, ChatMemberMember)
    assert chat.is_forum and chat.title == "Staff" and private.id == 7
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999, "nobody")


async def test_restricted_members_and_public_groups(api: FakeBotAPI, bot: Bot) -> None:
    api.group(STAFF_CHAT, "Staff", username="open_staff")
    api.set_member(STAFF_CHAT, 8, "restricted")
    api.set_member(STAFF_CHAT, 9, "restricted", is_member=False)

    still_in = await bot.get_chat_member(STAFF_CHAT, 8)
    gone = await bot.get_chat_member(STAFF_CHAT, 9)
    chat = await bot.get_chat(STAFF_CHAT)

    assert isinstance(still_in, ChatMemberRestricted) and still_in.is_member
    assert isinstance(gone, ChatMemberRestricted) and not gone.is_member
    assert chat.username == "open_staff"
    api.set_member(STAFF_CHAT, 9, "member")
    assert isinstance(await bot.get_chat_member(STAFF_CHAT, 9), ChatMemberMember)
    with pytest.raises(ValueError, match="supergroup"):
        api.group(-42, "Small group", username="small")


async def test_service_messages_validate(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(USER_ID)
    api.group(STAFF_CHAT, "Staff", is_forum=True)
    thread = api.create_topic(STAFF_CHAT, "Case 1")
    said = api.update(api.send_text(user, "in topic", chat=STAFF_CHAT, message_thread_id=thread))[
        "message"
    ]
    api.send_service(user, {"pinned_message": said}, STAFF_CHAT, message_thread_id=thread)
    api.send_service(
        user,
        {"forum_topic_edited": {"name": "Case 1 (urgent)"}},
        STAFF_CHAT,
        message_thread_id=thread,
    )

    _, pin, edit = [u.message for u in await bot.get_updates()]

    assert pin is not None and pin.pinned_message is not None
    assert pin.pinned_message.message_id == said["message_id"] and pin.is_topic_message
    assert edit is not None and edit.forum_topic_edited is not None
    assert edit.text is None and edit.message_thread_id == thread


async def test_every_injected_update_kind_validates(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(USER_ID)
    api.group(STAFF_CHAT, "Staff", is_forum=True)
    thread = api.create_topic(STAFF_CHAT, "Case 1")
    first = api.update(api.send_text(user, "hi"))["message"]
    api.send_text(user, "reply", reply_to_message_id=first["message_id"])
    api.send_text(user, "in topic", chat=STAFF_CHAT, message_thread_id=thread)
    api.send_photo(user, media_group_id="album")
    api.send_document(user, caption="invoice")
    api.send_voice(user)
    api.send_video(user)
    api.send_sticker(user)
    api.send_location(user, 35.7, 51.4)
    api.send_poll(user, "Fair?", ["yes", "no"])
    api.send_contact(user, "+989121234567")
    api.edit_user_message(first, "hi (edited)")

    updates = await bot.get_updates()

    assert all(isinstance(u, Update) for u in updates) and len(updates) == 12
    messages = [u.message for u in updates if u.message]
    assert messages[1].reply_to_message is not None
    assert messages[2].is_topic_message and messages[2].reply_to_message is not None
    assert messages[3].photo is not None and messages[3].media_group_id == "album"
    assert messages[10].contact is not None and messages[10].contact.user_id == USER_ID
    assert updates[-1].edited_message is not None
    assert updates[-1].edited_message.text == "hi (edited)"


async def test_other_bot_methods(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(USER_ID)
    api.group(STAFF_CHAT, "Staff")
    original = api.update(api.send_text(user, "my complaint"))["message"]
    reply_keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="فارسی")]])

    assert await bot.set_my_commands([BotCommand(command="start", description="Start")])
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start", description="Start")])
    assert await bot.delete_my_commands()
    assert await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    copied = await bot.copy_message(STAFF_CHAT, USER_ID, original["message_id"])
    forwarded = await bot.forward_message(STAFF_CHAT, USER_ID, original["message_id"])
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(STAFF_CHAT, USER_ID, 999)
    await bot.send_message(USER_ID, "Pick a language", reply_markup=reply_keyboard)
    assert await bot.delete_message(USER_ID, original["message_id"])
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER_ID, original["message_id"])
    assert await bot.set_webhook("https://example.org/hook")
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    info = await bot.get_webhook_info()
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.log_out() and await bot.close()

    assert [m["text"] for m in api.sent(STAFF_CHAT)] == ["my complaint", "my complaint"]
    assert api.sent(STAFF_CHAT)[0]["message_id"] == copied.message_id
    assert forwarded.forward_origin is not None
    assert "reply_markup" not in api.sent(USER_ID)[0]
    assert api.reply_keyboards[USER_ID]["keyboard"][0][0]["text"] == "فارسی"
    assert info.url == "https://example.org/hook" and info.pending_update_count == 1
    assert api.pending_count() == 0


async def test_dispatcher_polls_the_fake_end_to_end(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(USER_ID, "Sara")
    dispatcher = Dispatcher()

    @dispatcher.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(f"Hello {message.from_user.first_name if message.from_user else ''}")

    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    try:
        update_id = api.send_text(user, "/start")
        reply = await api.next_message(USER_ID)
        await api.wait_confirmed(update_id)
    finally:
        await dispatcher.stop_polling()
        await polling

    assert reply["text"] == "Hello Sara"

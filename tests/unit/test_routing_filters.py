"""The routing filters decide as the aiogram filters they stand for, and no router gates its
handlers with a test they would have to agree with."""

import asyncio
from typing import Any

import pytest
from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.messages.callbacks import ComplaintAction, IntakeAction, StaffAction
from handlers.routing_filters import (
    OnLoop,
    a_command,
    in_private,
    is_command,
    pressed_in_private,
    text_in,
)

BOT = Bot("123456:TEST")
PERSON = {"id": 7, "is_bot": False, "first_name": "A"}


def message(text: str | None = None, caption: str | None = None, chat: str = "private") -> Message:
    fields: dict[str, Any] = {
        "message_id": 1,
        "date": 1796160000,
        "chat": {"id": 7 if chat == "private" else -5, "type": chat},
        "from": PERSON,
    }
    if text is not None:
        fields["text"] = text
    if caption is not None:
        fields["caption"] = caption
        fields["photo"] = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
    return Message.model_validate(fields, context={"bot": BOT})


def press(data: str | None, chat: str | None = "private") -> CallbackQuery:
    fields: dict[str, Any] = {"id": "1", "from": PERSON, "chat_instance": "1"}
    if data is not None:
        fields["data"] = data
    if chat is not None:
        fields["message"] = {"message_id": 2, "date": 1, "chat": {"id": 7, "type": chat}}
    return CallbackQuery.model_validate(fields, context={"bot": BOT})


def run(result: Any) -> Any:
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


@pytest.mark.parametrize(
    ("data", "matches"),
    [
        ("in:cat:ab12cd34:delay", {"intake-cat"}),
        ("in:when:ab12cd34:today", set()),
        ("in:cat:ab12cd34", set()),  # a part missing
        ("in:category:ab12cd34:x", set()),  # an action that only starts the same
        ("c:cat:1:0", set()),
        ("s:take:4:", {"staff"}),
        ("s:take:0:", set()),  # a forged row id
        ("s:assign_to:4:x", set()),  # not a Telegram user id
        ("c:accept:1234:0", {"decision"}),
        ("c:page::x", set()),  # not a number where one belongs
        ("c:page::99999999999999999999999", set()),
        ("", set()),
        (None, set()),
    ],
)
def test_callback_data_filters_take_only_their_own_well_formed_buttons(
    data: str | None, matches: set[str]
) -> None:
    query = press(data)
    filters = {
        "intake-cat": IntakeAction.filter(F.action == "cat"),
        "decision": ComplaintAction.filter(F.action.in_({"accept", "refuse"})),
        "staff": StaffAction.filter(),
    }
    assert {name for name, test in filters.items() if run(test(query))} == matches


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("/help", None),
        ("  /start abc", None),
        ("/note@dadres_bot late", None),
        ("hello /help", None),
        ("", None),
        (None, "/note کارت"),
        (None, "a photo"),
        (None, None),
    ],
)
def test_is_command_holds_whenever_a_command_filter_could_match(
    text: str | None, caption: str | None
) -> None:
    event = message(text, caption)
    for name in ("help", "start", "note"):
        if run(Command(name, ignore_mention=True)(event, BOT)):
            assert is_command(event)
    assert is_command(event) == ((text or caption or "").lstrip().startswith("/"))


def test_chat_kind_filters() -> None:
    assert in_private(message("x")) and not in_private(message("x", chat="supergroup"))
    assert pressed_in_private(press("x"))
    assert not pressed_in_private(press("x", chat="group"))
    assert not pressed_in_private(press("x", chat=None))


async def test_on_loop_decides_as_the_magic_filter_or_function_it_wraps() -> None:
    from handlers.routing_filters import on_loop

    texts = [message("hi"), message("/start"), message(caption="c"), message()]
    for test in (F.text, F.text.startswith("/"), F.text.in_({"hi"})):
        wrapped = on_loop(test)
        assert [bool(await wrapped(m)) for m in texts] == [bool(test.resolve(m)) for m in texts]
    private = on_loop(in_private)
    assert await private(message("x")) and not await private(message("x", chat="group"))
    menu = text_in({"راهنما", "Help"})
    assert [bool(await menu(m)) for m in (message("Help"), message("Help me"), message())] == [
        True,
        False,
        False,
    ]
    assert [bool(await a_command(m)) for m in texts] == [False, True, False, False]


def test_no_filter_or_handler_of_the_dispatcher_waits_for_a_thread() -> None:
    """aiogram runs a synchronous filter or handler through asyncio.to_thread; every one of
    ours must be awaitable (a Filter, an async function, or wrapped with on_loop)."""
    from bot.app import build_app
    from bot.settings import load_settings
    from tests.e2e.harness import TOKEN

    settings, categories = load_settings(_env_file=None, bot_token=TOKEN, staff_chat_id=-100)
    app = build_app(settings, categories)
    sync = [
        f"{router.name}: {item.callback!r}"
        for router in app.dispatcher.chain_tail
        for observer in router.observers.values()
        for handler in observer.handlers
        for item in (handler, *(handler.filters or ()))
        if not item.awaitable
    ]
    sync += [
        f"{router.name}: {item.callback!r}"
        for router in app.dispatcher.chain_tail
        for observer in router.observers.values()
        for item in observer._handler.filters or ()
        if not item.awaitable
    ]
    assert sync == []


def test_routers_filter_only_by_the_kind_of_chat() -> None:
    """A router-wide filter that had to mirror its handlers' filters silently hid a handler
    added outside them: a router may only be limited to private chats, every other test
    belongs to its handlers."""
    from bot.app import build_app
    from bot.settings import load_settings
    from tests.e2e.harness import TOKEN

    settings, categories = load_settings(_env_file=None, bot_token=TOKEN, staff_chat_id=-100)
    app = build_app(settings, categories)
    scopes = {in_private, pressed_in_private}
    wide = [
        (router.name, item.callback)
        for router in app.dispatcher.chain_tail
        for observer in router.observers.values()
        for item in observer._handler.filters or ()
    ]
    assert wide, "the private-chat routers are expected to say so"
    for name, callback in wide:
        assert isinstance(callback, OnLoop) and callback._test in scopes, name

"""The cheap routing filters decide exactly as the aiogram filters they stand for."""

import asyncio
from typing import Any

import pytest
from aiogram import Bot, F
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, Message

from bot.messages.callbacks import ComplaintAction, IntakeAction, StaffAction
from handlers.routing_filters import (
    InState,
    command_or_text,
    in_private,
    is_command,
    pressed_in_private,
)
from handlers.states import Aftercare, FollowUp, Intake, Lookup

BOT = Bot("123456:TEST")
RAW_STATES = [None, "Intake:describing", "Lookup:waiting_code", "Aftercare:explaining", "x:y"]
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
    "states",
    [
        (None,),
        (Intake.describing,),
        (None, Lookup, FollowUp),
        (Aftercare.commenting, Aftercare.explaining),
        tuple(Intake.__all_states__),
        ("Intake:describing", Lookup.waiting_code),
    ],
)
def test_in_state_matches_aiogram_state_filter(states: tuple[Any, ...]) -> None:
    event = message("x")
    for raw in RAW_STATES:
        assert run(InState(*states)(event, raw)) == run(StateFilter(*states)(event, raw)), raw


def test_in_state_needs_a_state_and_refuses_the_wildcard() -> None:
    with pytest.raises(ValueError):
        InState()
    with pytest.raises(ValueError):
        InState("*")


@pytest.mark.parametrize(
    "data",
    [
        "in:cat:ab12cd34:delay",
        "in:when:ab12cd34:today",
        "in:cat:ab12cd34",  # a part missing
        "in:category:ab12cd34:x",  # an action that only starts the same
        "c:cat:1:0",
        "s:take:4:",
        "c:accept:1234:0",
        "c:page::x",  # not a number where one belongs
        "",
        None,
    ],
)
def test_pressed_matches_the_callback_data_filter_it_replaces(data: str | None) -> None:
    query = press(data)
    pairs = [
        (IntakeAction.pressed("cat"), IntakeAction.filter(F.action == "cat")),
        (IntakeAction.pressed("when"), IntakeAction.filter(F.action == "when")),
        (
            ComplaintAction.pressed("accept", "refuse"),
            ComplaintAction.filter(F.action.in_({"accept", "refuse"})),
        ),
        (ComplaintAction.pressed("page"), ComplaintAction.filter(F.action == "page")),
        (StaffAction.pressed("take"), StaffAction.filter(F.action == "take")),
    ]
    for fast, checked in pairs:
        assert run(fast(query)) == run(checked(query))


def test_pressed_needs_action_first() -> None:
    from bot.messages.callbacks import SurveyAnswer

    with pytest.raises(ValueError):
        SurveyAnswer.pressed("x")
    with pytest.raises(ValueError):
        IntakeAction.pressed()


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


def test_command_or_text_lets_menu_texts_and_commands_through() -> None:
    wanted = command_or_text({"راهنما", "Help"})
    assert wanted(message("راهنما")) and wanted(message("Help")) and wanted(message("/x"))
    assert not wanted(message("Help me")) and not wanted(message(None, "a photo"))


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

"""Synchronous filters and handlers run on the event loop's thread, and still decide."""

import threading
from datetime import UTC, datetime

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import Message, Update

from bot.inline_callables import run_inline
from handlers import setup_dispatcher


def _update(text: str) -> Update:
    return Update.model_validate(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(datetime(2026, 12, 1, tzinfo=UTC).timestamp()),
                "chat": {"id": 5, "type": "private"},
                "from": {"id": 5, "is_bot": False, "first_name": "Sara"},
                "text": text,
            },
        }
    )


async def test_magic_and_plain_filters_run_on_the_loop_and_still_choose_the_handler() -> None:
    threads: list[int] = []
    router = Router()

    def seen(message: Message) -> bool:
        threads.append(threading.get_ident())
        return True

    @router.message(F.text == "hello", seen)
    async def greet(message: Message) -> str:
        return "greeted"

    @router.message(F.text.as_("text"))
    def echo(message: Message, text: str) -> str:
        threads.append(threading.get_ident())
        return f"echo {text}"

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    run_inline(dispatcher)
    bot = Bot("123456:TEST")
    try:
        assert await dispatcher.feed_update(bot, _update("hello")) == "greeted"
        assert await dispatcher.feed_update(bot, _update("other")) == "echo other"
    finally:
        await bot.session.close()
    assert threads == [threading.get_ident()] * 2


def test_the_real_dispatcher_has_no_callable_left_for_a_thread() -> None:
    from bot.clock import SystemClock
    from bot.i18n import Translator
    from bot.notifier import Notifier
    from bot.settings import load_settings
    from bot.staff_directory import StaffDirectory
    from storage.fsm_storage import DatabaseStorage

    settings, categories = load_settings(_env_file=None, bot_token="123456:TEST")
    translator = Translator()
    dispatcher = setup_dispatcher(
        storage=DatabaseStorage(lambda: None, SystemClock().now),  # type: ignore[arg-type,return-value]
        translator=translator,
        categories=categories,
        clock=SystemClock(),
        settings=settings,
        notifier=Notifier(translator, categories, settings, forum=False),
        staff_directory=StaffDirectory(Bot("123456:TEST"), settings),
    )
    left = [
        item.callback
        for router in dispatcher.chain_tail
        for observer in router.observers.values()
        for handler in observer.handlers
        for item in (handler, *(handler.filters or ()))
        if not item.awaitable
    ]
    assert left == []

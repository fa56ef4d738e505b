"""Cheap filters for deciding where an update goes. Each handler states all of its own filters
(no router-wide test has to agree with the handlers behind it); aiogram tries them in order
and stops at the first that fails, so the cheapest, most often failing test goes first."""

from collections.abc import Callable, Iterable
from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject
from magic_filter import MagicFilter


class OnLoop(Filter):
    """A synchronous test of the event, run on the event loop: aiogram runs a bare function
    or a magic filter (`F.text`) in a thread, a hop that costs more than the test."""

    __slots__ = ("_test",)

    def __init__(self, test: Callable[[Any], Any]) -> None:
        self._test = test

    async def __call__(self, event: TelegramObject) -> Any:
        return self._test(event)


def on_loop(test: MagicFilter | Callable[[Any], Any]) -> OnLoop:
    """`test` (a function of the event, or a magic filter) as a filter run on the loop."""
    return OnLoop(test.resolve if isinstance(test, MagicFilter) else test)


def in_private(message: Message) -> bool:
    """The message was sent in a private chat."""
    return message.chat.type == "private"


def pressed_in_private(query: CallbackQuery) -> bool:
    """The button is on a message in a private chat."""
    return query.message is not None and query.message.chat.type == "private"


def is_command(message: Message) -> bool:
    """Whether aiogram's Command filter could match: the first word of the text or caption
    starts with "/"."""
    text = message.text or message.caption
    return bool(text) and text.lstrip().startswith("/")


def text_in(texts: Iterable[str]) -> OnLoop:
    """The message's text is one of `texts` (a menu button's label in some language)."""
    known = frozenset(texts)
    return OnLoop(lambda message: message.text in known)


# Put before aiogram's Command, which builds a CommandObject and raises to refuse a text.
a_command = OnLoop(is_command)

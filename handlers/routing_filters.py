"""Cheap filters for deciding where an update goes. aiogram tries an update against one handler's
filters after another, router after router, and most updates are intake steps, which sit
behind the staff desk and the common commands. These filters let a router that cannot take
an update be passed over with one quick test."""

from collections.abc import Callable, Iterable
from typing import Any

from aiogram.filters import Filter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject
from magic_filter import MagicFilter

StateLike = State | type[StatesGroup] | str | None


def state_names(*states: StateLike) -> frozenset[str | None]:
    """The raw state names that `StateFilter(*states)` lets through."""
    if not states:
        raise ValueError("at least one state is required")
    names: set[str | None] = set()
    for state in states:
        if isinstance(state, State):
            names.add(state.state)
        elif isinstance(state, type) and issubclass(state, StatesGroup):
            names.update(state.__all_states_names__)
        else:
            names.add(state)
    if "*" in names:
        raise ValueError("use no state filter at all rather than '*'")
    return frozenset(names)


class InState(Filter):
    """aiogram's StateFilter, with the allowed state names worked out once rather than on
    every check (a State rebuilds its name each time it is asked; a group is instantiated)."""

    __slots__ = ("names",)

    def __init__(self, *states: StateLike) -> None:
        self.names = state_names(*states)

    async def __call__(self, event: TelegramObject, raw_state: str | None = None) -> bool:
        return raw_state in self.names


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


def command_or_text(texts: Iterable[str]) -> Callable[[Message], bool]:
    """A router's first test when each of its handlers wants a command or one of `texts`."""
    known = frozenset(texts)

    def wanted(message: Message) -> bool:
        return is_command(message) or message.text in known

    return wanted

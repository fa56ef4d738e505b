"""The steps of a dialogue, found by table instead of tried in turn.

Registered as aiogram handlers, the intake's fifteen buttons and ten kinds of message were
tried one after another, a filter call or two each, before the step that wanted the update:
four on average, eight for a confirm. Here the intake hands all of them to one aiogram
handler each for buttons and messages, which picks the step by the button's action or the
dialogue's state."""

from collections.abc import Awaitable, Callable

from aiogram.types import Message

from handlers.routing_filters import StateLike, state_names

Step = Callable[..., Awaitable[None]]


class StepTable:
    def __init__(self) -> None:
        self._presses: dict[str, list[tuple[frozenset[str | None], Step]]] = {}
        self._messages: dict[str | None, list[tuple[Callable[[Message], bool], Step]]] = {}

    def press(self, action: str, *states: StateLike) -> Callable[[Step], Step]:
        """Handle the button `action` while the dialogue is in one of `states`."""
        names = state_names(*states)

        def register(step: Step) -> Step:
            self._presses.setdefault(action, []).append((names, step))
            return step

        return register

    def message(
        self, state: StateLike, accepts: Callable[[Message], bool] | None = None
    ) -> Callable[[Step], Step]:
        """Handle a message in `state` (one that `accepts` takes, when given); the first
        registered that takes it wins, as with aiogram's own handlers."""
        (name,) = state_names(state)

        def register(step: Step) -> Step:
            self._messages.setdefault(name, []).append((accepts or _anything, step))
            return step

        return register

    def for_press(self, action: str, state: str | None) -> Step | None:
        """The step that takes this button now, if any."""
        for names, step in self._presses.get(action, ()):
            if state in names:
                return step
        return None

    def for_message(self, state: str | None, message: Message) -> Step | None:
        """The step that takes this message now, if any."""
        for accepts, step in self._messages.get(state, ()):
            if accepts(message):
                return step
        return None


def _anything(message: Message) -> bool:
    return True


def has_text(message: Message) -> bool:
    """The message is text (what `F.text` lets through)."""
    return bool(message.text)


def has_contact(message: Message) -> bool:
    """The message is a shared contact (what `F.contact` lets through)."""
    return message.contact is not None

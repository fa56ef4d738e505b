"""What an update's handlers decided to say; it reaches the outbox with the update's commit."""

from dataclasses import dataclass, field
from typing import Any

from aiogram.methods import TelegramMethod


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A call, the name its result will be known by, and refs to fill in when it is sent."""

    call: TelegramMethod[Any]
    ref: str | None = None
    resolve: dict[str, str] = field(default_factory=dict)
    topic: dict[str, str] | None = None
    upload: dict[str, str] | None = None
    about: dict[str, Any] | None = None
    ephemeral: bool = False


class Replies:
    """Collects Bot API calls instead of sending them, so a crash cannot split words from deeds."""

    def __init__(self) -> None:
        self.items: list[Outgoing] = []

    def add(self, *calls: TelegramMethod[Any]) -> None:
        """Queue calls to go out, in this order, once the update commits."""
        self.items.extend(Outgoing(call) for call in calls)

    def track(
        self,
        call: TelegramMethod[Any],
        *,
        ref: str | None = None,
        resolve: dict[str, str] | None = None,
        topic: dict[str, str] | None = None,
        upload: dict[str, str] | None = None,
        about: dict[str, Any] | None = None,
        ephemeral: bool = False,
    ) -> None:
        """Queue a call whose result is remembered as `ref`, or that needs `resolve`d ids
        (e.g. the card's message id) filled in from earlier results when it is sent, or a
        small file (`upload`: field, filename, base64 data) attached when it is sent, or what it
        is `about` (its complaint, whose words it carries) for when it cannot be delivered.
        An `ephemeral` call's row is deleted once sent or given up, rather than kept: it
        goes to someone who asked to be forgotten, or carries all their data."""
        self.items.append(Outgoing(call, ref, resolve or {}, topic, upload, about, ephemeral))

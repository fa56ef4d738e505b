"""What an update's handlers decided to say; it reaches the outbox with the update's commit."""

from typing import Any

from aiogram.methods import TelegramMethod


class Replies:
    """Collects Bot API calls instead of sending them, so a crash cannot split words from deeds."""

    def __init__(self) -> None:
        self.calls: list[TelegramMethod[Any]] = []

    def add(self, *calls: TelegramMethod[Any]) -> None:
        """Queue calls to go out, in this order, once the update commits."""
        self.calls.extend(calls)

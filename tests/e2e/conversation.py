"""A person talking to the bot through the fake Telegram: send, tap, read the replies."""

import html
import re
from typing import Any

from bot.messages.i18n import Translator
from tests.e2e.harness import RunningBot

TRANSLATOR = Translator()
Message = dict[str, Any]


class Person:
    def __init__(
        self, bot: RunningBot, user_id: int, lang: str = "en", name: str = "Sara Ahmadi"
    ) -> None:
        self.bot = bot
        self.id = user_id
        self.lang = lang
        first, _, last = name.partition(" ")
        self.user = bot.fake.user(user_id, first, language_code=lang)
        if last:
            self.user["last_name"] = last
        self.replies: list[Message] = []

    def t(self, key: str, **args: object) -> str:
        """A locale string as this person sees it: Telegram shows HTML as plain text."""
        return plain(TRANSLATOR(self.lang, key, **args))

    async def _collect(self) -> list[Message]:
        await self.bot.settle()
        new = self.bot.fake.drain(self.id)
        self.replies.extend(new)
        return new

    async def send(self, text: str) -> list[Message]:
        """Type a message; returns the bot's replies."""
        self.bot.fake.send_text(self.user, text)
        return await self._collect()

    async def send_photo(
        self, caption: str | None = None, album: str | None = None
    ) -> list[Message]:
        self.bot.fake.send_photo(self.user, caption=caption, media_group_id=album)
        return await self._collect()

    async def send_contact(self, phone: str, owner: int | None = None) -> list[Message]:
        self.bot.fake.send_contact(self.user, phone, self.id if owner is None else owner)
        return await self._collect()

    async def send_sticker(self) -> list[Message]:
        self.bot.fake.send_sticker(self.user)
        return await self._collect()

    async def send_location(self) -> list[Message]:
        self.bot.fake.send_location(self.user, 35.7, 51.4)
        return await self._collect()

    async def tap(
        self, key_or_text: str, message: Message | None = None, **args: object
    ) -> list[Message]:
        """Press an inline button by locale key (or literal text) on the newest message with it."""
        text = self._label(key_or_text, **args)
        target = message or self.with_button(text)
        self.bot.fake.press_button(self.user, target, text)
        return await self._collect()

    async def press(self, message: Message, data: str) -> tuple[int, list[Message]]:
        """Press with raw callback data (an old or forged button)."""
        update_id = self.bot.fake.press(self.user, message, data)
        return update_id, await self._collect()

    def with_button(self, text: str) -> Message:
        """The newest message whose current keyboard has this button."""
        current = self.bot.fake.sent(self.id)
        for message in reversed(current):
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                if any(button["text"] == text for button in row):
                    return message
        raise AssertionError(f"no message with a {text!r} button; last: {self.last_text()!r}")

    def last_text(self) -> str:
        sent = self.bot.fake.sent(self.id)
        return sent[-1].get("text", "") if sent else ""

    def _label(self, key_or_text: str, **args: object) -> str:
        if key_or_text in TRANSLATOR.keys[self.lang]:
            return self.t(key_or_text, **args)
        return key_or_text


def plain(text: str) -> str:
    """What Telegram displays of an HTML-formatted text."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def texts(messages: list[Message]) -> str:
    """All reply texts joined, for `in` checks."""
    return "\n".join(m.get("text") or m.get("caption") or "" for m in messages)


def buttons(message: Message) -> list[str]:
    """The labels of a message's inline buttons."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]

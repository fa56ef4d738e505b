"""A fake Telegram Bot API over real HTTP, so the real aiogram stack runs unmodified in tests."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count, islice
from types import TracebackType
from typing import Any, Self, TypeVar

from aiohttp import web

from .telegram_objects import (
    CAPTION_LIMIT,
    CHAT_ACTIONS,
    CONTENT_KEYS,
    DEFAULT_TOPIC_COLOR,
    MEDIA_KINDS,
    MEMBER_STATUSES,
    NOT_MODIFIED,
    TEXT_LIMIT,
    ApiError,
    TgObject,
    bad_request,
    chat_full_info,
    chat_member,
    check_inline_markup,
    command_entities,
    format_text,
    group_chat,
    inline_buttons,
    make_bot_user,
    make_user,
    media_object,
    photo_sizes,
    private_chat,
    strip_reply,
)

Params = dict[str, Any]
UserLike = TgObject | int
ChatLike = TgObject | int
T = TypeVar("T")

CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
BAD_FILE = "wrong file identifier/HTTP URL specified"
OLD_QUERY = "query is too old and response timeout expired or query ID is invalid"

_STRING_FIELDS = frozenset(
    (
        "text caption parse_mode title name description short_description callback_query_id url "
        "secret_token emoji icon_custom_emoji_id business_connection_id message_effect_id "
        "inline_message_id file_id language_code action question phone_number first_name "
        "last_name vcard address custom_emoji_id ip_address payload currency provider_token "
        "sticker_set_name invite_link thumbnail certificate"
    ).split()
).union(MEDIA_KINDS)
_JSON_START = frozenset('{["-0123456789tfn')
_TOKEN_RE = re.compile(r"^\d+:[\w-]+$")
_COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_NAMED_FILES = frozenset({"document", "audio", "video", "animation"})
_MAX_UPLOAD = 64 * 1024 * 1024


@dataclass(slots=True)
class Upload:
    """A multipart file part, kept so tests can check what the bot uploaded."""

    filename: str | None
    content_type: str | None
    data: bytes


Files = dict[str, Upload]


@dataclass(slots=True)
class RecordedRequest:
    """One Bot API call as the fake answered it, with JSON-encoded form fields decoded."""

    method: str
    params: Params
    at: float
    failed: bool = False
    error_code: int | None = None
    description: str | None = None
    result: Any = None
    files: Files = field(default_factory=dict)
    index: int = -1


@dataclass(slots=True)
class StoredFile:
    """A file Telegram would hold, so file_ids can be re-sent, fetched and downloaded."""

    file_id: str
    file_unique_id: str
    kind: str
    media: Any
    data: bytes
    file_path: str


@dataclass(slots=True)
class Topic:
    """A forum topic's mutable state, needed for not-modified and deleted-thread errors."""

    name: str
    icon_color: int
    icon_custom_emoji_id: str | None = None
    closed: bool = False


@dataclass(slots=True)
class _Fault:
    method: str | None
    times: int
    error_code: int
    description: str
    retry_after: int | None
    chat_id: int | None


Handler = Callable[[TgObject, Params, Files], Any]


class FakeBotAPI:
    """Serves the Bot API methods Dadres uses, with Telegram's semantics and error texts."""

    def __init__(
        self,
        token: str = "123456:TEST",
        *,
        max_poll_wait: float = 1.0,
        terminate_older_poll: bool = False,
    ) -> None:
        self.token = token
        self.bot = make_bot_user(token)
        self.max_poll_wait = max_poll_wait
        self.terminate_older_poll = terminate_older_poll
        self.base_url = ""
        self.users: dict[int, TgObject] = {}
        self.chats: dict[int, TgObject] = {}
        self.members: dict[int, dict[int, str]] = {}
        self.left_while_restricted: set[tuple[int, int]] = set()
        self.messages: dict[int, dict[int, TgObject]] = {}
        self.deleted: dict[int, dict[int, TgObject]] = {}
        self.topics: dict[int, dict[int, Topic]] = {}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[TgObject]] = {}
        self.menu_buttons: dict[int | None, TgObject] = {}
        self.reply_keyboards: dict[int, TgObject] = {}
        self.callback_answers: dict[str, Params] = {}
        self.blocked: set[int] = set()
        self.webhook_url = ""
        self.webhook_error: tuple[int, str] | None = None
        self.accept_any_token = True
        self.member_rights: dict[tuple[int, int], dict[str, bool]] = {}
        self.requests: list[RecordedRequest] = []
        self.internal_errors: list[Exception] = []
        self.confirmed_offset = 0
        self._bots: dict[str, TgObject] = {token: self.bot}
        self._update_ids = count(1)
        self._seq = count(1)
        self._history: dict[int, TgObject] = {}
        self._pending: deque[TgObject] = deque()
        self._redeliver: deque[TgObject] = deque()
        self._last_message_id: dict[int, int] = {}
        self._sent: dict[int, list[int]] = {}
        self._cursors: dict[int, int] = {}
        self._faults: list[_Fault] = []
        self._delays: dict[str, float] = {}
        self._queries: dict[str, int] = {}
        self._query_of_update: dict[int, str] = {}
        self._paths: dict[str, StoredFile] = {}
        self._deleted_topics: set[tuple[int, int]] = set()
        self._changed: asyncio.Event | None = None
        self._new_update: asyncio.Event | None = None
        self._poller: web.Request | None = None
        self._poll_generation = 0
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._methods: dict[str, tuple[str, Handler | None]] = {
            name.lower(): (name, handler) for name, handler in self._handlers().items()
        }

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Binds a real socket so aiogram's AiohttpSession talks to the fake unchanged."""
        if self._runner is not None:
            raise RuntimeError("FakeBotAPI is already running")
        app = web.Application(client_max_size=_MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        self._runner, self._stopping = runner, False
        bound_port = runner.addresses[0][1]
        self.base_url = (
            f"http://[{host}]:{bound_port}" if ":" in host else f"http://{host}:{bound_port}"
        )
        return self.base_url

    async def stop(self) -> None:
        """Releases the socket and ends any long poll at once instead of after its timeout."""
        if self._runner is None:
            return
        self._stopping = True
        self._wake_pollers()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        language_code: str | None = "en",
        username: str | None = None,
    ) -> TgObject:
        """Registers a user and their private chat, which the bot may then message."""
        user = make_user(user_id, first_name, language_code, username)
        self.users[user_id] = user
        self.chats[user_id] = private_chat(user)
        return user

    def group(
        self, chat_id: int, title: str, is_forum: bool = False, username: str | None = None
    ) -> TgObject:
        """Registers a group or forum supergroup the bot is a member of; a username makes
        it public, as getChat then reports."""
        chat = group_chat(chat_id, title, is_forum, username)
        self.chats[chat_id] = chat
        return chat

    def set_member(
        self, chat_id: int, user_id: int, status: str = "member", *, is_member: bool = True
    ) -> None:
        """Sets what getChatMember reports; for the bot's own id it also gates sending.
        `is_member=False` with "restricted" is a restricted user who is no longer in the chat."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unsupported member status {status!r}")
        if user_id != self.bot["id"] and user_id not in self.users:
            self.user(user_id)
        self.members.setdefault(chat_id, {})[user_id] = status
        if status == "restricted" and not is_member:
            self.left_while_restricted.add((chat_id, user_id))
        else:
            self.left_while_restricted.discard((chat_id, user_id))

    def set_rights(self, chat_id: int, user_id: int, **rights: bool) -> None:
        """Overrides an administrator's rights as getChatMember reports them, e.g.
        `can_manage_topics=False`."""
        self.member_rights.setdefault((chat_id, user_id), {}).update(rights)

    def fail_webhook(self, message: str, at: int | None = None) -> None:
        """Makes getWebhookInfo report a failed delivery to the webhook (while one is set)."""
        self.webhook_error = (at or int(time.time()), message)

    def create_topic(self, chat_id: int, name: str, icon_color: int = DEFAULT_TOPIC_COLOR) -> int:
        """Creates a forum topic from the test side, with Telegram's service message."""
        topic = self._create_topic(self.chats[chat_id], name, icon_color, None)
        return int(topic["message_thread_id"])

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """Deletes a topic and its messages, as when an admin removes it in the app."""
        self.topics.get(chat_id, {}).pop(thread_id, None)
        self._deleted_topics.add((chat_id, thread_id))
        chat_messages = self.messages.get(chat_id, {})
        for message_id in [
            mid for mid, msg in chat_messages.items() if msg.get("message_thread_id") == thread_id
        ]:
            self.deleted.setdefault(chat_id, {})[message_id] = chat_messages.pop(message_id)

    def block(self, chat_id: int) -> None:
        """Makes every send to the chat fail like a user who blocked the bot."""
        self.blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """Undoes block(), as when the user restarts the bot."""
        self.blocked.discard(chat_id)

    def add_fault(
        self,
        method: str | None,
        *,
        times: int = 1,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Fails the next matching calls; method=None matches every method except getUpdates."""
        self._faults.append(_Fault(method, times, error_code, description, retry_after, chat_id))

    def fail_with_429(
        self, times: int = 1, retry_after: int = 1, method: str | None = None
    ) -> None:
        """Simulates flood control, which aiogram surfaces as TelegramRetryAfter."""
        description = f"Too Many Requests: retry after {retry_after}"
        self.add_fault(
            method, times=times, error_code=429, description=description, retry_after=retry_after
        )

    def clear_faults(self) -> None:
        """Drops faults a test no longer wants to hit."""
        self._faults.clear()

    def delay(self, method: str, seconds: float) -> None:
        """Adds latency to one method; zero removes it."""
        if seconds > 0:
            self._delays[method.lower()] = seconds
        else:
            self._delays.pop(method.lower(), None)

    def inject(self, update: TgObject) -> int:
        """Queues a raw update under the next update_id and wakes a waiting long poll."""
        update_id = next(self._update_ids)
        queued = {"update_id": update_id, **{k: v for k, v in update.items() if k != "update_id"}}
        self._history[update_id] = queued
        self._pending.append(queued)
        self._wake_pollers()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Delivers an update again with the same id, as Telegram does after a lost confirm."""
        self._redeliver.append(self._history[update_id])
        self._wake_pollers()

    def update(self, update_id: int) -> TgObject:
        """Returns an injected update, e.g. to read the message a send_* helper built."""
        return self._history[update_id]

    def pending_count(self) -> int:
        """Counts updates the bot has not confirmed yet, like pending_update_count."""
        return len(self._pending) + len(self._redeliver)

    @property
    def is_polling(self) -> bool:
        """Tells whether a getUpdates long poll is currently waiting."""
        return self._poller is not None

    async def wait_confirmed(self, update_id: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Waits until the bot's offset has moved past update_id."""
        if await self._until(lambda: self.confirmed_offset > update_id or None, timeout) is None:
            raise TimeoutError(
                f"update {update_id} not confirmed within {timeout}s; "
                f"confirmed_offset={self.confirmed_offset}, pending={self.pending_count()}"
            )

    def send_text(
        self,
        user: UserLike,
        text: str,
        chat: ChatLike | None = None,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a text message; /commands get the bot_command entity clients add."""
        content: TgObject = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        return self._user_message(user, content, chat, reply_to_message_id, message_thread_id)

    def send_photo(
        self,
        user: UserLike,
        file_id: str | None = None,
        caption: str | None = None,
        media_group_id: str | None = None,
        chat: ChatLike | None = None,
        *,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a photo message (thumbnail plus full size) with a re-sendable file_id."""
        stored = self._user_file("photo", file_id)
        content = {"photo": stored.media, **_caption_of(caption)}
        return self._user_message(
            user, content, chat, reply_to_message_id, message_thread_id, media_group_id
        )

    def send_document(
        self,
        user: UserLike,
        file_id: str | None = None,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        media_group_id: str | None = None,
        chat: ChatLike | None = None,
        *,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a document message."""
        stored = self._user_file("document", file_id, file_name=file_name, mime_type=mime_type)
        content = {"document": stored.media, **_caption_of(caption)}
        return self._user_message(
            user, content, chat, reply_to_message_id, message_thread_id, media_group_id
        )

    def send_voice(
        self,
        user: UserLike,
        file_id: str | None = None,
        duration: int = 3,
        caption: str | None = None,
        chat: ChatLike | None = None,
        *,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a voice note."""
        stored = self._user_file("voice", file_id, duration=duration)
        content = {"voice": stored.media, **_caption_of(caption)}
        return self._user_message(user, content, chat, reply_to_message_id, message_thread_id)

    def send_video(
        self,
        user: UserLike,
        file_id: str | None = None,
        duration: int = 5,
        caption: str | None = None,
        media_group_id: str | None = None,
        chat: ChatLike | None = None,
        *,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a video message."""
        stored = self._user_file("video", file_id, duration=duration)
        content = {"video": stored.media, **_caption_of(caption)}
        return self._user_message(
            user, content, chat, reply_to_message_id, message_thread_id, media_group_id
        )

    def send_sticker(
        self,
        user: UserLike,
        file_id: str | None = None,
        emoji: str = "🙂",
        chat: ChatLike | None = None,
        *,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a sticker, which complaint flows usually have to reject politely."""
        stored = self._user_file("sticker", file_id, emoji=emoji)
        content = {"sticker": stored.media}
        return self._user_message(user, content, chat, reply_to_message_id, message_thread_id)

    def send_location(
        self,
        user: UserLike,
        latitude: float,
        longitude: float,
        chat: ChatLike | None = None,
        *,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a location message."""
        content = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._user_message(user, content, chat, reply_to_message_id, message_thread_id)

    def send_poll(
        self,
        user: UserLike,
        question: str,
        options: list[str],
        chat: ChatLike | None = None,
        *,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a poll a user forwarded or created."""
        poll = {
            "id": str(5_000_000_000 + next(self._seq)),
            "question": question,
            "options": [
                {"persistent_id": str(i), "text": text, "voter_count": 0}
                for i, text in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
        return self._user_message(
            user, {"poll": poll}, chat, reply_to_message_id, message_thread_id
        )

    def send_contact(
        self,
        user: UserLike,
        phone_number: str,
        contact_user_id: int | None = None,
        chat: ChatLike | None = None,
        *,
        first_name: str | None = None,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a shared contact; by default the user's own, as request_contact sends."""
        sender = self._as_user(user)
        contact = {
            "phone_number": phone_number,
            "first_name": first_name or sender["first_name"],
            "user_id": sender["id"] if contact_user_id is None else contact_user_id,
        }
        return self._user_message(
            sender, {"contact": contact}, chat, reply_to_message_id, message_thread_id
        )

    def send_service(
        self,
        user: UserLike,
        content: TgObject,
        chat: ChatLike,
        *,
        message_thread_id: int | None = None,
    ) -> int:
        """Injects a service message a user's action caused in a group (a pin, a topic's new
        name), e.g. `{"pinned_message": message}` or `{"forum_topic_edited": {"name": …}}`."""
        pinned = content.get("pinned_message")
        if isinstance(pinned, dict):
            content = {**content, "pinned_message": strip_reply(pinned)}
        return self._user_message(user, content, chat, None, message_thread_id)

    def edit_user_message(self, message: TgObject, text: str) -> int:
        """Injects an edited_message update for a text the user sent earlier."""
        current = self._current_or_fail(message)
        edited = {**current, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        if entities := command_entities(text):
            edited["entities"] = entities
        self._store(edited)
        return self.inject({"edited_message": edited})

    def press(self, user: UserLike, message: TgObject, callback_data: str) -> int:
        """Injects a callback_query carrying the message as the fake currently stores it."""
        current = self._current_or_fail(message)
        query_id = str(7_000_000_000_000 + next(self._seq))
        query = {
            "id": query_id,
            "from": self._as_user(user),
            "message": current,
            "chat_instance": str(abs(current["chat"]["id"]) * 31 + 7),
            "data": callback_data,
        }
        update_id = self.inject({"callback_query": query})
        self._queries[query_id] = update_id
        self._query_of_update[update_id] = query_id
        return update_id

    def press_button(self, user: UserLike, message: TgObject, text: str) -> int:
        """Presses the inline button labelled text in the message's current keyboard."""
        current = self._current_or_fail(message)
        rows = inline_buttons(current)
        for button in (button for row in rows for button in row):
            if button["text"] == text:
                if "callback_data" not in button:
                    raise AssertionError(f"button {text!r} has no callback_data: {button}")
                return self.press(user, current, button["callback_data"])
        labels = [[button["text"] for button in row] for row in rows]
        raise AssertionError(
            f"no inline button {text!r} in message {current['message_id']} of chat "
            f"{current['chat']['id']}; buttons: {labels}"
        )

    def callback_answer(self, update_id: int) -> Params | None:
        """Returns the answerCallbackQuery params the bot sent for a press, if any."""
        return self.callback_answers.get(self._query_of_update.get(update_id, ""))

    def my_chat_member(
        self,
        chat: ChatLike,
        from_user: UserLike,
        new_status: str = "member",
        old_status: str = "left",
    ) -> int:
        """Injects the update Telegram sends when someone adds, promotes or removes the bot."""
        target = self._as_chat(chat)
        self.members.setdefault(target["id"], {})[self.bot["id"]] = new_status
        change = {
            "chat": target,
            "from": self._as_user(from_user),
            "date": int(time.time()),
            "old_chat_member": chat_member(self.bot, old_status),
            "new_chat_member": chat_member(self.bot, new_status),
        }
        return self.inject({"my_chat_member": change})

    def my_commands(
        self, scope: TgObject | None = None, language_code: str | None = None
    ) -> list[TgObject]:
        """Returns the command list the bot registered for a scope and language."""
        return self.commands.get(_commands_key(scope, language_code), [])

    def calls(
        self, method: str | None = None, chat_id: int | None = None
    ) -> list[RecordedRequest]:
        """Filters recorded calls, failed ones included, by method name and chat."""
        wanted = method.lower() if method else None
        return [
            request
            for request in self.requests
            if (wanted is None or request.method.lower() == wanted)
            and (chat_id is None or _int_or_none(request.params.get("chat_id")) == chat_id)
        ]

    def sent(self, chat_id: int) -> list[TgObject]:
        """Returns the bot's messages to a chat in order, each in its current (edited) state."""
        return [self._latest(chat_id, mid) for mid in self._sent.get(chat_id, [])]

    async def next_message(self, chat_id: int, timeout: float = 5.0) -> TgObject:  # noqa: ASYNC109
        """Returns the next bot message to the chat this cursor has not returned yet."""

        def advance() -> TgObject | None:
            sent = self._sent.get(chat_id, [])
            position = self._cursors.get(chat_id, 0)
            if position >= len(sent):
                return None
            self._cursors[chat_id] = position + 1
            return self._latest(chat_id, sent[position])

        found = await self._until(advance, timeout)
        if found is None:
            raise TimeoutError(self._explain_silence(chat_id, timeout))
        return found

    def drain(self, chat_id: int) -> list[TgObject]:
        """Skips the cursor to the end, returning the messages it skipped."""
        sent = self._sent.get(chat_id, [])
        skipped = [self._latest(chat_id, mid) for mid in sent[self._cursors.get(chat_id, 0) :]]
        self._cursors[chat_id] = len(sent)
        return skipped

    async def wait_for(
        self,
        predicate: Callable[[RecordedRequest], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
        since: int = 0,
    ) -> RecordedRequest:
        """Returns the first recorded call from index since on that matches, waiting for it."""
        position = since

        def scan() -> RecordedRequest | None:
            nonlocal position
            while position < len(self.requests):
                request = self.requests[position]
                position += 1
                if predicate(request):
                    return request
            return None

        found = await self._until(scan, timeout)
        if found is None:
            recent = [
                f"{r.method}{' FAILED ' + str(r.error_code) if r.failed else ''}"
                for r in self.requests[-15:]
            ]
            raise TimeoutError(f"no matching request within {timeout}s; last calls: {recent}")
        return found

    def reset_recording(self) -> None:
        """Forgets recorded calls and sent-message cursors but keeps chats and messages."""
        self.requests.clear()
        self._sent.clear()
        self._cursors.clear()

    def _handlers(self) -> dict[str, Handler | None]:
        media = {_send_method(kind): self._sender(kind) for kind in MEDIA_KINDS}
        return {
            "getUpdates": None,
            "getMe": lambda bot, p, f: bot,
            "logOut": _true,
            "close": _true,
            "sendMessage": self._send_message,
            **media,
            "sendMediaGroup": self._send_media_group,
            "sendChatAction": self._send_chat_action,
            "copyMessage": self._copy_message,
            "forwardMessage": self._forward_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getMyCommands": lambda bot, p, f: self.my_commands(
                p.get("scope"), p.get("language_code")
            ),
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "getChat": lambda bot, p, f: chat_full_info(self._chat_of(p.get("chat_id"))),
            "getChatMember": self._get_chat_member,
            "createForumTopic": self._create_forum_topic,
            "editForumTopic": self._edit_forum_topic,
            "closeForumTopic": lambda bot, p, f: self._set_topic_closed(bot, p, closed=True),
            "reopenForumTopic": lambda bot, p, f: self._set_topic_closed(bot, p, closed=False),
            "deleteForumTopic": self._delete_forum_topic,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "getFile": self._get_file,
        }

    async def _handle(self, request: web.Request) -> web.Response:
        at = time.monotonic()
        name = request.match_info["method"]
        params, files = await _read_params(request)
        record = RecordedRequest(name, params, at, files=files)
        entry = self._methods.get(name.lower())
        if entry is None:
            return self._respond(record, error=ApiError(404, "Not Found: method not found"))
        record.method, handler = entry
        try:
            bot = self._bot_for(request.match_info["token"])
            if self._delays and (pause := self._delays.get(record.method.lower())):
                await asyncio.sleep(pause)
            if self._faults:
                self._apply_faults(record.method, params)
            if handler is None:
                result = await self._get_updates(request, params)
            else:
                result = handler(bot, params, files)
        except ApiError as error:
            return self._respond(record, error=error)
        except Exception as exc:
            self.internal_errors.append(exc)
            detail = f"Internal Server Error: FakeBotAPI failed in {record.method}: {exc!r}"
            return self._respond(record, error=ApiError(500, detail))
        return self._respond(record, result)

    def _respond(
        self, record: RecordedRequest, result: Any = None, error: ApiError | None = None
    ) -> web.Response:
        if error is None:
            body: TgObject = {"ok": True, "result": result}
            record.result, status = result, 200
        else:
            body = {"ok": False, "error_code": error.error_code, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            record.failed, record.error_code = True, error.error_code
            record.description, status = error.description, error.error_code
        record.index = len(self.requests)
        self.requests.append(record)
        self._notify()
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return web.Response(body=payload, status=status, content_type="application/json")

    async def _download(self, request: web.Request) -> web.Response:
        stored = self._paths.get(request.match_info["path"])
        if stored is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.data, content_type="application/octet-stream")

    def _bot_for(self, token: str) -> TgObject:
        bot = self._bots.get(token)
        if bot is None:
            if not _TOKEN_RE.match(token) or not self.accept_any_token:
                raise ApiError(401, "Unauthorized")
            bot = self._bots[token] = make_bot_user(token)
        return bot

    def _apply_faults(self, method: str, params: Params) -> None:
        for fault in self._faults:
            if fault.method is None and method == "getUpdates":
                continue
            if fault.method is not None and fault.method.lower() != method.lower():
                continue
            if fault.chat_id is not None and _int_or_none(params.get("chat_id")) != fault.chat_id:
                continue
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
            raise ApiError(fault.error_code, fault.description, fault.retry_after)

    async def _get_updates(self, request: web.Request, params: Params) -> list[TgObject]:
        if self.webhook_url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        if self._poller is not None:
            transport = self._poller.transport
            alive = transport is not None and not transport.is_closing()
            if alive and not self.terminate_older_poll:
                raise ApiError(409, CONFLICT)
            self._poll_generation += 1
            self._poller = None
            self._wake_pollers()
        self._confirm(params.get("offset"))
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        batch = self._take(limit)
        wait = min(float(params.get("timeout") or 0), self.max_poll_wait)
        if batch or wait <= 0 or self._stopping:
            return batch
        generation, self._poller = self._poll_generation, request
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        try:
            while not batch and not self._stopping and (remaining := deadline - loop.time()) > 0:
                if self._new_update is None:
                    self._new_update = asyncio.Event()
                try:
                    async with asyncio.timeout(remaining):
                        await self._new_update.wait()
                except TimeoutError:
                    break
                if generation != self._poll_generation:
                    raise ApiError(409, CONFLICT)
                batch = self._take(limit)
        finally:
            if generation == self._poll_generation:
                self._poller = None
        return batch

    def _confirm(self, offset: Any) -> None:
        if offset is None:
            return
        offset = int(offset)
        pending = self._pending
        if offset < 0:
            while len(pending) > -offset:
                pending.popleft()
            return
        while pending and pending[0]["update_id"] < offset:
            pending.popleft()
        if offset > self.confirmed_offset:
            self.confirmed_offset = offset
            self._notify()

    def _take(self, limit: int) -> list[TgObject]:
        batch: list[TgObject] = []
        while self._redeliver and len(batch) < limit:
            batch.append(self._redeliver.popleft())
        batch.extend(islice(self._pending, limit - len(batch)))
        return batch

    def _wake_pollers(self) -> None:
        if self._new_update is not None:
            self._new_update.set()
            self._new_update = None

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    async def _until(self, check: Callable[[], T | None], seconds: float) -> T | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (found := check()) is None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            if self._changed is None:
                self._changed = asyncio.Event()
            try:
                async with asyncio.timeout(remaining):
                    await self._changed.wait()
            except TimeoutError:
                return check()
        return found

    def _explain_silence(self, chat_id: int, timeout: float) -> str:
        sent = [_describe(message) for message in self.sent(chat_id)]
        seen = self._cursors.get(chat_id, 0)
        failures = [
            f"{r.method} {r.error_code} {r.description}"
            for r in self.calls(chat_id=chat_id)
            if r.failed
        ]
        return (
            f"no new bot message to chat {chat_id} within {timeout}s; "
            f"already returned {seen} of {len(sent)} sent: {sent}; failed calls: {failures}"
        )

    def _as_user(self, user: UserLike) -> TgObject:
        if isinstance(user, dict):
            if user["id"] not in self.users:
                self.users[user["id"]] = user
                self.chats.setdefault(user["id"], private_chat(user))
            return user
        if user not in self.users:
            raise AssertionError(f"unknown user {user}; create it with api.user({user})")
        return self.users[user]

    def _as_chat(self, chat: ChatLike) -> TgObject:
        chat_id = chat["id"] if isinstance(chat, dict) else chat
        if chat_id not in self.chats:
            if not isinstance(chat, dict):
                raise AssertionError(f"unknown chat {chat}; create it with api.user/api.group")
            self.chats[chat_id] = chat
        return self.chats[chat_id]

    def _current_or_fail(self, message: TgObject) -> TgObject:
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        current = self.messages.get(chat_id, {}).get(message_id)
        if current is None:
            raise AssertionError(f"message {message_id} in chat {chat_id} no longer exists")
        return current

    def _latest(self, chat_id: int, message_id: int) -> TgObject:
        current = self.messages.get(chat_id, {}).get(message_id)
        return current if current is not None else self.deleted[chat_id][message_id]

    def _next_message_id(self, chat_id: int) -> int:
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    def _store(self, message: TgObject) -> None:
        self.messages.setdefault(message["chat"]["id"], {})[message["message_id"]] = message

    def _user_file(self, kind: str, file_id: str | None, **meta: Any) -> StoredFile:
        if file_id is not None and file_id in self.files:
            if self.files[file_id].kind != kind:
                raise ValueError(f"{file_id!r} is a {self.files[file_id].kind}, not a {kind}")
            return self.files[file_id]
        return self._register_file(kind, b"", file_id=file_id, **meta)

    def _register_file(
        self,
        kind: str,
        data: bytes,
        *,
        file_id: str | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
        **meta: Any,
    ) -> StoredFile:
        number = next(self._seq)
        file_id = file_id or f"AgAC{kind[:3].upper()}{number:08d}fake"
        unique_id = f"AQAD{number:08d}"
        if kind == "photo":
            media: Any = photo_sizes(file_id, unique_id, size=len(data))
            ids = [size["file_id"] for size in media]
        else:
            name = file_name if kind in _NAMED_FILES else None
            size = len(data) or None
            media = media_object(
                kind,
                file_id,
                unique_id,
                file_name=name,
                mime_type=mime_type,
                file_size=size,
                **meta,
            )
            ids = [file_id]
        path = f"{kind}s/file_{number}"
        stored = StoredFile(
            file_id, unique_id, kind, media, data or f"fake:{file_id}".encode(), path
        )
        for key in ids:
            self.files[key] = stored
        self._paths[path] = stored
        return stored

    def _user_message(
        self,
        user: UserLike,
        content: TgObject,
        chat: ChatLike | None,
        reply_to_message_id: int | None,
        message_thread_id: int | None,
        media_group_id: str | None = None,
    ) -> int:
        sender = self._as_user(user)
        target = self.chats[sender["id"]] if chat is None else self._as_chat(chat)
        chat_id = target["id"]
        if message_thread_id is not None and target.get("is_forum"):
            if (chat_id, message_thread_id) in self._deleted_topics:
                raise AssertionError(f"topic {message_thread_id} of chat {chat_id} was deleted")
            if message_thread_id not in self.topics.get(chat_id, {}):
                topic = Topic(f"Topic {message_thread_id}", DEFAULT_TOPIC_COLOR)
                self.topics.setdefault(chat_id, {})[message_thread_id] = topic
        reply = self._reply_for(target, reply_to_message_id, message_thread_id)
        if reply_to_message_id is not None and reply is None:
            raise AssertionError(f"message {reply_to_message_id} not found in chat {chat_id}")
        message = self._new_message(target, sender, message_thread_id, reply, media_group_id)
        message |= content
        self._store(message)
        return self.inject({"message": message})

    def _new_message(
        self,
        chat: TgObject,
        sender: TgObject,
        thread_id: int | None,
        reply: TgObject | None,
        media_group_id: str | None,
    ) -> TgObject:
        message: TgObject = {
            "message_id": self._next_message_id(chat["id"]),
            "from": sender,
            "chat": chat,
            "date": int(time.time()),
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                message["is_topic_message"] = True
        if reply is not None:
            message["reply_to_message"] = reply
        if media_group_id is not None:
            message["media_group_id"] = media_group_id
        return message

    def _reply_for(
        self, chat: TgObject, reply_id: int | None, thread_id: int | None
    ) -> TgObject | None:
        chat_messages = self.messages.get(chat["id"], {})
        if reply_id is not None:
            target = chat_messages.get(reply_id)
            return strip_reply(target) if target is not None else None
        if thread_id is not None and chat.get("is_forum"):
            service = chat_messages.get(thread_id)
            if service is not None and "forum_topic_created" in service:
                return strip_reply(service)
        return None

    def _chat_of(self, value: Any) -> TgObject:
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, str) and value.startswith("@"):
            username = value[1:].lower()
            for chat in self.chats.values():
                if str(chat.get("username", "")).lower() == username:
                    return chat
            raise bad_request("chat not found")
        chat = self.chats.get(_int_or_none(value) or 0)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _target(self, bot: TgObject, params: Params) -> TgObject:
        chat = self._chat_of(params.get("chat_id"))
        chat_id = chat["id"]
        status = self.members.get(chat_id, {}).get(bot["id"])
        blocked = chat_id in self.blocked or status == "kicked"
        if chat["type"] == "private":
            if blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            return chat
        kind = "supergroup" if chat["type"] == "supergroup" else "group"
        if blocked:
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
        if status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        return chat

    def _bot_message(
        self,
        bot: TgObject,
        chat: TgObject,
        params: Params,
        content: TgObject,
        media_group_id: str | None = None,
    ) -> TgObject:
        chat_id = chat["id"]
        thread_id = params.get("message_thread_id")
        if thread_id is not None and chat.get("is_forum"):
            if thread_id not in self.topics.get(chat_id, {}):
                raise bad_request("message thread not found")
        reply_parameters = params.get("reply_parameters") or {}
        reply_id = params.get("reply_to_message_id") or reply_parameters.get("message_id")
        reply = self._reply_for(chat, reply_id, thread_id)
        if reply_id is not None and reply is None:
            allow = params.get("allow_sending_without_reply")
            if not (allow or reply_parameters.get("allow_sending_without_reply")):
                raise bad_request("message to be replied not found")
        markup = params.get("reply_markup") or {}
        check_inline_markup(markup)
        message = self._new_message(chat, bot, thread_id, reply, media_group_id)
        message |= content
        if params.get("protect_content"):
            message["has_protected_content"] = True
        if "inline_keyboard" in markup:
            message["reply_markup"] = markup
        elif "keyboard" in markup:
            self.reply_keyboards[chat_id] = markup
        elif markup.get("remove_keyboard"):
            self.reply_keyboards.pop(chat_id, None)
        self._store(message)
        self._sent.setdefault(chat_id, []).append(message["message_id"])
        return message

    def _send_message(self, bot: TgObject, p: Params, files: Files) -> TgObject:
        chat = self._target(bot, p)
        text, entities = format_text(
            str(p.get("text", "")),
            p.get("parse_mode"),
            p.get("entities"),
            limit=TEXT_LIMIT,
            empty_error="message text is empty",
        )
        content: TgObject = {"text": text}
        if entities:
            content["entities"] = entities
        return self._bot_message(bot, chat, p, content)

    def _sender(self, kind: str) -> Handler:
        def send(bot: TgObject, p: Params, files: Files) -> TgObject:
            chat = self._target(bot, p)
            content = self._media_content(kind, p.get(kind), files) | _caption(p)
            return self._bot_message(bot, chat, p, content)

        return send

    def _media_content(self, kind: str, ref: Any, files: Files) -> TgObject:
        stored = self._resolve_file(kind, ref, files)
        content: TgObject = {kind: stored.media}
        if kind == "animation":
            keys = ("file_id", "file_unique_id", "file_name", "mime_type", "file_size")
            content["document"] = {k: stored.media[k] for k in keys if k in stored.media}
        return content

    def _resolve_file(self, kind: str, ref: Any, files: Files) -> StoredFile:
        if ref is None:
            upload = files.get(kind)
            if upload is None:
                raise bad_request(f"there is no {kind} in the request")
        elif isinstance(ref, str) and ref.startswith("attach://"):
            upload = files.get(ref.removeprefix("attach://"))
            if upload is None:
                raise bad_request(BAD_FILE)
        elif isinstance(ref, str) and ref.startswith(("http://", "https://")):
            upload = Upload(ref.rsplit("/", 1)[-1] or None, None, b"")
        else:
            stored = self.files.get(str(ref))
            if stored is None:
                raise bad_request(BAD_FILE)
            if stored.kind != kind:
                raise bad_request("type of file mismatch")
            return stored
        return self._register_file(
            kind, upload.data, file_name=upload.filename, mime_type=upload.content_type
        )

    def _send_media_group(self, bot: TgObject, p: Params, files: Files) -> list[TgObject]:
        chat = self._target(bot, p)
        items = p.get("media")
        if not isinstance(items, list) or not items:
            raise bad_request("media is empty")
        contents = [
            self._media_content(item["type"], item.get("media"), files) | _caption(item)
            for item in items
        ]
        group_id = str(13_000_000_000_000_000 + next(self._seq))
        return [self._bot_message(bot, chat, p, content, group_id) for content in contents]

    def _send_chat_action(self, bot: TgObject, p: Params, files: Files) -> bool:
        self._target(bot, p)
        if p.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _source(self, p: Params, verb: str) -> TgObject:
        source_chat = self._chat_of(p.get("from_chat_id"))
        source = self.messages.get(source_chat["id"], {}).get(
            _int_or_none(p.get("message_id")) or 0
        )
        if source is None:
            raise bad_request(f"message to {verb} not found")
        return source

    def _copy_message(self, bot: TgObject, p: Params, files: Files) -> TgObject:
        chat = self._target(bot, p)
        source = self._source(p, "copy")
        content = {key: source[key] for key in CONTENT_KEYS if key in source}
        if not content:
            raise bad_request("message can't be copied")
        if "caption" in p and "text" not in content:
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content |= _caption(p)
        return {"message_id": self._bot_message(bot, chat, p, content)["message_id"]}

    def _forward_message(self, bot: TgObject, p: Params, files: Files) -> TgObject:
        chat = self._target(bot, p)
        source = self._source(p, "forward")
        content = {key: source[key] for key in CONTENT_KEYS if key in source}
        origin = {"type": "user", "sender_user": source["from"], "date": source["date"]}
        content["forward_origin"] = origin
        return self._bot_message(bot, chat, {**p, "reply_markup": None}, content)

    def _editable(self, bot: TgObject, p: Params) -> TgObject | None:
        if p.get("inline_message_id"):
            return None
        chat = self._target(bot, p)
        message = self.messages.get(chat["id"], {}).get(_int_or_none(p.get("message_id")) or 0)
        if message is None:
            raise bad_request("message to edit not found")
        if message.get("from", {}).get("id") != bot["id"]:
            raise bad_request("message can't be edited")
        return message

    def _replace(self, old: TgObject, new: TgObject, markup: TgObject | None) -> TgObject:
        new.pop("reply_markup", None)
        if markup and "inline_keyboard" in markup:
            check_inline_markup(markup)
            new["reply_markup"] = markup
        new.pop("edit_date", None)
        if new == {key: value for key, value in old.items() if key != "edit_date"}:
            raise bad_request(NOT_MODIFIED)
        new["edit_date"] = int(time.time())
        self._store(new)
        return new

    def _edit_message_text(self, bot: TgObject, p: Params, files: Files) -> TgObject | bool:
        message = self._editable(bot, p)
        if message is None:
            return True
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text, entities = format_text(
            str(p.get("text", "")),
            p.get("parse_mode"),
            p.get("entities"),
            limit=TEXT_LIMIT,
            empty_error="message text is empty",
        )
        new = {k: v for k, v in message.items() if k != "entities"} | {"text": text}
        if entities:
            new["entities"] = entities
        return self._replace(message, new, p.get("reply_markup"))

    def _edit_message_caption(self, bot: TgObject, p: Params, files: Files) -> TgObject | bool:
        message = self._editable(bot, p)
        if message is None:
            return True
        if not any(kind in message for kind in MEDIA_KINDS):
            raise bad_request("there is no caption in the message to edit")
        new = {k: v for k, v in message.items() if k not in ("caption", "caption_entities")}
        return self._replace(message, new | _caption(p), p.get("reply_markup"))

    def _edit_message_reply_markup(
        self, bot: TgObject, p: Params, files: Files
    ) -> TgObject | bool:
        message = self._editable(bot, p)
        if message is None:
            return True
        return self._replace(message, dict(message), p.get("reply_markup"))

    def _delete_message(self, bot: TgObject, p: Params, files: Files) -> bool:
        chat = self._chat_of(p.get("chat_id"))
        message_id = _int_or_none(p.get("message_id")) or 0
        message = self.messages.get(chat["id"], {}).pop(message_id, None)
        if message is None:
            raise bad_request("message to delete not found")
        self.deleted.setdefault(chat["id"], {})[message_id] = message
        return True

    def _answer_callback_query(self, bot: TgObject, p: Params, files: Files) -> bool:
        query_id = str(p.get("callback_query_id", ""))
        if query_id not in self._queries or query_id in self.callback_answers:
            raise bad_request(OLD_QUERY)
        self.callback_answers[query_id] = p
        return True

    def _set_my_commands(self, bot: TgObject, p: Params, files: Files) -> bool:
        commands = p.get("commands") or []
        for command in commands:
            if not _COMMAND_NAME_RE.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
        self.commands[_commands_key(p.get("scope"), p.get("language_code"))] = commands
        return True

    def _delete_my_commands(self, bot: TgObject, p: Params, files: Files) -> bool:
        self.commands.pop(_commands_key(p.get("scope"), p.get("language_code")), None)
        return True

    def _set_chat_menu_button(self, bot: TgObject, p: Params, files: Files) -> bool:
        chat_id = _int_or_none(p.get("chat_id"))
        self.menu_buttons[chat_id] = p.get("menu_button") or {"type": "default"}
        return True

    def _get_chat_menu_button(self, bot: TgObject, p: Params, files: Files) -> TgObject:
        chat_id = _int_or_none(p.get("chat_id"))
        button = self.menu_buttons.get(chat_id) or self.menu_buttons.get(None)
        return button or {"type": "commands"}

    def _get_chat_member(self, bot: TgObject, p: Params, files: Files) -> TgObject:
        chat = self._chat_of(p.get("chat_id"))
        user_id = _int_or_none(p.get("user_id")) or 0
        user = bot if user_id == bot["id"] else self.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        status = self.members.get(chat["id"], {}).get(user_id)
        if status is None:
            status = "member" if user_id in (chat["id"], bot["id"]) else "left"
        gone = (chat["id"], user_id) in self.left_while_restricted
        member = chat_member(user, status, is_member=not gone)
        return member | self.member_rights.get((chat["id"], user_id), {})

    def _create_topic(
        self,
        chat: TgObject,
        name: str,
        icon_color: int | None,
        icon_custom_emoji_id: str | None,
        sender: TgObject | None = None,
    ) -> TgObject:
        chat_id = chat["id"]
        thread_id = self._next_message_id(chat_id)
        topic = Topic(name, icon_color or DEFAULT_TOPIC_COLOR, icon_custom_emoji_id)
        self.topics.setdefault(chat_id, {})[thread_id] = topic
        created: TgObject = {"name": name, "icon_color": topic.icon_color}
        if icon_custom_emoji_id:
            created["icon_custom_emoji_id"] = icon_custom_emoji_id
        service = {
            "message_id": thread_id,
            "from": sender or self.bot,
            "chat": chat,
            "date": int(time.time()),
            "message_thread_id": thread_id,
            "is_topic_message": True,
            "forum_topic_created": created,
        }
        self._store(service)
        return {"message_thread_id": thread_id, **created}

    def _create_forum_topic(self, bot: TgObject, p: Params, files: Files) -> TgObject:
        chat = self._target(bot, p)
        if not chat.get("is_forum"):
            raise bad_request("the chat is not a forum")
        name = str(p.get("name") or "")
        if not 1 <= len(name) <= 128:
            raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_INVALID")
        return self._create_topic(
            chat, name, p.get("icon_color"), p.get("icon_custom_emoji_id"), bot
        )

    def _topic(self, bot: TgObject, p: Params) -> Topic:
        chat = self._target(bot, p)
        topic = self.topics.get(chat["id"], {}).get(_int_or_none(p.get("message_thread_id")) or 0)
        if topic is None:
            raise bad_request("TOPIC_ID_INVALID")
        return topic

    def _edit_forum_topic(self, bot: TgObject, p: Params, files: Files) -> bool:
        topic = self._topic(bot, p)
        name = p.get("name") or topic.name
        emoji = p.get("icon_custom_emoji_id", topic.icon_custom_emoji_id)
        if (name, emoji) == (topic.name, topic.icon_custom_emoji_id):
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.name, topic.icon_custom_emoji_id = name, emoji
        return True

    def _set_topic_closed(self, bot: TgObject, p: Params, *, closed: bool) -> bool:
        topic = self._topic(bot, p)
        if topic.closed == closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = closed
        return True

    def _delete_forum_topic(self, bot: TgObject, p: Params, files: Files) -> bool:
        self._topic(bot, p)
        self.delete_topic(self._chat_of(p["chat_id"])["id"], int(p["message_thread_id"]))
        return True

    def _set_webhook(self, bot: TgObject, p: Params, files: Files) -> bool:
        url = str(p.get("url") or "")
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if p.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _delete_webhook(self, bot: TgObject, p: Params, files: Files) -> bool:
        self.webhook_url = ""
        if p.get("drop_pending_updates"):
            self._pending.clear()
            self._redeliver.clear()
        return True

    def _get_webhook_info(self, bot: TgObject, p: Params, files: Files) -> TgObject:
        pending = self.pending_count()
        info = {"url": self.webhook_url, "has_custom_certificate": False}
        if self.webhook_url and self.webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self.webhook_error
        return info | {"pending_update_count": pending}

    def _get_file(self, bot: TgObject, p: Params, files: Files) -> TgObject:
        file_id = str(p.get("file_id") or "")
        stored = self.files.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        unique_id = stored.file_unique_id + ("-s" if file_id.endswith("-s") else "")
        return {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }


async def _read_params(request: web.Request) -> tuple[Params, Files]:
    """Decodes JSON, urlencoded and multipart bodies the way Telegram accepts all three."""
    params: Params = {key: _decode(key, value) for key, value in request.query.items()}
    files: Files = {}
    if not request.body_exists:
        return params, files
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
        return params, files
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            files[key] = Upload(value.filename, value.content_type, value.file.read())
        else:
            params[key] = _decode(key, value)
    return params, files


def _decode(key: str, value: str) -> Any:
    """Undoes aiogram's JSON encoding of non-string fields without touching real strings."""
    if key in _STRING_FIELDS or not value or value[0] not in _JSON_START:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None


def _caption(params: Params) -> TgObject:
    caption = params.get("caption")
    if caption is None:
        return {}
    text, entities = format_text(
        str(caption),
        params.get("parse_mode"),
        params.get("caption_entities"),
        limit=CAPTION_LIMIT,
        empty_error=None,
    )
    content: TgObject = {"caption": text} if text else {}
    if entities:
        content["caption_entities"] = entities
    return content


def _caption_of(caption: str | None) -> TgObject:
    return {"caption": caption} if caption else {}


def _commands_key(scope: TgObject | None, language_code: str | None) -> tuple[str, str]:
    return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code or ""


def _describe(message: TgObject) -> str:
    kind = next((k for k in CONTENT_KEYS if k in message and k != "caption"), "service")
    label = "" if kind == "text" else f"<{kind}> "
    text = message.get("text", message.get("caption", ""))
    return f"#{message['message_id']} {label}{text[:80]!r}"


def _send_method(kind: str) -> str:
    return "send" + kind.title().replace("_", "")


def _true(bot: TgObject, params: Params, files: Files) -> bool:
    return True

"""Wiring: one function builds the whole bot from settings, for `dadres run` and for tests."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import GetChat, SendMessage, SetMyCommands
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.categories import Categories
from bot.domain.clock import Clock, SystemClock
from bot.domain.languages import LANGUAGES
from bot.domain.notices import CardChanged
from bot.messages.i18n import Translator
from bot.messages.notifier import Notifier
from bot.messages.replies import Replies
from bot.messenger.session import create_session
from bot.pipeline.inbox import Inbox
from bot.pipeline.outbox import ABOUT, OutboxDispatcher
from bot.pipeline.rate_limit import RateLimiter
from bot.pipeline.sender import Sender
from bot.pipeline.staff_directory import StaffDirectory
from bot.pipeline.timers import Timers
from bot.pipeline.update_processor import UpdateProcessor, queue_replies
from bot.polling import poll
from bot.services.accounts import AccountService
from bot.settings import Settings
from bot.telemetry import metrics
from handlers import setup_dispatcher
from handlers.states import INTAKE_PREFIX
from storage.database import create_engine, create_session_factory
from storage.fsm_storage import DatabaseStorage
from storage.repositories.outbox import QueuedCall
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from bot.pipeline.lane_lock import RedisLaneLock

log = logging.getLogger(__name__)

COMMANDS = ("start", "status", "mine", "language", "help", "privacy", "mydata", "forget", "cancel")
PUBLIC_WARNING_REF = "staff-chat-public"


@dataclass
class App:
    settings: Settings
    categories: Categories
    clock: Clock
    engine: AsyncEngine
    units: UnitOfWorkFactory
    translator: Translator
    bot: Bot
    dispatcher: Dispatcher
    outbox: OutboxDispatcher
    inbox: Inbox
    processor: UpdateProcessor
    notifier: Notifier
    timers: Timers
    redis: Any = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self) -> None:
        """Start sending and handling, including whatever a crashed run left behind."""
        await self.dispatcher.emit_startup(bot=self.bot)
        await self._check_staff_chat()
        await self.outbox.start()
        if self.redis is not None:
            from storage.redis_dialogues import move_redis_dialogues

            await move_redis_dialogues(self.redis, self.units, self.bot.id, self.clock.now())
        await self.inbox.recover()
        if self.settings.sweep_seconds:
            self.timers.start()

    async def _check_staff_chat(self) -> None:
        """Learn whether the staff group has topics; say clearly when it cannot be reached,
        and when it is public."""
        chat_id = self.settings.staff_chat_id
        if chat_id is None:
            log.warning(
                "STAFF_CHAT_ID is not set: complaints are filed but no staff group sees them"
            )
            return
        try:
            found = await self.outbox.sender.call(GetChat(chat_id=chat_id), attempts=3)
            chat, error = found.result, found.error
        except Exception as failure:
            chat, error = None, str(failure)
        if not isinstance(chat, dict):
            log.error(
                "STAFF_CHAT_ID=%s cannot be reached (%s): add the bot to the staff group and "
                "send /chatid there to see its id",
                chat_id,
                error,
            )
            return
        self.notifier.forum = bool(chat.get("is_forum"))
        if chat.get("username"):
            await self._warn_public_staff_chat(chat_id, str(chat["username"]))

    async def _warn_public_staff_chat(self, chat_id: int, username: str) -> None:
        """Anyone can find and read a public group: say so in the log at every start, and
        once in the group itself (remembered as a message ref, so restarts do not repeat it)."""
        log.warning(
            "the staff group STAFF_CHAT_ID=%s is public (it has a username): anyone can read "
            "the complaints in it; make it private in its settings",
            chat_id,
        )
        ref = f"{PUBLIC_WARNING_REF}:{chat_id}"
        async with self.units() as unit:
            if await unit.message_refs.newest(ref) is not None:
                return
        text = self.translator(
            self.settings.staff_language, "staff-chat-public", username=escape(username)
        )
        try:
            async with asyncio.timeout(10):
                sent = await self.outbox.sender.call(SendMessage(chat_id=chat_id, text=text))
        except Exception:
            log.warning("could not warn the staff group that it is public", exc_info=True)
            return
        if sent.message_id is None:
            log.warning("could not warn the staff group that it is public: %s", sent.error)
            return
        async with self.units() as unit:
            await unit.message_refs.add(ref, chat_id, sent.message_id, self.clock.now())
            await unit.commit()

    async def publish_commands(self) -> None:
        """Tell Telegram the command menu in both languages; a failure here is not fatal."""
        for lang in LANGUAGES:
            commands = [
                BotCommand(command=name, description=self.translator(lang, f"command-{name}"))
                for name in COMMANDS
            ]
            menu = SetMyCommands(
                commands=commands,
                scope=BotCommandScopeAllPrivateChats(),
                language_code=None if lang == "en" else lang,
            )
            delivery = await self.outbox.sender.quietly(menu)
            if delivery is None or not delivery.ok:
                log.warning("could not publish the command menu in %s", lang)

    async def run_polling(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set."""
        await self.bot.delete_webhook(drop_pending_updates=False)
        poller = asyncio.create_task(poll(self.bot, self.inbox, stop), name="polling")
        self._tasks.append(poller)
        await stop.wait()

    async def close(self) -> None:
        """Stop everything; unhandled updates and unsent messages wait in the database."""
        self.timers.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.inbox.stop()
        await self.outbox.stop()
        await self.dispatcher.emit_shutdown(bot=self.bot)
        await self.bot.session.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()


def build_app(
    settings: Settings,
    categories: Categories,
    *,
    clock: Clock | None = None,
    session: AiohttpSession | None = None,
) -> App:
    """Everything Dadres needs, built and connected but not yet started."""
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    translator = Translator()
    bot = Bot(
        token=settings.token(),
        session=session or create_session(settings.telegram_api_url),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    redis, lane_lock = _redis(settings)
    notifier = Notifier(translator, categories, settings, forum=False)
    staff_directory = StaffDirectory(bot, settings)
    dispatcher = setup_dispatcher(
        # Dialogue state lives in the database even with Redis: it commits (or rolls back)
        # with the update that changed it, so a draft cannot vanish before its complaint is.
        storage=DatabaseStorage(units, clock.now),
        translator=translator,
        categories=categories,
        clock=clock,
        settings=settings,
        notifier=notifier,
        staff_directory=staff_directory,
    )
    processor = UpdateProcessor(dispatcher, bot, translator, clock, notifier, staff_directory)
    sqlite = settings.database_url.startswith("sqlite")
    outbox = OutboxDispatcher(
        bot,
        units,
        clock,
        RateLimiter(enabled=settings.telegram_rate_limit),
        on_undeliverable=_record_blocked(clock, notifier),
        on_failed=_report_failed(clock, notifier),
        holding_lanes=None if sqlite else 8,
    )
    units.hand_committed_calls_to(outbox.enqueue)
    inbox = Inbox(
        units,
        metrics.timed(processor),
        outbox,
        clock,
        concurrency=16 if sqlite else 32,
        lane_lock=lane_lock,
        on_storage_down=_tell_storage_down(processor, outbox.sender),
    )
    return App(
        settings=settings,
        categories=categories,
        clock=clock,
        engine=engine,
        units=units,
        translator=translator,
        bot=bot,
        dispatcher=dispatcher,
        outbox=outbox,
        inbox=inbox,
        processor=processor,
        notifier=notifier,
        timers=Timers(units, clock, settings, translator, notifier, INTAKE_PREFIX),
        redis=redis,
    )


def _redis(settings: Settings) -> tuple[Any, "RedisLaneLock | None"]:
    """With REDIS_URL, a client and the lock that keeps a chat's updates in one process."""
    if not settings.redis_url:
        return None, None
    from redis.asyncio import Redis

    from bot.pipeline.lane_lock import RedisLaneLock

    redis = Redis.from_url(settings.redis_url)
    return redis, RedisLaneLock(redis)


def _tell_storage_down(
    processor: UpdateProcessor, sender: Sender
) -> Callable[[list[dict[str, Any]]], Awaitable[None]]:
    async def tell(payloads: list[dict[str, Any]]) -> None:
        """The database is down, so no outbox row can be written: "try again in a moment"
        goes straight through the sender, once per chat."""
        notices = {n.chat_id: n for p in payloads if (n := processor.storage_down_notice(p))}
        for notice in notices.values():
            delivery = await sender.quietly(notice)
            if delivery is None or not delivery.ok:
                log.warning("could not tell chat %s the database is down", notice.chat_id)

    return tell


def _record_blocked(clock: Clock, notifier: Notifier) -> Any:
    async def record(unit: UnitOfWork, chat_id: int) -> None:
        """Note the block, and show on the staff cards that the complainant cannot be reached."""
        await AccountService(unit, clock).mark_blocked(chat_id)
        complainant = await unit.complainants.by_chat(chat_id)
        if complainant is None:
            return
        notices = [CardChanged(c.id) for c in await unit.complaints.open_of(complainant.id)]
        replies = Replies()
        await notifier.render(unit, notices, replies)
        await queue_replies(unit, replies, chat_id, clock.now())

    return record


def _report_failed(clock: Clock, notifier: Notifier) -> Any:
    async def report(unit: UnitOfWork, message: QueuedCall, error: str) -> None:
        """Telegram refused a message for good: tell the complaint's staff thread, and the
        complainant when their words did not reach the staff."""
        failed = message.payload.get(ABOUT)
        if not isinstance(failed, dict):
            return
        replies = Replies()
        await notifier.delivery_failed(unit, failed, message.method, error, replies)
        await queue_replies(unit, replies, message.chat_id, clock.now())

    return report

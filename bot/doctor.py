"""`dadres doctor`: every setting that matters checked against Telegram and the database, one
line each with what to do, so an operator finds a wrong token or a missing right before the
complainants do. `dadres run` logs the same lines at start."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramUnauthorizedError,
)
from aiogram.types import ChatFullInfo, User
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.messenger.session import create_session
from bot.settings import Settings
from storage.database import create_engine, create_session_factory
from storage.repositories.operations import OperationsRepository
from storage.schema_check import SchemaState, missing_sqlite_file, schema_state
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger("dadres.doctor")

CHECK_SECONDS = 8.0
STALE_OUTBOX_MINUTES = 10
ADMINS = ("administrator", "creator")
IN_CHAT = ("member", "restricted", *ADMINS)


class Mark(StrEnum):
    OK = "✓"
    BAD = "✗"
    SKIP = "–"


@dataclass(frozen=True, slots=True)
class Finding:
    mark: Mark
    topic: str
    text: str

    @property
    def line(self) -> str:
        return f"{self.mark} {self.topic}: {self.text}"


def ok(topic: str, text: str) -> Finding:
    return Finding(Mark.OK, topic, text)


def bad(topic: str, text: str) -> Finding:
    return Finding(Mark.BAD, topic, text)


def skip(topic: str, text: str) -> Finding:
    return Finding(Mark.SKIP, topic, text)


@dataclass
class Probe:
    """What the checks share: the settings, a bot and the database, and Telegram's answers
    asked once each."""

    settings: Settings
    bot: Bot | None
    units: UnitOfWorkFactory
    engine: AsyncEngine
    now: datetime
    _answers: dict[str, Any] = field(default_factory=dict)

    async def ask(self, key: str, call: Callable[[], Awaitable[Any]]) -> Any:
        """Telegram's answer (or the exception it raised), remembered under `key`."""
        if key not in self._answers:
            try:
                async with asyncio.timeout(CHECK_SECONDS):
                    self._answers[key] = await call()
            except (TelegramAPIError, TimeoutError, OSError) as error:
                self._answers[key] = error
        return self._answers[key]

    async def me(self) -> User | Exception | None:
        if self.bot is None:
            return None
        bot = self.bot
        return await self.ask("me", bot.get_me)

    async def staff_chat(self) -> ChatFullInfo | Exception | None:
        chat_id = self.settings.staff_chat_id
        if self.bot is None or chat_id is None or not isinstance(await self.me(), User):
            return None
        bot = self.bot
        return await self.ask("chat", lambda: bot.get_chat(chat_id))

    async def schema(self) -> SchemaState | str:
        """Where the database's schema is, or what keeps it from being read; a missing
        SQLite file is not created by asking."""
        if "schema" not in self._answers:
            self._answers["schema"] = await self._read_schema()
        return cast(SchemaState | str, self._answers["schema"])

    async def _read_schema(self) -> SchemaState | str:
        url = self.settings.database_url
        missing = missing_sqlite_file(url)
        if missing is not None:
            return f"{missing} does not exist: run `dadres migrate`"
        try:
            async with asyncio.timeout(CHECK_SECONDS):
                return await schema_state(self.engine, url)
        except Exception as error:
            return (
                f"cannot be reached ({type(error).__name__}): check DATABASE_URL and that "
                "the server runs"
            )

    async def database_usable(self) -> bool:
        """Whether the tables can be read (the schema is current)."""
        state = await self.schema()
        return not isinstance(state, str) and state.up_to_date

    async def bot_status(self) -> Any:
        """The bot's ChatMember in the staff chat, or None when that cannot be asked."""
        me, chat = await self.me(), await self.staff_chat()
        if self.bot is None or not isinstance(me, User) or not isinstance(chat, ChatFullInfo):
            return None
        bot = self.bot
        return await self.ask("member", lambda: bot.get_chat_member(chat.id, me.id))


def explain(error: Exception) -> str:
    """Telegram's refusal in a few words."""
    if isinstance(error, TimeoutError):
        return f"no answer within {CHECK_SECONDS:.0f} s"
    if isinstance(error, TelegramNetworkError | OSError):
        return "cannot connect to Telegram"
    return str(error)


async def check_token(probe: Probe) -> list[Finding]:
    if probe.settings.bot_token is None:
        return [bad("token", "BOT_TOKEN is not set: create a bot with @BotFather (/newbot)")]
    me = await probe.me()
    if isinstance(me, TelegramUnauthorizedError):
        return [
            bad(
                "token",
                "Telegram refused it (401 Unauthorized): copy the token again "
                "from @BotFather (/mybots → your bot → API Token) into BOT_TOKEN",
            )
        ]
    if isinstance(me, Exception):
        return [
            bad(
                "token",
                f"could not be checked ({explain(me)}): check the network, a "
                "proxy, or TELEGRAM_API_URL",
            )
        ]
    assert isinstance(me, User)
    return [ok("token", f"works, the bot is @{me.username} (id {me.id})")]


async def check_staff_chat(probe: Probe) -> list[Finding]:
    if probe.settings.staff_chat_id is None:
        return [
            bad(
                "staff chat",
                "STAFF_CHAT_ID is not set: add the bot to a private "
                "supergroup, send /chatid there and set STAFF_CHAT_ID",
            )
        ]
    chat = await probe.staff_chat()
    if chat is None:
        return [skip("staff chat", "not checked: see the token's line")]
    if isinstance(chat, Exception):
        return [
            bad(
                "staff chat",
                f"{probe.settings.staff_chat_id} cannot be reached "
                f"({explain(chat)}): add the bot to the group, send /chatid there and "
                "put that id in STAFF_CHAT_ID",
            )
        ]
    findings = [ok("staff chat", f"reached «{chat.title}» ({chat.type})")]
    if chat.is_forum:
        findings.append(ok("topics", "on, each complaint gets its own topic"))
    else:
        findings.append(
            ok("topics", "off, cards are posted in the group, messages as replies to them")
        )
    if chat.username:
        findings.append(
            bad(
                "public",
                f"the group is public (@{chat.username}): anyone can "
                "read the complaints; make it private in its settings",
            )
        )
    else:
        findings.append(ok("public", "no, the group is private"))
    return findings


async def check_bot_rights(probe: Probe) -> list[Finding]:
    member, chat = await probe.bot_status(), await probe.staff_chat()
    if member is None or not isinstance(chat, ChatFullInfo):
        return []
    if isinstance(member, Exception):
        return [bad("bot in staff chat", f"its membership cannot be read ({explain(member)})")]
    if member.status not in IN_CHAT or getattr(member, "is_member", True) is False:
        return [
            bad(
                "bot in staff chat",
                f"the bot is not in the group ({member.status}): "
                "add it, then make it an administrator",
            )
        ]
    if member.status in ADMINS:
        if chat.is_forum and not getattr(member, "can_manage_topics", True):
            return [
                bad(
                    "bot in staff chat",
                    "an administrator without the right to manage "
                    "topics: give it that right, or no topic can be opened",
                )
            ]
        return [ok("bot in staff chat", "an administrator")]
    if chat.is_forum:
        return [
            bad(
                "bot in staff chat",
                "a member, not an administrator: make it an "
                "administrator with the right to manage topics",
            )
        ]
    return [
        ok(
            "bot in staff chat",
            "a member (enough without topics; as an administrator "
            "it would also read messages that are not replies to it)",
        )
    ]


async def check_privacy(probe: Probe) -> list[Finding]:
    me = await probe.me()
    if not isinstance(me, User):
        return []
    if me.can_read_all_group_messages:
        return [ok("privacy mode", "off, the bot reads every message in its groups")]
    member, chat = await probe.bot_status(), await probe.staff_chat()
    status = getattr(member, "status", None)
    if status in ADMINS:
        return [
            ok(
                "privacy mode",
                "on, but as an administrator the bot reads every message in the staff group",
            )
        ]
    if isinstance(chat, ChatFullInfo) and chat.is_forum:
        return [
            bad(
                "privacy mode",
                "on, and the bot is not an administrator: what staff "
                "write in a complaint's topic never reaches it; make it an administrator "
                "(or @BotFather → /setprivacy → Disable, then add the bot again)",
            )
        ]
    return [ok("privacy mode", "on, enough: staff reply to the bot's messages, which reach it")]


async def check_supervisors(probe: Probe) -> list[Finding]:
    supervisors = sorted(probe.settings.supervisors)
    if not supervisors:
        return [
            bad(
                "supervisors",
                "SUPERVISOR_IDS is not set: escalations and the daily digest reach nobody",
            )
        ]
    known: dict[int, bool] = {}
    if await probe.database_usable():
        async with probe.units() as unit:
            known = await OperationsRepository(unit).known_users(supervisors)
    me = await probe.me()
    name = f"@{me.username}" if isinstance(me, User) else "the bot"
    return [await _supervisor(probe, user_id, known.get(user_id), name) for user_id in supervisors]


async def _supervisor(probe: Probe, user_id: int, reachable: bool | None, name: str) -> Finding:
    topic = f"supervisor {user_id}"
    if reachable:
        return ok(topic, "has started the bot")
    if reachable is False:
        return bad(topic, f"blocked the bot: ask them to open {name} and press Restart")
    if probe.bot is None or not isinstance(await probe.me(), User):
        return skip(topic, "not checked: see the token's line")
    bot = probe.bot
    answer = await probe.ask(topic, lambda: bot.send_chat_action(user_id, "typing"))
    if answer is True:
        return ok(topic, "can be written to")
    if isinstance(answer, TelegramForbiddenError | TelegramBadRequest):
        return bad(
            topic,
            f"has not started the bot, so it cannot write to them: ask them to "
            f"open {name} and press Start",
        )
    return bad(topic, f"could not be checked ({explain(answer)})")


async def check_database(probe: Probe) -> list[Finding]:
    state = await probe.schema()
    if isinstance(state, str):
        return [bad("database", state)]
    if not state.up_to_date:
        return [
            bad(
                "database",
                f"schema at {_revisions(state.current)}, this version needs "
                f"{_revisions(state.newest)}: run `dadres migrate`",
            )
        ]
    return [ok("database", f"reachable, schema current ({_revisions(state.current)})")]


def _revisions(revisions: frozenset[str]) -> str:
    return ", ".join(sorted(revisions)) or "none"


async def check_redis(probe: Probe) -> list[Finding]:
    if not probe.settings.redis_url:
        return [skip("redis", "not set (needed only for several processes)")]
    from redis.asyncio import Redis

    client = Redis.from_url(probe.settings.redis_url, socket_connect_timeout=CHECK_SECONDS)
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            await client.ping()
    except Exception as error:
        return [bad("redis", f"cannot be reached ({type(error).__name__}): check REDIS_URL")]
    finally:
        await client.aclose()
    return [ok("redis", "reachable")]


async def check_webhook(probe: Probe) -> list[Finding]:
    if probe.bot is None or not isinstance(await probe.me(), User):
        return []
    bot = probe.bot
    info = await probe.ask("webhook", bot.get_webhook_info)
    if isinstance(info, Exception):
        return [bad("webhook", f"could not be read ({explain(info)})")]
    if not info.url:
        return [ok("webhook", "none, `dadres run` polls (`--webhook` sets one)")]
    if info.last_error_date:
        when = info.last_error_date.isoformat(timespec="minutes")
        return [
            bad(
                "webhook",
                f"{info.url}: Telegram's last delivery failed at {when} "
                f"({info.last_error_message}); {info.pending_update_count} updates wait: "
                "check that the URL reaches `dadres run --webhook` over https",
            )
        ]
    return [ok("webhook", f"{info.url} ({info.pending_update_count} updates waiting)")]


async def check_backlog(probe: Probe) -> list[Finding]:
    if not await probe.database_usable():
        return [skip("outbox and parked updates", "not checked: see the database's line")]
    async with probe.units() as unit:
        operations = OperationsRepository(unit)
        backlog = await operations.outbox_backlog()
        parked = await operations.parked_count()
    findings = []
    if backlog.oldest is not None and backlog.count:
        minutes = int((probe.now - backlog.oldest).total_seconds() // 60)
        text = f"{backlog.count} messages waiting, the oldest for {minutes} min"
        if minutes >= STALE_OUTBOX_MINUTES:
            text += ": is the bot running, and can it reach Telegram?"
            findings.append(bad("outbox", text))
        else:
            findings.append(ok("outbox", text))
    else:
        findings.append(ok("outbox", "nothing waiting to be sent"))
    if parked:
        findings.append(
            bad(
                "parked updates",
                f"{parked} failed three times: see `dadres "
                "parked`, then `dadres parked retry ID` once the cause is fixed",
            )
        )
    else:
        findings.append(ok("parked updates", "none"))
    return findings


CHECKS = (
    check_token,
    check_privacy,
    check_staff_chat,
    check_bot_rights,
    check_supervisors,
    check_database,
    check_redis,
    check_webhook,
    check_backlog,
)


async def run_checks(probe: Probe) -> list[Finding]:
    """Every check in order; one that fails unexpectedly is a finding, not a crash."""
    findings: list[Finding] = []
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        try:
            async with asyncio.timeout(CHECK_SECONDS * 2):
                findings.extend(await check(probe))
        except TimeoutError:
            findings.append(bad(name, "took too long to check"))
        except Exception as error:
            findings.append(bad(name, f"could not be checked ({type(error).__name__})"))
    return findings


async def diagnose(settings: Settings, now: datetime) -> list[Finding]:
    """Build a bot and a database connection of its own, check, and close them."""
    engine = create_engine(settings.database_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    bot = None
    if settings.bot_token is not None:
        bot = Bot(token=settings.token(), session=create_session(settings.telegram_api_url))
    try:
        return await run_checks(Probe(settings, bot, units, engine, now))
    finally:
        if bot is not None:
            await bot.session.close()
        await engine.dispose()


async def log_summary(settings: Settings, now: datetime, seconds: float = 20.0) -> None:
    """The doctor's lines in the log at start, given at most `seconds`: a slow Telegram or
    database delays the start that long at most."""
    try:
        async with asyncio.timeout(seconds):
            findings = await diagnose(settings, now)
    except TimeoutError:
        log.warning("doctor: the checks took over %.0f s; run `dadres doctor`", seconds)
        return
    for finding in findings:
        level = logging.WARNING if finding.mark is Mark.BAD else logging.INFO
        log.log(level, "doctor: %s", finding.line)

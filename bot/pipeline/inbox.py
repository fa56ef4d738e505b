"""Updates enter here: stored durably before Telegram is told they arrived, then handled once
each, one chat at a time and in order, many chats at once."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram.methods import TelegramMethod

from bot import logging_json, metrics
from bot.domain.backoff import backoff_seconds
from bot.domain.clock import Clock
from bot.pipeline.outbox import OutboxDispatcher
from storage.repositories.inbox import PENDING
from storage.unit_of_work import UnitOfWork, ambient

log = logging.getLogger(__name__)

CHAT_HOLDERS = (
    "message",
    "edited_message",
    "channel_post",
    "business_message",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "message_reaction",
)


class Processor(Protocol):
    def needs_preparing(self, payload: dict[str, Any]) -> bool:
        """Whether `prepare` has anything to do for this update (a quick look)."""
        ...

    async def prepare(self, payload: dict[str, Any]) -> None:
        """Learn what the update will need from Telegram (e.g. whether its sender is staff)
        before its unit of work opens, so no transaction waits on Telegram; never raises."""
        ...

    async def handle(self, payload: dict[str, Any], unit: UnitOfWork) -> list[TelegramMethod[Any]]:
        """Run the update inside `unit` (its replies go to the outbox there); return the
        best-effort calls to make once it has committed."""
        ...

    async def apologise(self, payload: dict[str, Any], unit: UnitOfWork) -> None:
        """Queue a "sorry, that failed" for an update given up on."""
        ...


class LaneLock(Protocol):
    def __call__(self, chat_key: int) -> Any:
        """An async context manager held while one chat's updates are handled (cross-process)."""
        ...


def chat_key_of(payload: dict[str, Any]) -> int:
    """The chat whose updates must stay in order; the sender for chat-less updates."""
    for field in CHAT_HOLDERS:
        holder = payload.get(field)
        if isinstance(holder, dict) and isinstance(holder.get("chat"), dict):
            return int(holder["chat"]["id"])
    query = payload.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return int(message["chat"]["id"])
        return int(query["from"]["id"])
    for holder in payload.values():
        if isinstance(holder, dict) and isinstance(holder.get("from"), dict):
            return int(holder["from"]["id"])
    return 0


class Inbox:
    def __init__(
        self,
        units: Callable[[], UnitOfWork],
        processor: Processor,
        outbox: OutboxDispatcher,
        clock: Clock,
        *,
        max_attempts: int = 3,
        concurrency: int = 64,
        lane_lock: LaneLock | None = None,
        on_storage_down: Callable[[list[dict[str, Any]]], Awaitable[None]] | None = None,
        shared: bool = True,
    ) -> None:
        self._units = units
        self._processor = processor
        self._outbox = outbox
        self._clock = clock
        self._max_attempts = max_attempts
        self._slots = asyncio.Semaphore(concurrency)
        self._lane_lock = lane_lock
        self._on_storage_down = on_storage_down
        self._lanes: dict[int, asyncio.Task[None]] = {}
        self._again: set[int] = set()
        # One process owns the database (SQLite): the updates it stored itself are all a lane
        # has to look at, so it need not read them back. Shared databases are read.
        self._shared = shared
        self._known: dict[int, dict[int, dict[str, Any]]] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self.handled = 0

    async def resume_point(self) -> int | None:
        """The polling offset that confirms every update already stored."""
        async with self._units() as unit:
            newest = await unit.inbox.newest_update_id()
        return None if newest is None else newest + 1

    async def recover(self) -> None:
        """Handle updates stored by a run that died before handling them."""
        async with self._units() as unit:
            keys = await unit.inbox.pending_chat_keys()
        for key in keys:
            self._schedule(key)

    async def accept(self, payloads: list[dict[str, Any]], *, wait: bool = True) -> None:
        """Store updates durably, then start handling them.

        With `wait`, a database outage is waited out (polling: Telegram keeps the updates);
        without, the error is raised (webhook: Telegram retries when we do not answer 200)."""
        rows = [(int(p["update_id"]), chat_key_of(p), p) for p in payloads]
        outage = 0
        while True:
            try:
                async with self._units() as unit:
                    stored = set(await unit.inbox.store(rows, self._clock.now()))
                    await unit.commit()
                break
            except Exception:
                if not wait:
                    raise
                outage += 1
                log.exception("could not store %d updates (try %d)", len(rows), outage)
                if outage == 1 and self._on_storage_down is not None:
                    await self._notify_down(payloads)
                await asyncio.sleep(backoff_seconds(outage, ceiling=10.0))
        if not self._shared:
            for update_id, key, payload in rows:
                if update_id in stored:
                    self._known.setdefault(key, {})[update_id] = payload
        for key in dict.fromkeys(key for _, key, _ in rows):
            self._schedule(key)

    async def wait_idle(self) -> None:
        """Until every accepted update has been handled (tests, shutdown)."""
        await self._idle.wait()

    async def stop(self) -> None:
        """Stop handling; unfinished updates stay stored for the next start."""
        for task in list(self._lanes.values()):
            task.cancel()
        await asyncio.gather(*self._lanes.values(), return_exceptions=True)

    def _schedule(self, key: int) -> None:
        if key in self._lanes:
            self._again.add(key)
            return
        self._idle.clear()
        self._lanes[key] = asyncio.create_task(self._lane(key), name=f"lane-{key}")

    async def _lane(self, key: int) -> None:
        try:
            while True:
                self._again.discard(key)
                async with self._slots:
                    if self._lane_lock is None:
                        await self._drain(key)
                    else:
                        async with self._lane_lock(key):
                            await self._drain(key)
                if key not in self._again:
                    break
        finally:
            del self._lanes[key]
            if not self._lanes:
                self._idle.set()

    async def _drain(self, key: int) -> None:
        """Handle the chat's pending updates in order, each in its own transaction."""
        failures = 0
        known = self._known.pop(key, None)
        if known is not None:
            waiting = sorted(known)
        else:
            async with self._units() as unit:
                waiting = await unit.inbox.pending_ids(key)
        for update_id in waiting:
            logging_json.bind(update_id=update_id, chat_id=key)
            # Prepared outside any transaction: a payload known here at once; a stored one
            # (shared databases) after a first look inside its unit, which then starts again.
            seen = known[update_id] if known is not None else None
            ready = False
            while True:
                if seen is not None and not ready:
                    if self._processor.needs_preparing(seen):
                        await self._processor.prepare(seen)
                    ready = True
                try:
                    async with self._units() as unit:
                        await unit.inbox.lock_lane(key)
                        payload = (
                            known[update_id]
                            if known is not None
                            else await unit.inbox.pending_payload(update_id)
                        )
                        if payload is None:
                            break
                        if not ready and self._processor.needs_preparing(payload):
                            seen = payload
                            continue  # out of the unit (rolled back) to prepare, then again
                        with ambient(unit):
                            direct = await self._processor.handle(payload, unit)
                        if not await unit.inbox.mark_done(update_id, self._clock.now()):
                            break
                        await unit.commit()
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    failures += 1
                    log.exception("update %s in chat %s failed", update_id, key)
                    if await self._record_failure(update_id, key, error):
                        break
                    await asyncio.sleep(backoff_seconds(failures, base=0.1, ceiling=5.0))
                    continue
                failures = 0
                self.handled += 1
                metrics.update_handled()
                self._outbox.send_now(direct)
                break

    async def _record_failure(self, update_id: int, key: int, error: Exception) -> bool:
        """Count the failure on the update; True when it was parked (given up on)."""
        try:
            async with self._units() as unit:
                row = await unit.inbox.get(update_id)
                if row is None or row.status != PENDING:
                    return True
                attempts = row.attempts + 1
                park = attempts >= self._max_attempts
                await unit.inbox.record_failure(
                    update_id, f"{type(error).__name__}: {error}", park, self._clock.now()
                )
                if park:
                    log.error("update %s parked after %d tries", update_id, attempts)
                    await self._processor.apologise(row.payload, unit)
                await unit.commit()
        except Exception:
            log.exception("could not record the failure of an update in chat %s", key)
            return False
        return park

    async def _notify_down(self, payloads: list[dict[str, Any]]) -> None:
        assert self._on_storage_down is not None
        try:
            await self._on_storage_down(payloads)
        except Exception:
            log.exception("could not tell users the database is down")

"""Updates enter here: stored durably before Telegram is told they arrived, then handled once
each, one chat at a time and in order, many chats at once."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from aiogram.methods import TelegramMethod

from bot.domain.backoff import backoff_seconds
from bot.domain.clock import Clock
from bot.pipeline.lanes import Lanes
from bot.pipeline.outbox import OutboxDispatcher
from bot.telemetry import logging_json, metrics
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


@dataclass(slots=True)
class Step:
    """What one transaction of a lane found: the chat's oldest pending update (None: none),
    its payload when it must first be prepared, or the error that failed it."""

    update_id: int | None = None
    unprepared: dict[str, Any] | None = None
    failed: Exception | None = None


class Inbox:
    """The table is the truth about what waits to be handled; what this process stored itself
    is kept meanwhile, so that a lane need not read those payloads back."""

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
    ) -> None:
        self._units = units
        self._processor = processor
        self._outbox = outbox
        self._clock = clock
        self._max_attempts = max_attempts
        self._lane_lock = lane_lock
        self._on_storage_down = on_storage_down
        self._lanes = Lanes(self._run_lane, name="lane", concurrency=concurrency)
        self._known: dict[int, dict[int, dict[str, Any]]] = {}
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
            self._lanes.wake(key)

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
        for update_id, key, payload in rows:
            if update_id in stored:
                self._known.setdefault(key, {})[update_id] = payload
        for key in dict.fromkeys(key for _, key, _ in rows):
            self._lanes.wake(key)

    async def wait_idle(self) -> None:
        """Until every accepted update has been handled (tests, shutdown)."""
        await self._lanes.wait_idle()

    async def stop(self) -> None:
        """Stop handling; unfinished updates stay stored for the next start."""
        await self._lanes.stop()

    async def _run_lane(self, key: int) -> None:
        if self._lane_lock is None:
            await self._drain(key)
        else:
            async with self._lane_lock(key):
                await self._drain(key)

    async def _drain(self, key: int) -> None:
        """Handle the chat's pending updates in order, each in its own transaction. Each
        transaction first asks the table which update is the chat's oldest pending one: the
        table is the truth (other processes store updates too); the payloads this process
        stored are only at hand, so that they need not be read back, and prepared."""
        known = self._known.pop(key, {})
        handed = set(known)
        ready: set[int] = set()
        failures = 0
        while True:
            if known and (first := min(known)) not in ready:
                await self._prepare(known[first])
                ready.add(first)
            step = await self._step(key, known, ready)
            if step.update_id is None and step.failed is None:
                return  # nothing waits
            if step.update_id is not None and step.unprepared is not None:
                # The table's head is not what this process stored (or not yet prepared):
                # prepare it now, and forget older ones, which were handled elsewhere.
                for gone in [u for u in known if u < step.update_id]:
                    del known[gone]
                known[step.update_id] = step.unprepared
                await self._prepare(step.unprepared)
                ready.add(step.update_id)
                continue
            if step.failed is not None:
                failures += 1
                parked = step.update_id is not None and await self._record_failure(
                    step.update_id, key, step.failed
                )
                if not parked:
                    await asyncio.sleep(backoff_seconds(failures, base=0.1, ceiling=5.0))
                    continue
            failures = 0
            assert step.update_id is not None
            for gone in [u for u in known if u <= step.update_id]:
                del known[gone]  # handled (here, or by another process meanwhile)
            if not known and step.update_id in handed:
                # Whatever else is stored for the chat woke a lane where it was stored.
                return

    async def _prepare(self, payload: dict[str, Any]) -> None:
        """What the update needs from Telegram, learned outside any transaction."""
        if self._processor.needs_preparing(payload):
            await self._processor.prepare(payload)

    async def _step(self, key: int, known: dict[int, dict[str, Any]], ready: set[int]) -> Step:
        """One transaction: the chat's oldest pending update, handled and marked done, unless
        it must be prepared first."""
        step = Step()
        try:
            async with self._units() as unit:
                await unit.inbox.lock_lane(key)
                waiting = await unit.inbox.pending_ids(key, limit=1)
                if not waiting:
                    return step
                step.update_id = update_id = waiting[0]
                logging_json.bind(update_id=update_id, chat_id=key)
                payload = known.get(update_id)
                if payload is None:
                    payload = await unit.inbox.pending_payload(update_id)
                if payload is None:
                    return Step()
                if update_id not in ready and self._processor.needs_preparing(payload):
                    step.unprepared = payload
                    return step
                with ambient(unit):
                    direct = await self._processor.handle(payload, unit)
                if await unit.inbox.mark_done(update_id, self._clock.now()):
                    await unit.commit()
                    self.handled += 1
                    metrics.update_handled()
                    self._outbox.sender.soon(direct)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.exception("update %s in chat %s failed", step.update_id, key)
            step.failed = error
        return step

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

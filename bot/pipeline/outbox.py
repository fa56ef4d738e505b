"""Sends what the outbox holds: in order per chat, inside Telegram's limits, once.

A message is marked sent only after Telegram accepted it; it is retried only after a failure,
so a retry never doubles a message that already went out."""

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable

from aiogram import Bot
from aiogram.methods import SendMessage

from bot.domain.backoff import backoff_seconds
from bot.domain.clock import Clock
from bot.messages.notifier import complaint_of_ref
from bot.pipeline.lanes import Lanes
from bot.pipeline.rate_limit import RateLimiter
from bot.pipeline.sender import GONE, REFUSED, Sender
from bot.telemetry import logging_json
from storage.repositories.outbox import FAILED, UNDELIVERABLE, QueuedCall
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


RESOLVE = "$resolve"
TOPIC = "$topic"
UPLOAD = "$upload"
ABOUT = "$about"
EPHEMERAL = "$ephemeral"  # the row goes once sent or given up (see Replies.track)
THREAD_GONE = ("thread not found", "topic_closed", "topic_deleted", "topic not found")
# Sends from one chat's pending rows before they are read again, so that rows queued
# meanwhile for another complaint get their turn soon.
FAIR_WINDOW = 8
TOPIC_TRIES = 3

Stream = int | None
Failed = Callable[[UnitOfWork, QueuedCall, str], Awaitable[None]]


def stream_of(message: QueuedCall) -> Stream:
    """The complaint a group chat's row belongs to; rows of one stream keep their order.
    A private chat is one stream: a person reads their messages in the order decided."""
    if message.chat_id > 0:
        return None
    about = message.payload.get(ABOUT)
    if isinstance(about, dict) and isinstance(about.get("complaint"), int):
        return int(about["complaint"])
    refs = [message.ref, *message.payload.get(RESOLVE, {}).values()]
    for ref in refs:
        if isinstance(ref, str) and (found := complaint_of_ref(ref)) is not None:
            return found
    return None


class FairQueue:
    """One chat's waiting rows: each complaint's in order, complaints taking turns, so one
    complaint's many files never hold back every other complaint's card."""

    def __init__(self) -> None:
        self._streams: dict[Stream, deque[QueuedCall]] = {}
        self._served: dict[Stream, int] = {}
        self._turn = 0

    def __bool__(self) -> bool:
        return bool(self._streams)

    def extend(self, messages: Iterable[QueuedCall]) -> None:
        """Add rows, oldest first."""
        for message in messages:
            self._streams.setdefault(stream_of(message), deque()).append(message)

    def clear(self) -> None:
        """Forget the rows (they are read again) but not whose turn it is."""
        self._streams.clear()

    def pop(self) -> QueuedCall:
        """The next row: from the complaint served longest ago (never served: first)."""
        stream = min(
            self._streams,
            key=lambda s: (self._served.get(s, -1), self._streams[s][0].id),
        )
        waiting = self._streams[stream]
        message = waiting.popleft()
        if not waiting:
            del self._streams[stream]
        self._turn += 1
        self._served[stream] = self._turn
        for gone in [s for s in self._served if s not in self._streams and s != stream]:
            del self._served[gone]
        return message


class OutboxDispatcher:
    def __init__(
        self,
        bot: Bot,
        units: Callable[[], UnitOfWork],
        clock: Clock,
        limiter: RateLimiter,
        on_undeliverable: Callable[[UnitOfWork, int], Awaitable[None]] | None = None,
        holding_lanes: int | None = None,
        on_failed: Failed | None = None,
    ) -> None:
        self.sender = Sender(bot, limiter)
        self._units = units
        self._clock = clock
        self._on_undeliverable = on_undeliverable
        self._on_failed = on_failed
        # Where holding a chat costs a database connection, only so many lanes hold at once.
        self._lanes = Lanes(self._send_held, name="outbox", concurrency=holding_lanes)
        self._order: dict[int, FairQueue] = {}
        self._sent: list[tuple[int, int | None]] = []
        self._refs: list[tuple[str, int, int]] = []
        self._batch: asyncio.Future[None] | None = None
        self._flusher: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Pick up whatever a previous run left unsent, then keep sending."""
        async with self._units() as unit:
            chats = await unit.outbox.pending_chats()
        for chat_id in chats:
            self._lanes.wake(chat_id)

    def enqueue(self, messages: list[QueuedCall]) -> None:
        """Rows were just committed (units of work call this from their commit): wake their
        chats' lanes, which send what the table holds."""
        for chat_id in dict.fromkeys(message.chat_id for message in messages):
            self._lanes.wake(chat_id)

    async def wait_idle(self) -> None:
        """Until everything queued so far has been sent or given up (tests, shutdown)."""
        await self._lanes.wait_idle()
        await self.sender.wait_idle()

    async def stop(self) -> None:
        """Stop sending; what is unsent stays in the table for the next start."""
        await self._lanes.stop()
        if self._flusher is not None:
            await asyncio.gather(self._flusher, return_exceptions=True)
        await self.sender.wait_idle()

    async def _send_held(self, chat_id: int) -> None:
        """Holding the chat so that no other process sends to it meanwhile, send its rows as
        the table has them, so rows another process queued go out in their place too; read
        again every few sends, so a complaint queued meanwhile gets its turn."""
        order = self._order.setdefault(chat_id, FairQueue())
        try:
            async with self._units() as hold:
                await hold.outbox.hold_chat(chat_id)
                while True:
                    async with self._units() as unit:
                        batch = await unit.outbox.pending_calls(chat_id, _batch_size(chat_id))
                    if not batch:
                        return
                    order.clear()
                    order.extend(batch)
                    for _ in range(FAIR_WINDOW):
                        if not order:
                            break
                        await self._deliver(order.pop())
                    if not order and len(batch) < _batch_size(chat_id):
                        # All there was is sent; rows committed since wake this lane again.
                        return
        finally:
            if not order:
                self._order.pop(chat_id, None)

    async def _deliver(self, message: QueuedCall) -> None:
        """Send one row, its refs filled in, and record how it ended."""
        logging_json.bind(update_id=None, chat_id=message.chat_id)
        payload = dict(message.payload)
        resolve: dict[str, str] = payload.pop(RESOLVE, {})
        topic: dict[str, str] | None = payload.pop(TOPIC, None)
        upload: dict[str, str] | None = payload.pop(UPLOAD, None)
        payload.pop(ABOUT, None)
        payload.pop(EPHEMERAL, None)
        for field, ref in resolve.items():
            found = await self._message_of(ref)
            if found is None and field == "message_thread_id" and topic is not None:
                found = await self._new_topic(message.chat_id, ref, topic)
                if found is None:
                    continue  # into the general topic rather than nowhere
            if found is None and field == "reply_to_message_id":
                continue
            if found is None:
                await self._give_up(message, FAILED, f"no message stands for {ref} yet")
                return
            payload[field] = found
        while True:
            delivery = await self.sender.send(message.method, payload, upload=upload)
            if delivery.ok:
                await self._record_sent(message, delivery.message_id)
                if EPHEMERAL in message.payload:
                    await self._forget(message)
                return
            thread_ref = resolve.get("message_thread_id")
            if delivery.status == REFUSED and topic is not None and thread_ref:
                if any(marker in delivery.error.lower() for marker in THREAD_GONE):
                    thread_id = await self._new_topic(message.chat_id, thread_ref, topic)
                    if thread_id is None:
                        payload.pop("message_thread_id", None)
                        topic = None
                    else:
                        payload["message_thread_id"] = thread_id
                    continue
            status = UNDELIVERABLE if delivery.status == GONE else FAILED
            await self._give_up(message, status, delivery.error)
            return

    async def _message_of(self, ref: str) -> int | None:
        async with self._units() as unit:
            found = await unit.message_refs.newest(ref)
            return found.message_id if found else None

    async def _new_topic(self, chat_id: int, ref: str, topic: dict[str, str]) -> int | None:
        """(Re)create a forum topic that a message must go into, and say so in it; None when
        Telegram will not, so that the message goes to the general topic instead."""
        created = await self.sender.send(
            "createForumTopic",
            {"chat_id": chat_id, "name": topic["name"]},
            attempts=TOPIC_TRIES,
            flood_waits=TOPIC_TRIES,
        )
        thread_id = created.message_id
        if thread_id is None:
            log.warning("could not create a topic in chat %s: %s", chat_id, created.error)
            await self._explain(chat_id, None, topic.get("fallback"))
            return None
        async with self._units() as unit:
            await unit.message_refs.add(ref, chat_id, thread_id, self._clock.now())
            await unit.commit()
        await self._explain(chat_id, thread_id, topic.get("notice"))
        return thread_id

    async def _explain(self, chat_id: int, thread_id: int | None, notice: str | None) -> None:
        """Say why a message lands where it does (a new topic, or the general one)."""
        if notice:
            await self.sender.quietly(
                SendMessage(chat_id=chat_id, message_thread_id=thread_id, text=notice)
            )

    async def _record_sent(self, message: QueuedCall, result_message_id: int | None) -> None:
        """Wait until the send is on record, so a crash can repeat at most the one message
        each chat had in flight. Sends that finish while a write is under way share the next
        write (group commit)."""
        self._sent.append((message.id, result_message_id))
        if message.ref is not None and result_message_id is not None:
            self._refs.append((message.ref, message.chat_id, result_message_id))
        if self._batch is None:
            self._batch = asyncio.get_running_loop().create_future()
        batch = self._batch
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="outbox-flush")
        await asyncio.shield(batch)

    async def _forget(self, message: QueuedCall) -> None:
        """A row that must not outlive its delivery (it holds a person's own data)."""
        async with self._units() as unit:
            await unit.outbox.forget(message.id)
            await unit.commit()

    async def _give_up(self, message: QueuedCall, status: str, error: str) -> None:
        log.warning("outbox %s to chat %s: %s (%s)", message.id, message.chat_id, status, error)
        async with self._units() as unit:
            if EPHEMERAL in message.payload:
                await unit.outbox.forget(message.id)
            else:
                await unit.outbox.give_up(message.id, status, error, self._clock.now())
            if status == UNDELIVERABLE and self._on_undeliverable is not None:
                await self._on_undeliverable(unit, message.chat_id)
            await unit.commit()
        if status == FAILED and self._on_failed is not None and ABOUT in message.payload:
            await self._report_failed(message, error)

    async def _report_failed(self, message: QueuedCall, error: str) -> None:
        """Tell those concerned what could not be delivered. What this queues carries no
        `$about`, so a report that fails in turn is not reported again."""
        assert self._on_failed is not None
        try:
            async with self._units() as unit:
                await self._on_failed(unit, message, error)
                await unit.commit()
        except Exception:
            log.exception("could not report undelivered outbox row %s", message.id)

    async def _flush(self) -> None:
        """Write what has been sent, batch after batch, until nothing is waiting."""
        while self._batch is not None:
            done, batch, refs = self._batch, self._sent, self._refs
            self._batch, self._sent, self._refs = None, [], []
            failures = 0
            while True:
                try:
                    async with self._units() as unit:
                        now = self._clock.now()
                        await unit.outbox.mark_sent(batch, now)
                        for ref, chat_id, message_id in refs:
                            await unit.message_refs.add(ref, chat_id, message_id, now)
                        await unit.commit()
                    break
                except Exception:
                    failures += 1
                    log.exception("could not record %d sent messages; retrying", len(batch))
                    await asyncio.sleep(backoff_seconds(failures, ceiling=5.0))
            done.set_result(None)


def _batch_size(chat_id: int) -> int:
    """Rows read at once: a group's backlog is read deeper, so that a complaint queued behind
    another's many files is among them and gets its turn."""
    return 500 if chat_id < 0 else 100

"""The inbox reads the table as the truth about what waits: an update another process stored
goes first, prepared outside its transaction, and every update is handled once, in order."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod

from bot.domain.clock import SystemClock
from bot.pipeline.inbox import Inbox
from bot.pipeline.outbox import OutboxDispatcher
from bot.pipeline.rate_limit import RateLimiter
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

CHAT = 7007
CLOCK = SystemClock()


class Recording:
    """A processor that notes what the inbox asks of it, and checks an update that needs
    preparing was prepared before it is handled."""

    def __init__(self, events: list[tuple[str, int]]) -> None:
        self.events = events

    def needs_preparing(self, payload: dict[str, Any]) -> bool:
        return bool(payload["message"].get("staff"))

    async def prepare(self, payload: dict[str, Any]) -> None:
        self.events.append(("prepare", payload["update_id"]))

    async def handle(self, payload: dict[str, Any], unit: UnitOfWork) -> list[TelegramMethod[Any]]:
        update_id = payload["update_id"]
        assert not self.needs_preparing(payload) or ("prepare", update_id) in self.events
        self.events.append(("handle", update_id))
        return []

    async def apologise(self, payload: dict[str, Any], unit: UnitOfWork) -> None:
        raise AssertionError("nothing fails here")


class Gate:
    """A lane lock that holds a process's lanes back until opened."""

    def __init__(self) -> None:
        self.open = asyncio.Event()

    @asynccontextmanager
    async def __call__(self, chat_key: int) -> AsyncIterator[None]:
        await self.open.wait()
        yield


def update(update_id: int, *, staff: bool = False) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {"chat": {"id": CHAT}, "from": {"id": CHAT}, "staff": staff},
    }


def inbox(units: UnitOfWorkFactory, events: list[tuple[str, int]], lock: Any = None) -> Inbox:
    outbox = OutboxDispatcher(Bot("123456:LANES"), units, CLOCK, RateLimiter(enabled=False))
    return Inbox(units, Recording(events), outbox, CLOCK, lane_lock=lock)


async def store_elsewhere(units: UnitOfWorkFactory, payload: dict[str, Any]) -> None:
    """Another process stored an update (its lane has not run yet)."""
    async with units() as unit:
        await unit.inbox.store([(payload["update_id"], CHAT, payload)], CLOCK.now())
        await unit.commit()


async def test_an_update_stored_elsewhere_goes_first_and_prepared(
    units: UnitOfWorkFactory,
) -> None:
    events: list[tuple[str, int]] = []
    await store_elsewhere(units, update(1, staff=True))
    here = inbox(units, events)
    await here.accept([update(2)])
    await asyncio.wait_for(here.wait_idle(), 10)
    assert events == [("prepare", 1), ("handle", 1), ("handle", 2)]
    async with units() as unit:
        assert await unit.inbox.pending_ids(CHAT) == []


async def test_a_lane_whose_updates_were_handled_elsewhere_moves_on(
    units: UnitOfWorkFactory,
) -> None:
    """Process A stored update 1, but B handled it while A's lane waited; the chat's next
    update, stored by a third process, needs preparing: A prepares it and handles it once."""
    events: list[tuple[str, int]] = []
    held = Gate()
    a = inbox(units, events, held)
    b = inbox(units, events)
    await a.accept([update(1)])
    await b.accept([update(2)])
    await asyncio.wait_for(b.wait_idle(), 10)
    await store_elsewhere(units, update(3, staff=True))
    held.open.set()
    await asyncio.wait_for(a.wait_idle(), 10)
    assert events == [("handle", 1), ("handle", 2), ("prepare", 3), ("handle", 3)]
    assert (a.handled, b.handled) == (1, 2)

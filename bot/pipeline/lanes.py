"""Per-chat lanes: one worker at a time per chat, so each chat's work stays in order, and
many chats at once. The inbox (updates in) and the outbox (messages out) both run on them."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import nullcontext

log = logging.getLogger(__name__)

Work = Callable[[int], Awaitable[None]]


class Lanes:
    """Runs `work(key)` for each woken key, never twice at once for one key. A key woken while
    its work runs is run again afterwards, so what arrived meanwhile is not missed; the work
    itself reads what there is to do (the table), so a wake-up is only a hint."""

    def __init__(self, work: Work, *, name: str, concurrency: int | None = None) -> None:
        self._work = work
        self._name = name
        # Where a lane costs something scarce (a database connection), only so many run at once.
        self._slots = asyncio.Semaphore(concurrency) if concurrency else None
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._again: set[int] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def wake(self, key: int) -> None:
        """Make sure `key`'s work runs (again, if it is running now)."""
        if key in self._tasks:
            self._again.add(key)
            return
        self._idle.clear()
        self._tasks[key] = asyncio.create_task(self._run(key), name=f"{self._name}-{key}")

    def running(self, key: int) -> bool:
        """Whether `key`'s lane is busy."""
        return key in self._tasks

    async def wait_idle(self) -> None:
        """Until no lane has work (tests, shutdown)."""
        await self._idle.wait()

    async def stop(self) -> None:
        """Cancel every lane; what they had not done stays where it was stored."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self, key: int) -> None:
        try:
            while True:
                self._again.discard(key)
                async with self._slots or nullcontext():
                    await self._work(key)
                if key not in self._again:
                    break
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s lane %s stopped; it runs again when woken", self._name, key)
        finally:
            del self._tasks[key]
            if not self._tasks:
                self._idle.set()

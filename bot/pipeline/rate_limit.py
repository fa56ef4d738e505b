"""Telegram's sending limits as token buckets: 30/s overall, ~1/s per chat, 20/min per group."""

import asyncio
import time
from dataclasses import dataclass


@dataclass(slots=True)
class Bucket:
    rate: float
    capacity: float
    tokens: float
    stamp: float

    def wait_time(self, now: float) -> float:
        """Seconds until one token is free; takes it when free now."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class RateLimiter:
    """Waits before each send just long enough to stay inside Telegram's limits."""

    def __init__(
        self,
        per_second: float = 30,
        private_per_second: float = 1,
        group_per_minute: float = 20,
        burst: float = 3,
        enabled: bool = True,
    ) -> None:
        self._enabled = enabled
        self._global = Bucket(per_second, per_second, per_second, time.monotonic())
        self._private_rate = private_per_second
        self._group_rate = group_per_minute / 60
        self._burst = burst
        self._chats: dict[int, Bucket] = {}

    async def acquire(self, chat_id: int) -> None:
        """Return when a message to this chat may be sent."""
        if not self._enabled:
            return
        bucket = self._chats.get(chat_id)
        if bucket is None:
            rate = self._group_rate if chat_id < 0 else self._private_rate
            bucket = self._chats[chat_id] = Bucket(
                rate, self._burst, self._burst, time.monotonic()
            )
        while (delay := bucket.wait_time(time.monotonic())) > 0:
            await asyncio.sleep(delay)
        while (delay := self._global.wait_time(time.monotonic())) > 0:
            await asyncio.sleep(delay)

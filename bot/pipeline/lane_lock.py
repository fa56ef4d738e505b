"""A per-chat lock in Redis, so several bot processes keep one chat's updates in order."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis


class RedisLaneLock:
    def __init__(self, redis: Redis, lease_seconds: float = 60.0) -> None:
        self._redis = redis
        self._lease = lease_seconds

    @asynccontextmanager
    async def __call__(self, chat_key: int) -> AsyncIterator[None]:
        lock = self._redis.lock(f"dadres:lane:{chat_key}", timeout=self._lease, sleep=0.01)
        await lock.acquire()
        try:
            yield
        finally:
            await lock.release()

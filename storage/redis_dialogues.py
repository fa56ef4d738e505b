"""Dialogues an older Dadres kept in Redis (aiogram's RedisStorage with its default keys),
moved into the database at start, so that nobody in the middle of an intake loses the draft
to the upgrade that keeps dialogue state in the database."""

import logging
from collections.abc import Callable
from datetime import datetime

from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage
from redis.asyncio import Redis

from storage.fsm_storage import storage_key
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

PATTERN = "fsm:*"


def legacy_key(redis_key: str, bot_id: int) -> StorageKey | None:
    """The dialogue a RedisStorage key (fsm:chat[:thread]:user:state|data) belongs to; None
    for any other key."""
    parts = redis_key.split(":")
    if parts[0] != "fsm" or parts[-1] not in ("state", "data") or len(parts) not in (4, 5):
        return None
    try:
        chat_id, *thread, user_id = (int(part) for part in parts[1:-1])
    except ValueError:
        return None
    thread_id = thread[0] if thread else None
    return StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=user_id, thread_id=thread_id)


async def move_redis_dialogues(
    redis: Redis, units: Callable[[], UnitOfWork], bot_id: int, now: datetime
) -> int:
    """Copy each dialogue Redis still holds into the database (where the database has none
    of its own), commit, then delete it from Redis; how many were moved. A crash before the
    delete only repeats the copy at the next start, which then finds the rows there."""
    found: dict[StorageKey, list[bytes]] = {}
    async for raw in redis.scan_iter(match=PATTERN, count=500):
        key = legacy_key(raw.decode(), bot_id)
        if key is not None:
            found.setdefault(key, []).append(raw)
    if not found:
        return 0
    legacy = RedisStorage(redis)
    moved = 0
    async with units() as unit:
        for key in found:
            flat = storage_key(key)
            if await unit.dialogue_states.get(flat) is not None:
                continue
            state, data = await legacy.get_state(key), await legacy.get_data(key)
            await unit.dialogue_states.put(
                flat, now, state=state, data=data, set_state=True, set_data=True
            )
            moved += 1
        await unit.commit()
    await redis.delete(*(raw for raws in found.values() for raw in raws))
    log.info("moved %d dialogues from Redis into the database", moved)
    return moved

"""Dialogues an older Dadres left in Redis move into the database once, and only where the
database has none of its own."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage
from redis.asyncio import Redis

from storage.fsm_storage import storage_key
from storage.redis_dialogues import legacy_key, move_redis_dialogues
from storage.unit_of_work import UnitOfWorkFactory
from tests.conftest import REDIS_URL

AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
BOT = 123456


@pytest.fixture
async def redis(redis_skip_reason: str | None) -> AsyncIterator[Redis]:
    """The test Redis database, emptied before and after."""
    if redis_skip_reason:
        pytest.skip(redis_skip_reason)
    client = Redis.from_url(REDIS_URL)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


def test_only_redis_storage_dialogue_keys_are_recognised() -> None:
    assert legacy_key("fsm:7:8:state", BOT) == StorageKey(bot_id=BOT, chat_id=7, user_id=8)
    assert legacy_key("fsm:-100:5:8:data", BOT) == StorageKey(
        bot_id=BOT, chat_id=-100, user_id=8, thread_id=5
    )
    for other in ("fsm:7:8:lock", "dadres:lane:7", "fsm:7:state", "fsm:a:8:state"):
        assert legacy_key(other, BOT) is None, other


@pytest.mark.redis
async def test_dialogues_move_from_redis_once_without_overwriting_the_database(
    units: UnitOfWorkFactory, redis: Redis
) -> None:
    legacy = RedisStorage(redis)
    drafting = StorageKey(bot_id=BOT, chat_id=7, user_id=7)
    in_topic = StorageKey(bot_id=BOT, chat_id=-100, user_id=8, thread_id=5)
    newer = StorageKey(bot_id=BOT, chat_id=9, user_id=9)
    await legacy.set_state(drafting, "Intake:describing")
    await legacy.set_data(drafting, {"category": "delay", "draft": "d1"})
    await legacy.set_state(in_topic, "FollowUp:answering")
    await legacy.set_state(newer, "Intake:old")
    await redis.set("dadres:lane:7", "held")
    async with units() as unit:
        await unit.dialogue_states.put(storage_key(newer), AT, state="Intake:new", set_state=True)
        await unit.commit()

    assert await move_redis_dialogues(redis, units, BOT, AT) == 2

    async with units() as unit:
        moved = await unit.dialogue_states.get(storage_key(drafting))
        assert moved is not None
        assert (moved.state, moved.data) == (
            "Intake:describing",
            {"category": "delay", "draft": "d1"},
        )
        topic = await unit.dialogue_states.get(storage_key(in_topic))
        assert topic is not None and topic.state == "FollowUp:answering"
        kept = await unit.dialogue_states.get(storage_key(newer))
        assert kept is not None and kept.state == "Intake:new"
    assert sorted(await redis.keys("*")) == [b"dadres:lane:7"]
    assert await move_redis_dialogues(redis, units, BOT, AT) == 0

"""Per-chat lanes: one worker at a time per key, keys at once, and a wake during work not lost."""

import asyncio

from bot.pipeline.lanes import Lanes


async def test_one_key_runs_one_at_a_time_and_a_wake_meanwhile_runs_it_again() -> None:
    runs: list[int] = []
    inside = 0
    most = 0

    async def work(key: int) -> None:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        runs.append(key)
        await asyncio.sleep(0.01)
        inside -= 1

    lanes = Lanes(work, name="test")
    lanes.wake(1)
    await asyncio.sleep(0)
    lanes.wake(1)
    lanes.wake(1)
    await lanes.wait_idle()
    assert runs == [1, 1]
    assert most == 1


async def test_keys_run_at_once_up_to_the_concurrency() -> None:
    inside = 0
    most = 0

    async def work(key: int) -> None:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        await asyncio.sleep(0.01)
        inside -= 1

    lanes = Lanes(work, name="test", concurrency=3)
    for key in range(10):
        lanes.wake(key)
    await lanes.wait_idle()
    assert most == 3


async def test_a_failing_lane_is_logged_and_runs_again_when_woken() -> None:
    calls: list[int] = []

    async def work(key: int) -> None:
        calls.append(key)
        if len(calls) == 1:
            raise RuntimeError("boom")

    lanes = Lanes(work, name="test")
    lanes.wake(5)
    await lanes.wait_idle()
    assert not lanes.running(5)
    lanes.wake(5)
    await lanes.wait_idle()
    assert calls == [5, 5]


async def test_stop_cancels_what_runs() -> None:
    started = asyncio.Event()

    async def work(key: int) -> None:
        started.set()
        await asyncio.sleep(60)

    lanes = Lanes(work, name="test")
    lanes.wake(1)
    await started.wait()
    await lanes.stop()
    assert not lanes.running(1)
    await asyncio.wait_for(lanes.wait_idle(), 1)

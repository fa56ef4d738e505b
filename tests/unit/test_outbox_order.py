"""A group chat's rows take turns by complaint; each complaint's, and a private chat's, keep
their order."""

from typing import Any

from bot.pipeline.outbox import ABOUT, RESOLVE, FairQueue, stream_of
from storage.repositories.outbox import QueuedCall

GROUP = -100123


def row(n: int, chat: int = GROUP, ref: str | None = None, **payload: Any) -> QueuedCall:
    return QueuedCall(n, chat, "sendMessage", payload, ref)


def drained(queue: FairQueue) -> list[int]:
    order = []
    while queue:
        order.append(queue.pop().id)
    return order


def test_the_complaint_of_a_row_comes_from_its_about_ref_or_resolve() -> None:
    assert stream_of(row(1, **{ABOUT: {"complaint": 7, "from": "card"}})) == 7
    assert stream_of(row(2, ref="card:8")) == 8
    assert stream_of(row(3, **{RESOLVE: {"message_thread_id": "topic:9"}})) == 9
    assert stream_of(row(4)) is None
    assert stream_of(row(5, chat=42, ref="card:8")) is None


def test_a_second_complaint_does_not_wait_for_the_firsts_files() -> None:
    queue = FairQueue()
    queue.extend([row(1, ref="topic:1"), row(2, ref="card:1")])
    queue.extend(row(n, ref="relay:1") for n in range(3, 18))
    assert [queue.pop().id for _ in range(3)] == [1, 2, 3]
    queue.extend([row(20, ref="topic:2"), row(21, ref="card:2"), row(22, ref="relay:2")])
    order = drained(queue)
    assert order[:6] == [20, 4, 21, 5, 22, 6]
    assert [n for n in order if n < 20] == list(range(4, 18))


def test_a_private_chat_keeps_strict_order() -> None:
    queue = FairQueue()
    queue.extend([row(1, chat=5, ref="card:1"), row(2, chat=5), row(3, chat=5, ref="card:2")])
    assert drained(queue) == [1, 2, 3]

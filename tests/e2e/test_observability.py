"""What an operator watches: JSON log lines while the real bot works, and /healthz and
/metrics scraped over HTTP."""

import io
import json
import logging
import socket
from collections.abc import Iterator
from datetime import timedelta

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.telemetry.logging_json import JsonFormatter
from storage.database import create_engine, create_session_factory
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.conversation import Person
from tests.e2e.harness import RunningBot, running_bot
from tests.e2e.test_intake import file_complaint

DESCRIPTION = "بسته دو هفته دیر رسید و آسیب دیده بود."


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Everything logged at INFO and above, through the JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_json_logs_name_updates_and_chats_and_carry_nothing_personal(
    bot: RunningBot, json_lines: io.StringIO
) -> None:
    person = Person(bot, 1301, "fa")
    await person.send("/start")
    await file_complaint(person, phone="۰۹۱۲ ۱۲۳ ۴۵۶۷")
    bot.fake.add_fault(
        "sendMessage", error_code=400, description="Bad Request: boom", chat_id=1301
    )
    await person.send("/help")
    await bot.settle()
    lines = json_lines.getvalue().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any(e.get("update_id") and e.get("chat_id") == 1301 for e in entries)
    assert any(e["logger"] == "bot.pipeline.outbox" and e.get("chat_id") == 1301 for e in entries)
    text = "\n".join(lines)
    for personal in (DESCRIPTION, "بسته دو هفته", "9121234567", "۰۹۱۲", "Sara Ahmadi"):
        assert personal not in text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def scrape(session: aiohttp.ClientSession, base: str) -> dict:  # type: ignore[type-arg]
    async with session.get(f"{base}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        return samples(await response.text())


async def test_healthz_and_metrics_are_served_when_a_port_is_set(sqlite_url: str) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with running_bot(sqlite_url, metrics_port=port) as bot, aiohttp.ClientSession() as web:
        async with web.get(f"{base}/healthz") as response:
            assert response.status == 200 and (await response.json())["status"] == "ok"
        before = await scrape(web, base)
        person = Person(bot, 1302, "en")
        await person.send("/start")
        await file_complaint(person)
        bot.fake.fail_with_429(times=1, retry_after=1, method="sendMessage")
        await person.send("/help")
        await bot.settle()
        engine = create_engine(sqlite_url)  # a unit that hands nothing to the running sender
        units = UnitOfWorkFactory(create_session_factory(engine))
        async with units() as unit:
            queued_at = bot.clock.now() - timedelta(seconds=90)
            await unit.outbox.add(1302, "sendMessage", {"text": "later"}, queued_at)
            await unit.inbox.store([(999, 1302, {"update_id": 999, "message": {}})], queued_at)
            await unit.inbox.record_failure(999, "ValueError: x", True, queued_at)
            await unit.commit()
        await engine.dispose()
        after = await scrape(web, base)

    def grew(name: str, labels: tuple[tuple[str, str], ...] = ()) -> float:
        return after[(name, labels)] - before.get((name, labels), 0.0)

    handled = grew("dadres_updates_handled_total")
    assert handled >= 12  # /start, the intake's steps, /help
    assert grew("dadres_update_handler_seconds_count", (("outcome", "ok"),)) >= handled
    assert grew("dadres_telegram_rate_limited_total") == 1
    assert after[("dadres_sweep_seconds_count", ())] >= 1
    assert after[("dadres_database_up", ())] == 1
    assert after[("dadres_outbox_depth", ())] == 1
    assert after[("dadres_outbox_oldest_age_seconds", ())] == 90
    assert after[("dadres_parked_updates", ())] == 1
    assert after[("dadres_complaints", (("status", "received"),))] == 1
    assert ("python_info", (("implementation", "CPython"),)) in {
        (name, labels[:1]) for name, labels in after
    }


async def test_nothing_listens_without_a_port(bot: RunningBot) -> None:
    assert bot.app is not None and bot.app.settings.metrics_port is None


async def test_a_taken_port_is_logged_and_the_bot_still_serves(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        async with running_bot(sqlite_url, metrics_port=port) as bot:
            person = Person(bot, 1303, "en")
            replies = await person.send("/start")
            assert replies
    assert any("metrics: cannot listen" in r.getMessage() for r in caplog.records)

"""The escalation ladder runs on the paused clock: time spent waiting for the complainant
moves the at-risk ping, the breach and the supervisors' ping alike, so the assignee is never
told "at risk" hours early, nor with "0 minutes left" before the real deadline."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.conversation import Person
from tests.e2e.test_intake import file_complaint
from tests.e2e.test_staff import AGENT, STAFF_CHAT, SUPERVISOR, Desk, running_desk
from tests.e2e.test_timeliness import complaint, count, history, sweep

# Calendar time keeps the arithmetic plain: resolution in 24 h, at risk after 18 h.
POLICY = """
[policy.targets.normal]
first_response = "2h"
resolution = "1d"
working_time = false
"""


@pytest.fixture
async def desk(sqlite_url: str, tmp_path: Path) -> AsyncIterator[Desk]:
    path = tmp_path / "policy.toml"
    path.write_text(POLICY, encoding="utf-8")
    async with running_desk(sqlite_url, True, policy_file=path) as desk:
        yield desk


async def test_every_rung_waits_for_the_time_spent_waiting(desk: Desk) -> None:
    bot, fake = desk.bot, desk.fake
    person = Person(bot, 1601, "en")
    code = await file_complaint(person)
    filed_at = bot.clock.now()
    await desk.press(code, "staff-button-take")
    fake.send_text(desk.agent, "/start")
    await bot.settle()
    bot.clock.advance(hours=1)
    await desk.press(code, "staff-button-ask")
    await desk.answer_prompt("Which branch was it?")
    bot.clock.advance(hours=10)  # ten hours waiting: the clock stands still
    await person.send("The central branch")
    resumed = await complaint(bot, code)
    assert resumed.resolution_due == filed_at + timedelta(hours=34)

    bot.clock.set(filed_at + timedelta(hours=19))  # 18 h on the wall clock, 9 h on the target's
    await sweep(bot)
    assert count(fake, AGENT, "is at risk") == 0

    bot.clock.set(filed_at + timedelta(hours=28, minutes=1))  # 18 h on the target's clock
    await sweep(bot)
    assert count(fake, AGENT, "is at risk") == 1
    ping = next(m["text"] for m in fake.sent(AGENT) if "is at risk" in m.get("text", ""))
    assert "5 hours, 59 minutes left" in ping

    bot.clock.set(filed_at + timedelta(hours=24, minutes=5))  # the unpaused due date
    await sweep(bot)
    assert count(fake, STAFF_CHAT, "is past its response deadline") == 0

    bot.clock.set(filed_at + timedelta(hours=34, minutes=5))
    await sweep(bot)
    assert count(fake, STAFF_CHAT, "is past its response deadline") == 1
    bot.clock.set(filed_at + timedelta(hours=37, minutes=59))
    await sweep(bot)
    assert count(fake, SUPERVISOR, "is past its response deadline") == 0
    bot.clock.set(filed_at + timedelta(hours=38, minutes=1))
    await sweep(bot)
    assert count(fake, SUPERVISOR, "is past its response deadline") == 1
    assert count(fake, AGENT, "0 minutes left") == 0
    pings = [e.payload["rung"] for e in await history(bot, code) if e.kind == "ping"]
    assert pings == ["at_risk", "breached", "supervisors"]


async def test_no_at_risk_ping_once_the_target_is_already_missed(desk: Desk) -> None:
    bot, fake = desk.bot, desk.fake
    person = Person(bot, 1602, "en")
    code = await file_complaint(person)
    filed_at = bot.clock.now()
    await desk.press(code, "staff-button-take")
    fake.send_text(desk.agent, "/start")
    await bot.settle()
    await bot.stop()
    bot.clock.set(filed_at + timedelta(hours=25))  # down across both the at-risk moment and due
    await bot.start()
    await sweep(bot)
    await sweep(bot)
    assert count(fake, AGENT, "is at risk") == 0
    assert count(fake, STAFF_CHAT, "is past its response deadline") == 1
    pings = [e.payload["rung"] for e in await history(bot, code) if e.kind == "ping"]
    assert "at_risk" not in pings

"""`dadres doctor` against the fake Bot API over HTTP, with good and broken setups."""

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.doctor import Finding, Mark, diagnose, log_summary
from bot.domain.clock import SystemClock
from bot.settings import Settings, load_settings
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.harness import TOKEN
from tests.fakes.bot_api import FakeBotAPI

STAFF = -1001234567890
BOT_ID = int(TOKEN.split(":")[0])
SUPERVISOR = 4242


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    """Telegram with a good setup: a private forum where the bot is an administrator, and a
    supervisor who has started the bot."""
    async with FakeBotAPI(TOKEN) as api:
        api.group(STAFF, "Complaints desk", is_forum=True)
        api.set_member(STAFF, BOT_ID, "administrator")
        api.user(SUPERVISOR, "Supervisor")
        yield api


def settings_for(fake: FakeBotAPI, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": TOKEN,
        "telegram_api_url": fake.base_url,
        "database_url": database_url,
        "staff_chat_id": STAFF,
        "supervisor_ids": str(SUPERVISOR),
    }
    settings, _ = load_settings(_env_file=None, **(values | overrides))
    return settings


async def check(settings: Settings) -> dict[str, Finding]:
    findings = await diagnose(settings, SystemClock().now())
    return {finding.topic: finding for finding in findings}


def problems(found: dict[str, Finding]) -> list[str]:
    return [f.line for f in found.values() if f.mark is Mark.BAD]


async def test_a_good_setup_has_no_problem_and_says_what_it_checked(
    fake: FakeBotAPI, sqlite_url: str
) -> None:
    found = await check(settings_for(fake, sqlite_url))
    assert problems(found) == []
    assert "@" in found["token"].text and str(BOT_ID) in found["token"].text
    assert found["bot in staff chat"].text == "an administrator"
    assert found["topics"].text.startswith("on")
    assert found["public"].text.startswith("no")
    assert found["privacy mode"].mark is Mark.OK
    assert found[f"supervisor {SUPERVISOR}"].mark is Mark.OK
    assert "schema current" in found["database"].text
    assert found["redis"].mark is Mark.SKIP
    assert found["webhook"].text.startswith("none")
    assert found["parked updates"].text == "none"
    assert fake.calls("getMe") and fake.calls("getWebhookInfo")
    assert [r.params["user_id"] for r in fake.calls("getChatMember")] == [BOT_ID]


async def test_a_wrong_token_is_refused_with_401_and_the_rest_is_not_asked(
    fake: FakeBotAPI, sqlite_url: str
) -> None:
    fake.accept_any_token = False
    found = await check(settings_for(fake, sqlite_url, bot_token="999999:WRONG-token"))
    assert found["token"].mark is Mark.BAD
    assert "401" in found["token"].text and "@BotFather" in found["token"].text
    assert [r.error_code for r in fake.calls("getMe")] == [401]
    assert found["staff chat"].mark is Mark.SKIP
    assert not fake.calls("getChat") and not fake.calls("getWebhookInfo")
    assert "schema current" in found["database"].text  # the database is still checked


async def test_a_bot_that_is_only_a_member_of_a_forum_cannot_open_topics_or_read_them(
    fake: FakeBotAPI, sqlite_url: str
) -> None:
    fake.set_member(STAFF, BOT_ID, "member")
    found = await check(settings_for(fake, sqlite_url))
    assert found["bot in staff chat"].mark is Mark.BAD
    assert "administrator" in found["bot in staff chat"].text
    assert found["privacy mode"].mark is Mark.BAD  # topics need every message read


async def test_an_administrator_without_the_topics_right_is_told_which_right(
    fake: FakeBotAPI, sqlite_url: str
) -> None:
    fake.set_rights(STAFF, BOT_ID, can_manage_topics=False)
    found = await check(settings_for(fake, sqlite_url))
    assert found["bot in staff chat"].mark is Mark.BAD
    assert "manage topics" in found["bot in staff chat"].text
    fake.bot["can_read_all_group_messages"] = True
    fake.set_member(STAFF, BOT_ID, "member")
    plain = -1009876543210
    fake.group(plain, "Plain desk", username="public_desk")
    found = await check(settings_for(fake, sqlite_url, staff_chat_id=plain))
    assert found["privacy mode"].mark is Mark.OK and found["privacy mode"].text.startswith("off")
    assert found["topics"].text.startswith("off")
    assert found["public"].mark is Mark.BAD and "@public_desk" in found["public"].text


async def test_an_unreachable_staff_chat_and_a_supervisor_who_never_started_the_bot(
    fake: FakeBotAPI, sqlite_url: str
) -> None:
    found = await check(
        settings_for(fake, sqlite_url, staff_chat_id=-1000000000999, supervisor_ids="4242,77")
    )
    assert found["staff chat"].mark is Mark.BAD and "/chatid" in found["staff chat"].text
    assert found["supervisor 4242"].mark is Mark.OK
    assert found["supervisor 77"].mark is Mark.BAD and "Start" in found["supervisor 77"].text
    probes = [r for r in fake.calls("sendChatAction")]
    assert {r.params["chat_id"] for r in probes} == {4242, 77}


async def test_a_supervisor_known_to_the_database_is_not_probed(
    fake: FakeBotAPI, sqlite_url: str
) -> None:
    from storage.models import Complainant

    engine = create_engine(sqlite_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    now = SystemClock().now()
    async with units() as unit:
        for user_id, blocked in ((SUPERVISOR, None), (77, now)):
            await unit.complainants.add(
                Complainant(
                    telegram_user_id=user_id,
                    chat_id=user_id,
                    language="fa",
                    created_at=now,
                    blocked_at=blocked,
                )
            )
        await unit.commit()
    await engine.dispose()
    found = await check(settings_for(fake, sqlite_url, supervisor_ids=f"{SUPERVISOR},77"))
    assert found[f"supervisor {SUPERVISOR}"].text == "has started the bot"
    assert found["supervisor 77"].mark is Mark.BAD and "blocked" in found["supervisor 77"].text
    assert not fake.calls("sendChatAction")


async def test_a_webhook_with_a_last_error_is_a_problem(fake: FakeBotAPI, sqlite_url: str) -> None:
    fake.webhook_url = "https://bot.example.org/telegram/webhook"
    fake.fail_webhook("Connection refused")
    found = await check(settings_for(fake, sqlite_url))
    assert found["webhook"].mark is Mark.BAD
    assert "Connection refused" in found["webhook"].text
    assert fake.webhook_url in found["webhook"].text


async def test_a_parked_update_and_a_stale_outbox_are_problems(
    fake: FakeBotAPI, sqlite_url: str
) -> None:
    from datetime import timedelta

    engine = create_engine(sqlite_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    now = SystemClock().now()
    async with units() as unit:
        await unit.inbox.store([(91, 1001, {"update_id": 91, "message": {}})], now)
        await unit.inbox.record_failure(91, "ValueError: broken", True, now)
        await unit.outbox.add(1001, "sendMessage", {"text": "hi"}, now - timedelta(hours=1))
        await unit.commit()
    await engine.dispose()
    found = await check(settings_for(fake, sqlite_url))
    assert found["parked updates"].mark is Mark.BAD
    assert "1 failed" in found["parked updates"].text
    assert "dadres parked" in found["parked updates"].text
    assert found["outbox"].mark is Mark.BAD and "1 messages waiting" in found["outbox"].text


async def test_a_missing_or_old_database_is_explained(fake: FakeBotAPI, tmp_path: Path) -> None:
    missing = f"sqlite+aiosqlite:///{tmp_path / 'none.sqlite3'}"
    found = await check(settings_for(fake, missing))
    assert found["database"].mark is Mark.BAD and "dadres migrate" in found["database"].text
    assert not (tmp_path / "none.sqlite3").exists()
    old = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    await upgrade(old, "0001")
    found = await check(settings_for(fake, old))
    assert found["database"].mark is Mark.BAD
    assert "0001" in found["database"].text and "dadres migrate" in found["database"].text


@pytest.mark.redis
async def test_redis_is_checked_when_set(
    fake: FakeBotAPI, sqlite_url: str, redis_skip_reason: str | None
) -> None:
    if redis_skip_reason:
        pytest.skip(redis_skip_reason)
    from tests.conftest import REDIS_URL

    found = await check(settings_for(fake, sqlite_url, redis_url=REDIS_URL))
    assert found["redis"].mark is Mark.OK
    found = await check(settings_for(fake, sqlite_url, redis_url="redis://127.0.0.1:1/0"))
    assert found["redis"].mark is Mark.BAD


async def test_the_command_exits_non_zero_only_when_something_is_wrong(
    fake: FakeBotAPI,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.base_url,
        "DATABASE_URL": sqlite_url,
        "STAFF_CHAT_ID": str(STAFF),
        "SUPERVISOR_IDS": str(SUPERVISOR),
    }.items():
        monkeypatch.setenv(name, value)
    assert await asyncio.to_thread(main, ["doctor"]) == 0
    out = capsys.readouterr().out
    assert "✓ token: works" in out and "all good" in out
    fake.set_member(STAFF, BOT_ID, "left")
    assert await asyncio.to_thread(main, ["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗ bot in staff chat" in out and "problems found" in out


async def test_the_start_summary_is_logged_line_by_line(
    fake: FakeBotAPI, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    fake.set_member(STAFF, BOT_ID, "member")
    with caplog.at_level(logging.INFO, logger="dadres.doctor"):
        await log_summary(settings_for(fake, sqlite_url), SystemClock().now())
    lines = {r.getMessage(): r.levelno for r in caplog.records}
    assert lines["doctor: ✓ token: works, the bot is @dadres_test_bot (id 123456)"] == logging.INFO
    bad = [line for line, level in lines.items() if level == logging.WARNING]
    assert any(line.startswith("doctor: ✗ bot in staff chat") for line in bad)


async def test_the_start_summary_gives_up_after_its_time(
    fake: FakeBotAPI, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    fake.delay("getMe", 3.0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with caplog.at_level(logging.INFO, logger="dadres.doctor"):
        await log_summary(settings_for(fake, sqlite_url), SystemClock().now(), seconds=0.5)
    assert loop.time() - started < 2.0
    assert any("took over" in r.getMessage() for r in caplog.records)

"""With REDIS_URL: Redis keeps two bot processes on one chat in order; dialogue state stays in
the database, committed with the update that changed it."""

import copy
from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage
from redis.asyncio import Redis

from bot.app import build_app
from bot.domain.clock import SystemClock
from bot.settings import load_settings
from handlers.states import Intake
from storage.database import create_engine, create_session_factory
from storage.fsm_storage import storage_key
from storage.models import Complaint
from storage.repositories.complaints import ComplaintRepository
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory, ambient_unit
from tests.conftest import REDIS_URL
from tests.e2e.conversation import Message, Person, buttons, texts
from tests.e2e.harness import TOKEN, RunningBot, running_bot
from tests.e2e.test_intake import code_in, file_complaint
from tests.fakes.bot_api import FakeBotAPI


@pytest.fixture
async def redis_url(redis_skip_reason: str | None) -> AsyncIterator[str]:
    """The test Redis database, emptied before and after."""
    if redis_skip_reason:
        pytest.skip(redis_skip_reason)
    client = Redis.from_url(REDIS_URL)
    await client.flushdb()
    yield REDIS_URL
    await client.flushdb()
    await client.aclose()


@pytest.mark.redis
async def test_intake_with_redis_keeps_the_dialogue_in_the_database_across_a_restart(
    sqlite_url: str, redis_url: str
) -> None:
    async with running_bot(sqlite_url, redis_url=redis_url) as bot:
        person = Person(bot, 6001, "fa")
        await person.send(person.t("menu-new-complaint"))
        await person.tap("تأخیر")
        await bot.restart()
        replies = await person.send("سفارش من ده روز است که نرسیده است.")
        assert person.t("intake-ask-date").split(".")[0] in texts(replies)
        client = Redis.from_url(redis_url)
        keys = await client.keys("fsm:*")
        await client.aclose()
        assert not keys, "dialogue state belongs to the update's transaction, not Redis"
        assert bot.app is not None
        async with bot.app.units() as uow:
            assert await uow.dialogue_states.get("123456:6001:6001:0::default") is not None
        code = await file_complaint(Person(bot, 6002, "en"))
        assert len(code) == 12


@pytest.mark.redis
async def test_a_draft_an_older_version_kept_in_redis_goes_on_after_the_upgrade(
    sqlite_url: str, redis_url: str
) -> None:
    async with running_bot(sqlite_url, redis_url=redis_url) as bot:
        person = Person(bot, 6004, "en")
        await person.send(person.t("menu-new-complaint"))
        await person.tap("Delay")
        await bot.stop()
        await as_an_older_version_kept_it(sqlite_url, redis_url, person.id)
        await bot.start()
        replies = await person.send("The parcel arrived two weeks late and damaged.")
        assert person.t("intake-ask-date") in texts(replies)
        client = Redis.from_url(redis_url)
        assert await client.keys("fsm:*") == []
        await client.aclose()


async def as_an_older_version_kept_it(database_url: str, redis_url: str, user_id: int) -> None:
    """Move the person's dialogue out of the database into Redis, as RedisStorage kept it."""
    engine = create_engine(database_url)
    units = UnitOfWorkFactory(create_session_factory(engine))
    key = StorageKey(bot_id=123456, chat_id=user_id, user_id=user_id)
    client = Redis.from_url(redis_url)
    try:
        async with units() as uow:
            dialogue = await uow.dialogue_states.get(storage_key(key))
            assert dialogue is not None and dialogue.state is not None
            legacy = RedisStorage(client)
            await legacy.set_state(key, dialogue.state)
            await legacy.set_data(key, dialogue.data)
            await uow.dialogue_states.put(
                storage_key(key), dialogue.updated_at, set_state=True, set_data=True
            )
            await uow.commit()
    finally:
        await client.aclose()
        await engine.dispose()


class FailingCommits:
    """The commits of the first `times` units that file a complaint fail, as when the
    database goes away at COMMIT: whatever the update did must be undone with it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, times: int) -> None:
        self.left = times
        self.failed = 0
        self._doomed: set[UnitOfWork] = set()
        add, commit = ComplaintRepository.add, UnitOfWork.commit

        async def filing(repository: ComplaintRepository, complaint: Complaint) -> Complaint:
            unit = ambient_unit()
            if unit is not None and self.left:
                self.left -= 1
                self._doomed.add(unit)
            return await add(repository, complaint)

        async def committing(unit: UnitOfWork) -> None:
            if unit in self._doomed:
                self._doomed.discard(unit)
                self.failed += 1
                raise ConnectionResetError("the database went away at COMMIT")
            await commit(unit)

        monkeypatch.setattr(ComplaintRepository, "add", filing)
        monkeypatch.setattr(UnitOfWork, "commit", committing)


async def until_confirm(person: Person) -> Message:
    """An intake up to its summary; returns the summary with its Confirm button."""
    await person.send(person.t("menu-new-complaint"))
    await person.tap("Delay")
    await person.send("The parcel arrived two weeks late and damaged.")
    await person.tap("intake-date-yesterday")
    await person.send("Order 12345, Tehran branch")
    await person.tap("remedy-refund")
    await person.tap("intake-keep-name", name="Sara Ahmadi")
    await person.send_contact("989121234567")
    replies = await person.tap("intake-consent-agree")
    assert person.t("intake-confirm") in buttons(replies[-1])
    return copy.deepcopy(replies[-1])


async def filed_by(bot: RunningBot, user_id: int) -> list[Complaint]:
    assert bot.app is not None
    async with bot.app.units() as uow:
        complainant = await uow.complainants.by_chat(user_id)
        assert complainant is not None
        return (await uow.complaints.page_for(complainant.id, 0, 10))[0]


async def draft_state(bot: RunningBot, user_id: int) -> str | None:
    assert bot.app is not None
    key = storage_key(StorageKey(bot_id=123456, chat_id=user_id, user_id=user_id))
    async with bot.app.units() as uow:
        dialogue = await uow.dialogue_states.get(key)
        return dialogue.state if dialogue else None


@pytest.mark.redis
@pytest.mark.parametrize("failures", [1, 3], ids=["retried", "parked-then-restarted"])
async def test_a_failed_commit_at_confirm_loses_no_draft_and_files_once_with_redis(
    database_url: str, redis_url: str, monkeypatch: pytest.MonkeyPatch, failures: int
) -> None:
    async with running_bot(database_url, redis_url=redis_url) as bot:
        person = Person(bot, 6003, "en")
        summary = await until_confirm(person)
        faults = FailingCommits(monkeypatch, failures)
        replies = await person.tap("intake-confirm")
        assert faults.failed == failures, "every attempt must have found the draft to file"
        if failures == 3:  # parked, with an apology; the draft waits for another Confirm
            assert texts(replies) == person.t("error-update-failed")
            assert await draft_state(bot, person.id) == Intake.confirming.state
            assert await filed_by(bot, person.id) == []
            await bot.restart()
            _, replies = await person.press(summary, confirm_data(summary, person))
        code = code_in(texts(replies))
        assert [c.tracking_code for c in await filed_by(bot, person.id)] == [code]
        assert await draft_state(bot, person.id) is None
        await bot.restart()
        _, again = await person.press(summary, confirm_data(summary, person))
        assert again == []
        answer = bot.fake.calls("answerCallbackQuery")[-1]
        assert answer.params.get("text") == person.t("intake-already-filed")
        assert [c.tracking_code for c in await filed_by(bot, person.id)] == [code]


def confirm_data(summary: Message, person: Person) -> str:
    """The callback data of the summary's Confirm button."""
    label = person.t("intake-confirm")
    rows = summary["reply_markup"]["inline_keyboard"]
    return next(b["callback_data"] for row in rows for b in row if b["text"] == label)


@pytest.mark.redis
@pytest.mark.postgres
async def test_two_processes_with_redis_handle_one_chat_in_order(
    postgres_url: str, redis_url: str
) -> None:
    await two_processes_in_order(postgres_url, redis_url)


@pytest.mark.postgres
async def test_two_processes_without_redis_handle_one_chat_in_order(postgres_url: str) -> None:
    await two_processes_in_order(postgres_url, None)


async def two_processes_in_order(database_url: str, redis_url: str | None) -> None:
    """Two apps on one database take turns at one chat's 30 updates: each once, in order."""
    fake = FakeBotAPI(TOKEN)
    await fake.start()
    settings, categories = load_settings(
        _env_file=None,
        bot_token=TOKEN,
        telegram_api_url=fake.base_url,
        database_url=database_url,
        redis_url=redis_url,
        telegram_rate_limit=False,
    )
    apps = [build_app(settings, categories, clock=SystemClock()) for _ in range(2)]
    try:
        for app in apps:
            await app.start()
        fake.user(6100, "Sara", "en")
        payloads = [
            {
                "update_id": 100 + n,
                "message": {
                    "message_id": n + 1,
                    "date": 1796112000,
                    "chat": {"id": 6100, "type": "private", "first_name": "Sara"},
                    "from": {"id": 6100, "is_bot": False, "first_name": "Sara"},
                    "text": "/help" if n % 2 else "/privacy",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 8 - 3 * (n % 2)}],
                },
            }
            for n in range(30)
        ]
        # Telegram hands over one update at a time (here alternately to each process); the
        # lanes of both processes then contend for the chat while the next ones arrive.
        for n, payload in enumerate(payloads):
            await apps[n % 2].inbox.accept([payload])
        for app in apps:
            await app.inbox.wait_idle()
        for app in apps:
            await app.outbox.wait_idle()
        async with apps[0].units() as uow:
            rows = [await uow.inbox.get(100 + n) for n in range(30)]
            assert all(row is not None and row.status == "done" for row in rows)
            moments = [row.handled_at for row in rows if row is not None]
            assert moments == sorted(moments)
        replies = [m["text"].split("\n")[0] for m in fake.sent(6100)]
        assert replies == [
            "How the Dadres complaints desk works" if n % 2 else "Your data and your complaint"
            for n in range(30)
        ]
        assert sum(app.inbox.handled for app in apps) == 30
    finally:
        for app in apps:
            await app.close()
        await fake.stop()

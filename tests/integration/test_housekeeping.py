"""Housekeeping that is privacy: delivered messages and abandoned drafts are forgotten."""

from datetime import UTC, datetime, timedelta

from storage.repositories import outbox
from storage.unit_of_work import UnitOfWorkFactory

T0 = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
WEEK_AGO = T0 - timedelta(days=7)


async def test_delivered_messages_go_after_a_week_pending_and_recent_ones_stay(
    units: UnitOfWorkFactory,
) -> None:
    async with units() as unit:
        old = T0 - timedelta(days=30)
        ids = {
            name: await unit.outbox.add(chat, "sendMessage", {"text": name}, old)
            for chat, name in enumerate(
                ("old-sent", "old-blocked", "old-failed", "recent-sent", "old-pending"), 1
            )
        }
        await unit.outbox.mark_sent([(ids["old-sent"], 1)], WEEK_AGO - timedelta(seconds=1))
        await unit.outbox.give_up(ids["old-blocked"], outbox.UNDELIVERABLE, "403", old)
        await unit.outbox.give_up(ids["old-failed"], outbox.FAILED, "400", old)
        await unit.outbox.mark_sent([(ids["recent-sent"], 2)], T0 - timedelta(days=1))
        await unit.commit()
    async with units() as unit:
        assert await unit.outbox.prune(WEEK_AGO) == 3
        await unit.commit()
    async with units() as unit:
        rows = [m for chat in range(1, 6) for m in await unit.outbox.for_chat(chat)]
        left = [m.payload["text"] for m in rows]
        assert left == ["recent-sent", "old-pending"]
        assert await unit.outbox.prune(WEEK_AGO) == 0


async def test_intake_drafts_idle_for_a_week_expire_other_dialogues_stay(
    units: UnitOfWorkFactory,
) -> None:
    rows = {
        "abandoned": ("Intake:describing", WEEK_AGO - timedelta(minutes=1)),
        "abandoned-late": ("Intake:consenting", T0 - timedelta(days=40)),
        "busy": ("Intake:naming", WEEK_AGO + timedelta(minutes=1)),
        "looking-up": ("Lookup:waiting_code", T0 - timedelta(days=40)),
        "lookalike": ("IntakeX:describing", T0 - timedelta(days=40)),
    }
    async with units() as unit:
        for key, (state, at) in rows.items():
            data = {"description": f"private words of {key}"}
            await unit.dialogue_states.put(
                key, at, state=state, data=data, set_state=True, set_data=True
            )
        await unit.commit()
    async with units() as unit:
        assert await unit.dialogue_states.expire("Intake:", WEEK_AGO) == 2
        assert await unit.dialogue_states.expire("In_ake%", WEEK_AGO) == 0  # no wildcards
        await unit.commit()
    async with units() as unit:
        kept = {key for key in rows if await unit.dialogue_states.get(key) is not None}
    assert kept == {"busy", "looking-up", "lookalike"}

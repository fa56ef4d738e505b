"""Failed status lookups are counted per code, whoever tried, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

from storage.unit_of_work import UnitOfWorkFactory

T0 = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
CODE = "802645901751"


async def test_failures_on_a_code_are_counted_across_accounts(units: UnitOfWorkFactory) -> None:
    async with units() as unit:
        for minute, user, succeeded, code in (
            (1, 1001, False, CODE),
            (2, 1002, False, CODE),
            (3, 1003, True, CODE),  # a success does not count
            (4, 1004, False, "100000000001"),  # another code does not count
            (5, 1005, False, None),  # a lookup from before codes were kept
            (6, 1001, False, CODE),
        ):
            await unit.lookups.record(user, T0 + timedelta(minutes=minute), succeeded, code)
        await unit.commit()
    async with units() as unit:
        failures = await unit.lookups.code_failures_since(CODE, T0)
        later = await unit.lookups.code_failures_since(CODE, T0 + timedelta(minutes=2))
        assert failures == [T0 + timedelta(minutes=m) for m in (1, 2, 6)]
        assert later == [T0 + timedelta(minutes=m) for m in (2, 6)]
        assert await unit.lookups.failures_since(1001, T0) == [
            T0 + timedelta(minutes=m) for m in (1, 6)
        ]
        await unit.lookups.prune(T0 + timedelta(minutes=3))
        await unit.commit()
    async with units() as unit:
        assert await unit.lookups.code_failures_since(CODE, T0) == [T0 + timedelta(minutes=6)]

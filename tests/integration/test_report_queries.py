"""The report's queries on SQLite and PostgreSQL give the figures counted by hand in
tests/unit/test_report_figures.py, where the same week runs on the in-memory unit of work."""

from dataclasses import asdict

from bot.domain.clock import FakeClock
from bot.domain.response_policy import load_policy
from bot.services.reports import ReportService
from storage.models import Complainant
from storage.unit_of_work import UnitOfWorkFactory
from tests.fakes.unit_of_work import FakeUnitOfWork
from tests.unit.test_report_figures import TEHRAN, WEEK, at, the_week


async def test_the_same_figures_from_the_database(units: UnitOfWorkFactory) -> None:
    async with units() as unit:
        for user_id in range(1, 6):
            owner = Complainant(
                telegram_user_id=user_id, chat_id=user_id, language="fa", created_at=at(1, 9)
            )
            assert (await unit.complainants.add(owner)).id == user_id
        await the_week(unit)
        await unit.commit()
    policy, clock = load_policy(None, TEHRAN), FakeClock(at(26, 12))
    async with units() as unit:
        found = await ReportService(unit, clock, policy).figures(WEEK)
    fake = FakeUnitOfWork()
    await the_week(fake)
    expected = await ReportService(fake, clock, policy).figures(WEEK)
    assert asdict(found) == asdict(expected)
    assert (found.new, found.past_target, found.surveys_answered) == (5, 2, 2)

"""Satisfaction surveys, one per complaint."""

from storage.models import Survey
from storage.transaction import Transaction


class SurveyRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit

    async def get(self, complaint_id: int) -> Survey | None:
        """The survey of one complaint, if it was sent."""
        session = await self._unit.session()
        return await session.get(Survey, complaint_id)

    async def add(self, survey: Survey) -> Survey:
        """Record that a survey was sent."""
        session = await self._unit.session()
        session.add(survey)
        await session.flush()
        return survey

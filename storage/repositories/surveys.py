"""Satisfaction surveys, one per complaint."""

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Survey


class SurveyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, complaint_id: int) -> Survey | None:
        """The survey of one complaint, if it was sent."""
        return await self._session.get(Survey, complaint_id)

    async def add(self, survey: Survey) -> Survey:
        """Record that a survey was sent."""
        self._session.add(survey)
        await self._session.flush()
        return survey

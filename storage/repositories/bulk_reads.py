"""Complaints read in bulk for exports and statistics, never inside an update."""

from collections.abc import Collection
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from storage.models import Complaint, ComplaintEvent, Survey
from storage.repositories.operations import HasSession

Grouping = Literal["status", "category", "priority"]


class BulkReadRepository:
    """Built on a unit of work (not registered in it), like OperationsRepository."""

    def __init__(self, unit: HasSession) -> None:
        self._unit = unit

    async def filed_between(self, start: datetime, end: datetime) -> list[Complaint]:
        """Complaints filed in [start, end), oldest first, with their attachments."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(Complaint)
            .where(Complaint.created_at >= start, Complaint.created_at < end)
            .order_by(Complaint.created_at, Complaint.id)
            .options(selectinload(Complaint.attachments))
        )
        return list(rows)

    async def histories(self, complaint_ids: Collection[int]) -> dict[int, list[ComplaintEvent]]:
        """Each complaint's history, oldest first."""
        found: dict[int, list[ComplaintEvent]] = {i: [] for i in complaint_ids}
        if not found:
            return found
        session = await self._unit.session()
        rows = await session.scalars(
            select(ComplaintEvent)
            .where(ComplaintEvent.complaint_id.in_(list(found)))
            .order_by(ComplaintEvent.at, ComplaintEvent.id)
        )
        for event in rows:
            found[event.complaint_id].append(event)
        return found

    async def surveys(self, complaint_ids: Collection[int]) -> dict[int, Survey]:
        """The surveys of these complaints, where one was sent."""
        if not complaint_ids:
            return {}
        session = await self._unit.session()
        rows = await session.scalars(
            select(Survey).where(Survey.complaint_id.in_(list(complaint_ids)))
        )
        return {survey.complaint_id: survey for survey in rows}

    async def counts_by(
        self, grouping: Grouping, start: datetime | None = None, end: datetime | None = None
    ) -> dict[str, int]:
        """How many complaints (filed in the range, when given) per status, category or
        priority."""
        column = getattr(Complaint, grouping)
        query = select(column, func.count(Complaint.id)).group_by(column)
        query = _in_range(query, start, end)
        session = await self._unit.session()
        return {str(key): int(count) for key, count in await session.execute(query)}

    async def first_responses(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[tuple[datetime, datetime]]:
        """(filed, first responded) of the complaints that had a first response."""
        query = select(Complaint.created_at, Complaint.first_responded_at).where(
            Complaint.first_responded_at.is_not(None)
        )
        session = await self._unit.session()
        return [
            (filed, answered)
            for filed, answered in await session.execute(_in_range(query, start, end))
        ]


def _in_range[Q](query: Q, start: datetime | None, end: datetime | None) -> Q:
    if start is not None:
        query = query.where(Complaint.created_at >= start)  # type: ignore[attr-defined]
    if end is not None:
        query = query.where(Complaint.created_at < end)  # type: ignore[attr-defined]
    return query

"""What a report reads: the complaints, changes of stage and surveys that fall in a period."""

from datetime import datetime

from sqlalchemy import or_, select

from storage.models import Complaint, ComplaintEvent, Survey
from storage.transaction import Transaction

STATUS_CHANGED = "status_changed"  # bot.domain.events.STATUS_CHANGED


class ReportRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit

    async def complaints(self, start: datetime, end: datetime) -> list[Complaint]:
        """Complaints filed, first answered, resolved, closed, moved or surveyed in the period."""
        session = await self._unit.session()
        moved = select(ComplaintEvent.complaint_id).where(
            ComplaintEvent.kind == STATUS_CHANGED,
            ComplaintEvent.at >= start,
            ComplaintEvent.at < end,
        )
        surveyed = select(Survey.complaint_id).where(Survey.sent_at >= start, Survey.sent_at < end)
        stamps = (
            Complaint.created_at,
            Complaint.first_responded_at,
            Complaint.resolved_at,
            Complaint.closed_at,
        )
        query = (
            select(Complaint)
            .where(
                or_(
                    *((stamp >= start) & (stamp < end) for stamp in stamps),
                    Complaint.id.in_(moved),
                    Complaint.id.in_(surveyed),
                )
            )
            .order_by(Complaint.id)
        )
        return list((await session.scalars(query)).all())

    async def status_changes(self, start: datetime, end: datetime) -> list[ComplaintEvent]:
        """Every change of stage in [start, end), oldest first."""
        session = await self._unit.session()
        query = (
            select(ComplaintEvent)
            .where(
                ComplaintEvent.kind == STATUS_CHANGED,
                ComplaintEvent.at >= start,
                ComplaintEvent.at < end,
            )
            .order_by(ComplaintEvent.at, ComplaintEvent.id)
        )
        return list((await session.scalars(query)).all())

    async def surveys(self, start: datetime, end: datetime) -> list[Survey]:
        """Surveys sent in [start, end)."""
        session = await self._unit.session()
        query = (
            select(Survey)
            .where(Survey.sent_at >= start, Survey.sent_at < end)
            .order_by(Survey.complaint_id)
        )
        return list((await session.scalars(query)).all())

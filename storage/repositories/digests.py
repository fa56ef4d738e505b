"""Daily digests: which days were sent, and the counts they report."""

from datetime import date, datetime

from sqlalchemy import func, select

from storage.models import Complaint, Digest
from storage.transaction import Transaction
from storage.upsert import insert_ignoring_conflicts

OPEN = ("received", "in_progress", "waiting", "reopened")


class DigestRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit

    async def claim(self, day: date, at: datetime) -> bool:
        """Take the right to send one day's digest; False when another run already has it."""
        session = await self._unit.session()
        statement = insert_ignoring_conflicts(self._unit.dialect.name, Digest.__table__, "day")
        found = await session.execute(statement, [{"day": day, "sent_at": at}])
        return found.first() is not None

    async def counts(self, at_risk: int, breached: int) -> dict[str, int]:
        """Open complaints at risk, breached, unassigned and reopened."""
        session = await self._unit.session()
        is_open = Complaint.status.in_(OPEN)
        flag = Complaint.ladder.op("&")

        async def count(*conditions: object) -> int:
            query = select(func.count(Complaint.id)).where(is_open, *conditions)
            return int(await session.scalar(query) or 0)

        return {
            "at_risk": await count(flag(at_risk) != 0, flag(breached) == 0),
            "breached": await count(flag(breached) != 0),
            "unassigned": await count(Complaint.assignee_id.is_(None)),
            "reopened": await count(Complaint.status == "reopened"),
        }

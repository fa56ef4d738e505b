"""Complaints, their attachments and their append-only history."""

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, inspect, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from storage.models import Attachment, Complaint, ComplaintEvent
from storage.transaction import Transaction

TABLE = Complaint.__table__
# Built once: every confirmed intake asks both.
SUBMITTED = select(TABLE.c.id).where(TABLE.c.submission_key == bindparam("key"))
CODED = select(TABLE.c.id).where(TABLE.c.tracking_code == bindparam("code"))


class ComplaintRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit
        # The session holds clean objects weakly; the complaints filed here are kept until
        # the unit ends, so that their cards are drawn from memory.
        self._filed: dict[int, Complaint] = {}

    async def add(self, complaint: Complaint) -> Complaint:
        """Store a new complaint; the unique constraints catch a doubled submission or code.
        It is kept, fully known, so that rendering its card right after filing does not
        read it back."""
        await self._unit.insert(complaint)
        self._filed[complaint.id] = complaint
        return complaint

    async def by_code(self, tracking_code: str) -> Complaint | None:
        """The complaint a tracking code names, with its attachments."""
        session = await self._unit.session()
        return await session.scalar(
            select(Complaint)
            .where(Complaint.tracking_code == tracking_code)
            .options(selectinload(Complaint.attachments))
        )

    async def lock(self, complaint: Complaint) -> Complaint:
        """Hold the complaint's row until this unit ends, and refresh the object from it, so
        that a change decided on what it shows cannot overwrite another unit's.

        On PostgreSQL the row is taken FOR NO KEY UPDATE: another change waits for this
        unit, while new history lines (which only share the key) do not; this unit's own
        changes are flushed first, so none is lost. SQLite's units take turns, so nothing
        can come in between there. Against deadlocks, a unit locks its complaints after any
        complainant row it changes, by ascending id; the sweep skips locked rows."""
        if self._unit.dialect.name != "postgresql":
            return complaint
        session = await self._unit.session()
        query = (
            select(Complaint)
            .where(Complaint.id == complaint.id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        )
        return (await session.execute(query)).scalar_one()

    async def by_submission(self, submission_key: str) -> Complaint | None:
        """The complaint created from one confirmed draft, to answer a repeated Confirm."""
        if not await self._unit.rows(SUBMITTED, {"key": submission_key}):
            return None  # the usual answer, found without the session (on SQLite)
        session = await self._unit.session()
        return await session.scalar(
            select(Complaint).where(Complaint.submission_key == submission_key)
        )

    async def code_taken(self, tracking_code: str) -> bool:
        """Whether a freshly drawn code collides with an existing one."""
        return bool(await self._unit.rows(CODED, {"code": tracking_code}))

    async def page_for(
        self, complainant_id: int, offset: int, limit: int
    ) -> tuple[list[Complaint], int]:
        """One page of a complainant's complaints, newest first, and how many there are."""
        session = await self._unit.session()
        total = await session.scalar(
            select(func.count()).where(Complaint.complainant_id == complainant_id)
        )
        rows = await session.scalars(
            select(Complaint)
            .where(Complaint.complainant_id == complainant_id)
            .order_by(Complaint.created_at.desc(), Complaint.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows), int(total or 0)

    async def by_id(self, complaint_id: int) -> Complaint | None:
        """A complaint by primary key, with its attachments."""
        session = await self._unit.session()
        return await session.scalar(
            select(Complaint)
            .where(Complaint.id == complaint_id)
            .options(selectinload(Complaint.attachments))
        )

    async def many(self, ids: Collection[int]) -> dict[int, Complaint]:
        """Several complaints by id, with attachments, in one query; one this unit of work
        holds with nothing left to load (one it just filed) is not read again."""
        found: dict[int, Complaint] = {}
        for complaint_id in ids:
            known = await self._known(complaint_id)
            if known is not None and not inspect(known).unloaded:
                found[complaint_id] = known
        missing = [complaint_id for complaint_id in ids if complaint_id not in found]
        if missing:
            session = await self._unit.session()
            rows = await session.scalars(
                select(Complaint)
                .where(Complaint.id.in_(missing))
                .options(selectinload(Complaint.attachments))
            )
            found.update((row.id, row) for row in rows)
        return found

    async def _known(self, complaint_id: int) -> Complaint | None:
        """The complaint as this unit already holds it: one it filed (and did not roll
        back), else one its session has loaded."""
        filed = self._filed.get(complaint_id)
        if filed is not None and self._unit.holds(filed):
            return filed
        session = await self._unit.session()
        known = session.identity_map.get(identity_key(Complaint, complaint_id))
        return known if isinstance(known, Complaint) else None

    async def open_list(
        self,
        statuses: Collection[str],
        *,
        category: str | None = None,
        assignee_id: int | None = None,
        limit: int = 20,
    ) -> tuple[list[Complaint], int]:
        """Complaints in some statuses, oldest first, with how many there are in all."""
        session = await self._unit.session()
        conditions = [Complaint.status.in_(list(statuses))]
        if category is not None:
            conditions.append(Complaint.category == category)
        if assignee_id is not None:
            conditions.append(Complaint.assignee_id == assignee_id)
        total = await session.scalar(select(func.count()).where(*conditions))
        rows = await session.scalars(
            select(Complaint)
            .where(*conditions)
            .order_by(Complaint.created_at, Complaint.id)
            .limit(limit)
        )
        return list(rows), int(total or 0)

    async def open_of(self, complainant_id: int) -> list[Complaint]:
        """The complainant's complaints that are still being handled."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(Complaint).where(
                Complaint.complainant_id == complainant_id,
                Complaint.status.in_(["received", "in_progress", "waiting", "reopened"]),
            )
        )
        return list(rows)

    async def claim_due(self, now: datetime, limit: int) -> list[Complaint]:
        """Complaints with something due, locked for this sweep: on PostgreSQL rows another
        process has claimed, or a service has locked to change, are skipped (FOR NO KEY
        UPDATE SKIP LOCKED, the lock of `lock`); SQLite has one writer."""
        session = await self._unit.session()
        query = (
            select(Complaint)
            .where(Complaint.next_check_at.is_not(None), Complaint.next_check_at <= now)
            .order_by(Complaint.next_check_at)
            .limit(limit)
        )
        if self._unit.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True, key_share=True)
        return list(await session.scalars(query))

    async def waiting_for(self, complainant_id: int) -> list[Complaint]:
        """The complainant's complaints that wait for their answer, newest first."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(Complaint)
            .where(Complaint.complainant_id == complainant_id, Complaint.status == "waiting")
            .order_by(Complaint.updated_at.desc())
        )
        return list(rows)

    async def add_attachments(self, attachments: list[Attachment]) -> None:
        """Attach files to a complaint (at filing time or later)."""
        for attachment in attachments:
            await self._unit.insert(attachment)
        for complaint_id in {a.complaint_id for a in attachments}:
            known = await self._known(complaint_id)
            if known is not None and "attachments" not in inspect(known).unloaded:
                added = [a for a in attachments if a.complaint_id == complaint_id]
                set_committed_value(known, "attachments", [*known.attachments, *added])

    async def add_event(self, event: ComplaintEvent, *, flush: bool = True) -> ComplaintEvent:
        """Append one line to a complaint's history (flushed when its id is needed now)."""
        await self._unit.insert(event, flush=flush)
        return event

    async def log(
        self,
        *,
        complaint_id: int,
        kind: str,
        actor_kind: str,
        actor_id: int | None,
        at: datetime,
        payload: dict[str, Any] | None = None,
        old_status: str | None = None,
        new_status: str | None = None,
        flush: bool = False,
    ) -> ComplaintEvent:
        """Append one line to a complaint's history: what happened, who did it, when."""
        return await self.add_event(
            ComplaintEvent(
                complaint_id=complaint_id,
                kind=kind,
                actor_kind=actor_kind,
                actor_id=actor_id,
                at=at,
                old_status=old_status,
                new_status=new_status,
                payload=payload or {},
            ),
            flush=flush,
        )

    async def logged_after(
        self, complainant_id: int, actor_kind: str, kinds: Collection[str], after: datetime
    ) -> list[datetime]:
        """When events of these kinds by this actor were logged on the complainant's
        complaints after a moment, oldest first."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(ComplaintEvent.at)
            .join(Complaint, Complaint.id == ComplaintEvent.complaint_id)
            .where(
                Complaint.complainant_id == complainant_id,
                ComplaintEvent.actor_kind == actor_kind,
                ComplaintEvent.kind.in_(list(kinds)),
                ComplaintEvent.at > after,
            )
            .order_by(ComplaintEvent.at)
        )
        return list(rows)

    async def history(self, complaint_id: int) -> list[ComplaintEvent]:
        """A complaint's history, oldest first."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(ComplaintEvent)
            .where(ComplaintEvent.complaint_id == complaint_id)
            .order_by(ComplaintEvent.at, ComplaintEvent.id)
        )
        return list(rows)

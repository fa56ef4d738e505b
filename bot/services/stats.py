"""The numbers an operator asks first: complaints by status, category and priority, how many
are overdue, and the median time to a first response."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Literal, Protocol

from bot.domain.status import OPEN

Grouping = Literal["status", "category", "priority"]


class Counts(Protocol):
    async def counts_by(
        self, grouping: Grouping, start: datetime | None = None, end: datetime | None = None
    ) -> dict[str, int]: ...
    async def first_responses(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[tuple[datetime, datetime]]: ...


class Ladder(Protocol):
    async def counts(self, at_risk: int, breached: int) -> dict[str, int]: ...


@dataclass(frozen=True, slots=True)
class Stats:
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_priority: dict[str, int]
    open: int
    overdue: int
    at_risk: int
    unassigned: int
    median_first_response: timedelta | None
    first_responses: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


async def gather_stats(
    counts: Counts,
    ladder: Ladder,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    open_statuses: Collection[str] = frozenset(str(s) for s in OPEN),
) -> Stats:
    """Counts of the complaints filed in the range (all when none); overdue, at risk and
    unassigned are of open complaints now, as in the supervisors' digest."""
    from bot.services.deadlines import Rung

    by_status = await counts.counts_by("status", start, end)
    responses = await counts.first_responses(start, end)
    waits = [answered - filed for filed, answered in responses]
    now = await ladder.counts(int(Rung.AT_RISK), int(Rung.BREACHED))
    return Stats(
        by_status=by_status,
        by_category=await counts.counts_by("category", start, end),
        by_priority=await counts.counts_by("priority", start, end),
        open=sum(n for status, n in by_status.items() if status in open_statuses),
        overdue=now["breached"],
        at_risk=now["at_risk"],
        unassigned=now["unassigned"],
        median_first_response=median(waits) if waits else None,
        first_responses=len(waits),
    )

"""Every change of stage is written the same way: the complaint's row and its history together."""

from datetime import datetime
from typing import Any

from bot.domain.events import Actor, EventKind
from bot.domain.status import Status
from bot.services.unit_of_work import UnitOfWork
from storage.models import Complaint


async def record_move(
    uow: UnitOfWork,
    complaint: Complaint,
    to: Status,
    by: tuple[Actor, int | None],
    now: datetime,
    payload: dict[str, Any],
) -> Status:
    """Move the complaint to `to` and log who did it; returns the stage it left. The caller
    has checked the move is allowed and keeps the complaint's clock."""
    old = Status(complaint.status)
    complaint.status = to
    complaint.updated_at = now
    actor_kind, actor_id = by
    await uow.complaints.log(
        complaint_id=complaint.id,
        kind=EventKind.STATUS_CHANGED,
        actor_kind=actor_kind,
        actor_id=actor_id,
        at=now,
        old_status=old,
        new_status=to,
        payload=payload,
    )
    return old

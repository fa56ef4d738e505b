"""A complaint's stages and the moves between them, checked in this one place."""

from enum import StrEnum


class Status(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    REOPENED = "reopened"


ALLOWED: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset(
        {Status.IN_PROGRESS, Status.REJECTED, Status.WITHDRAWN, Status.RESOLVED}
    ),
    Status.IN_PROGRESS: frozenset(
        {Status.WAITING, Status.RESOLVED, Status.REJECTED, Status.WITHDRAWN}
    ),
    Status.WAITING: frozenset(
        {Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED, Status.WITHDRAWN, Status.CLOSED}
    ),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.REOPENED}),
    Status.REOPENED: frozenset(
        {Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.REJECTED, Status.WITHDRAWN}
    ),
    Status.CLOSED: frozenset({Status.REOPENED}),
    Status.REJECTED: frozenset({Status.REOPENED}),
    Status.WITHDRAWN: frozenset(),
}

OPEN = frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING, Status.REOPENED})

# The one stage in which the complainant's Accept or Not resolved means anything: ALLOWED also
# lets staff close or reopen from other stages, which a complainant's old button must not do.
AWAITING_ANSWER = Status.RESOLVED


class MoveNotAllowed(Exception):
    """A status change that the complaint's current stage does not permit."""

    def __init__(self, current: Status, wanted: Status) -> None:
        super().__init__(f"{current} → {wanted} is not allowed")
        self.current = current
        self.wanted = wanted


def check_move(current: str, wanted: Status) -> Status:
    """The current status, once it is sure that moving to `wanted` is allowed."""
    now = Status(current)
    if wanted not in ALLOWED[now]:
        raise MoveNotAllowed(now, wanted)
    return now


def is_open(status: str) -> bool:
    """Whether the complainant can still add to or withdraw the complaint."""
    return Status(status) in OPEN


def awaits_answer(status: str) -> bool:
    """Whether the complainant may still accept or dispute the resolution."""
    return Status(status) is AWAITING_ANSWER

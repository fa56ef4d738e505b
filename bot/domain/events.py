"""The kinds of lines in a complaint's history, and which of them the complainant may read."""

from enum import StrEnum


class EventKind(StrEnum):
    FILED = "filed"
    INFO_ADDED = "info_added"
    STATUS_CHANGED = "status_changed"


class Actor(StrEnum):
    COMPLAINANT = "complainant"
    STAFF = "staff"
    SYSTEM = "system"


PUBLIC_KINDS = frozenset({EventKind.FILED, EventKind.INFO_ADDED, EventKind.STATUS_CHANGED})

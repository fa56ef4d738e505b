"""The kinds of lines in a complaint's history, and which of them the complainant may read."""

from enum import StrEnum


class EventKind(StrEnum):
    FILED = "filed"
    INFO_ADDED = "info_added"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    PRIORITY_CHANGED = "priority_changed"
    CATEGORY_CHANGED = "category_changed"
    NOTE = "note"
    MESSAGE_TO_COMPLAINANT = "message_to_complainant"
    QUESTION_ASKED = "question_asked"
    ANSWER_RECEIVED = "answer_received"
    ESCALATED = "escalated"
    CONTACT_VIEWED = "contact_viewed"
    EXPORTED = "exported"
    REFUSED = "refused"
    PING = "ping"
    SURVEYED = "surveyed"
    ERASED = "erased"  # personal data removed at the complainant's request
    ANONYMISED = "anonymised"  # personal data removed when the retention period ended


class Actor(StrEnum):
    COMPLAINANT = "complainant"
    STAFF = "staff"
    SYSTEM = "system"


PUBLIC_KINDS = frozenset(
    {
        EventKind.FILED,
        EventKind.INFO_ADDED,
        EventKind.STATUS_CHANGED,
        EventKind.MESSAGE_TO_COMPLAINANT,
        EventKind.QUESTION_ASKED,
        EventKind.ANSWER_RECEIVED,
    }
)

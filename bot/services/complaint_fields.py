"""What a complainant told us, as one complaint's exportable fields: the same in every export."""

from typing import Any

from storage.models import Complaint


def told(complaint: Complaint) -> dict[str, Any]:
    """The complaint as filed and handled, without tracking codes, dates or phone numbers."""
    return {
        "assignee": complaint.assignee_name,
        "description": complaint.description,
        "occurred_on": complaint.occurred_on.isoformat() if complaint.occurred_on else None,
        "location": complaint.location,
        "remedy": complaint.remedy,
        "remedy_text": complaint.remedy_text,
        "contact_name": complaint.contact_name,
    }

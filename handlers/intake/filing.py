"""From the dialogue's stored answers to the draft the intake service files."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from aiogram.types import CallbackQuery

from bot.domain.remedy import Remedy
from bot.services.intake import AttachmentDraft, Draft


def submission_key(query: CallbackQuery, data: Mapping[str, Any]) -> str:
    """One key per draft, so a doubled Confirm files one complaint."""
    return f"{query.from_user.id}:{data['draft']}"


def draft_of(data: Mapping[str, Any]) -> Draft:
    """The service's draft from the dialogue's stored answers."""
    occurred = data.get("occurred_on")
    return Draft(
        category=str(data["category"]),
        description=str(data.get("description") or ""),
        remedy=str(data.get("remedy") or Remedy.NONE),
        remedy_text=data.get("remedy_text"),
        consent_at=datetime.fromisoformat(str(data["consent_at"])),
        attachments=[
            AttachmentDraft(
                kind=a["kind"],
                file_id=a["file_id"],
                file_unique_id=a["file_unique_id"],
                caption=a.get("caption"),
            )
            for a in data.get("attachments", [])
        ],
        occurred_on=date.fromisoformat(occurred) if occurred else None,
        location=data.get("location"),
        name=data.get("name"),
        phone=data.get("phone"),
    )

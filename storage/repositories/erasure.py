"""Erasure: finding what holds a person's data, and removing it from every table.

The complaint history is append-only for everyone else (see `storage.models`); erasure is the
one exception the law makes, so it rewrites history lines with table statements, which the
ORM's append-only hook does not see, and only to take personal data out of them."""

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Text, bindparam, cast, delete, exists, or_, select, update
from sqlalchemy.orm import selectinload

from storage.models import (
    Attachment,
    Complainant,
    Complaint,
    ComplaintEvent,
    DialogueState,
    InboxUpdate,
    MessageRef,
    OutboxMessage,
    StatusLookup,
    Survey,
)
from storage.transaction import Transaction

EVENTS = ComplaintEvent.__table__
ERASED_PREFIX = "erased:"  # bot.domain.erasure.erased_key
# What a history line may hold in someone's words: what they (or staff, to them) wrote, and
# the Telegram file ids of what was sent. Counts, scores, stages and dates stay.
WORDS = ("text", "files")
REWRITE_EVENT = (
    update(EVENTS)
    .where(EVENTS.c.id == bindparam("event_id"))
    .values(
        payload=bindparam("new_payload", type_=EVENTS.c.payload.type),
        actor_id=bindparam("new_actor", type_=EVENTS.c.actor_id.type),
    )
)
PENDING = "pending"


class ErasureRepository:
    def __init__(self, unit: Transaction) -> None:
        self._unit = unit

    async def complaints_of(self, complainant_id: int) -> list[Complaint]:
        """Every complaint of a complainant, oldest first, with its attachments."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(Complaint)
            .where(Complaint.complainant_id == complainant_id)
            .order_by(Complaint.created_at, Complaint.id)
            .options(selectinload(Complaint.attachments))
        )
        return list(rows)

    async def expired(
        self, finished: Collection[str], before: datetime, limit: int
    ) -> list[Complaint]:
        """Finished complaints untouched since `before` whose personal data is still there."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(Complaint)
            .where(
                Complaint.status.in_(list(finished)),
                Complaint.updated_at < before,
                Complaint.submission_key.not_like(f"{ERASED_PREFIX}%"),
            )
            .order_by(Complaint.updated_at, Complaint.id)
            .limit(limit)
            .options(selectinload(Complaint.attachments))
        )
        return list(rows)

    async def left_behind(
        self, registered_before: datetime, real_above: int, limit: int
    ) -> list[Complainant]:
        """People registered before a moment, not yet pseudonymised (their id is above
        `real_above`), none of whose complaints still holds personal data."""
        kept = exists().where(
            Complaint.complainant_id == Complainant.id,
            Complaint.submission_key.not_like(f"{ERASED_PREFIX}%"),
        )
        session = await self._unit.session()
        rows = await session.scalars(
            select(Complainant)
            .where(
                Complainant.created_at < registered_before,
                Complainant.telegram_user_id > real_above,
                ~kept,
            )
            .order_by(Complainant.id)
            .limit(limit)
        )
        return list(rows)

    async def lookups_of(self, telegram_user_id: int) -> list[StatusLookup]:
        """The status lookups an account made that are still kept, oldest first."""
        session = await self._unit.session()
        rows = await session.scalars(
            select(StatusLookup)
            .where(StatusLookup.telegram_user_id == telegram_user_id)
            .order_by(StatusLookup.at, StatusLookup.id)
        )
        return list(rows)

    async def scrub_complaint(
        self, complaint: Complaint, actor_pseudonym: int, spellings: Collection[str]
    ) -> None:
        """Take the complainant out of a complaint's attachments, history lines, survey and
        queued or delivered messages (those that show one of the `spellings` of its tracking
        code, or name it by ref); the complaint's own columns are the caller's to clear."""
        session = await self._unit.session()
        await session.execute(delete(Attachment).where(Attachment.complaint_id == complaint.id))
        await session.refresh(complaint, ["attachments"])  # now empty, as the table is
        await self._scrub_history(complaint.id, actor_pseudonym)
        await session.execute(
            update(Survey).where(Survey.complaint_id == complaint.id).values(comment=None)
        )
        await session.execute(delete(OutboxMessage).where(_mentions(complaint.id, spellings)))

    async def scrub_person(
        self, telegram_user_id: int, chat_id: int, busy_since: datetime | None = None
    ) -> None:
        """Remove what is kept under a person's account: their dialogue (unless touched since
        `busy_since`: they are using the bot now), lookups, the refs of messages in their
        chat, messages to them, and updates from them already handled."""
        session = await self._unit.session()
        key = f"%:{chat_id}:{telegram_user_id}:%"  # storage.fsm_storage.storage_key
        dialogue = DialogueState.key.like(key)
        if busy_since is not None:
            dialogue = dialogue & (DialogueState.updated_at < busy_since)
        await session.execute(delete(DialogueState).where(dialogue))
        await session.execute(
            delete(StatusLookup).where(StatusLookup.telegram_user_id == telegram_user_id)
        )
        await session.execute(delete(MessageRef).where(MessageRef.chat_id == chat_id))
        await session.execute(delete(OutboxMessage).where(OutboxMessage.chat_id == chat_id))
        await session.execute(
            delete(InboxUpdate).where(
                InboxUpdate.chat_key == chat_id, InboxUpdate.status != PENDING
            )
        )

    async def hide_update(self, update_id: int, chat_pseudonym: int) -> None:
        """File the update being handled under a pseudonym instead of the person's chat; its
        payload is emptied when it is marked done."""
        session = await self._unit.session()
        await session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id)
            .values(chat_key=chat_pseudonym)
        )

    async def _scrub_history(self, complaint_id: int, actor_pseudonym: int) -> None:
        """Every history line without the words and files in it, and the complainant's own
        lines under the pseudonym."""
        session = await self._unit.session()
        found = await session.execute(
            select(EVENTS.c.id, EVENTS.c.actor_kind, EVENTS.c.actor_id, EVENTS.c.payload).where(
                EVENTS.c.complaint_id == complaint_id
            )
        )
        changes: list[dict[str, Any]] = []
        for event_id, actor_kind, actor_id, payload in found:
            kept = {k: v for k, v in (payload or {}).items() if k not in WORDS}
            actor = actor_pseudonym if actor_kind == "complainant" else actor_id
            if kept != (payload or {}) or actor != actor_id:
                changes.append({"event_id": event_id, "new_payload": kept, "new_actor": actor})
        if changes:
            await self._unit.count(REWRITE_EVENT, changes)


def _mentions(complaint_id: int, spellings: Collection[str]) -> ColumnElement[bool]:
    """Outbox rows about a complaint: named by one of its refs ("card:12", "prompt:ask:12";
    see bot.messages.notifier), waiting for one of them to be resolved, or showing its
    tracking code (its cards, notices, pings and exports all do)."""
    text = cast(OutboxMessage.payload, Text)
    return or_(
        OutboxMessage.ref.like(f"%:{complaint_id}"),
        text.like(f'%:{complaint_id}"%'),
        *(text.like(f"%{spelling}%") for spelling in spellings),
    )

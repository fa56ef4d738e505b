"""Status by tracking code: everything for the owner, one line for a verified stranger, nothing
for anyone else, and never a hint of whether a code exists."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.clock import Clock
from bot.domain.events import PUBLIC_KINDS
from bot.domain.phone import last_digits
from bot.services.unit_of_work import UnitOfWork
from storage.models import Complaint, ComplaintEvent

MAX_FAILURES = 5  # per account, on any codes
MAX_CODE_FAILURES = 5  # per code, from any accounts
WINDOW = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class OwnerView:
    complaint: Complaint
    history: list[ComplaintEvent]


@dataclass(frozen=True, slots=True)
class NeedPhoneDigits:
    code: str


@dataclass(frozen=True, slots=True)
class StrangerView:
    status: str
    since: datetime


@dataclass(frozen=True, slots=True)
class NoMatch:
    pass


@dataclass(frozen=True, slots=True)
class Locked:
    until: datetime


class StatusLookupService:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def lookup(self, viewer_user_id: int, code: str) -> OwnerView | NeedPhoneDigits | Locked:
        """The owner sees the complaint; anyone else is asked for the phone's last digits,
        unless the code has drawn too many wrong answers lately."""
        locked = await self._account_locked(viewer_user_id)
        if locked is not None:
            return locked
        complaint = await self._uow.complaints.by_code(code)
        if complaint is not None and await self._owns(viewer_user_id, complaint):
            await self._uow.lookups.record(viewer_user_id, self._clock.now(), True, code)
            return OwnerView(complaint, await self.public_history(complaint))
        return await self._code_locked(code) or NeedPhoneDigits(code)

    async def verify(
        self, viewer_user_id: int, code: str, digits: str
    ) -> StrangerView | NoMatch | Locked:
        """With the right last four phone digits, the current stage and its date; else NoMatch."""
        locked = await self._locked(viewer_user_id, code)
        if locked is not None:
            return locked
        complaint = await self._uow.complaints.by_code(code)
        matches = (
            complaint is not None
            and complaint.contact_phone is not None
            and len(digits) == 4
            and last_digits(complaint.contact_phone, 4) == digits
        )
        now = self._clock.now()
        await self._uow.lookups.record(viewer_user_id, now, matches, code)
        if not matches or complaint is None:
            return await self._locked(viewer_user_id, code) or NoMatch()
        return StrangerView(complaint.status, await self._stage_since(complaint))

    async def public_history(self, complaint: Complaint) -> list[ComplaintEvent]:
        """The lines of history the complainant may read, oldest first."""
        return [
            e for e in await self._uow.complaints.history(complaint.id) if e.kind in PUBLIC_KINDS
        ]

    async def _stage_since(self, complaint: Complaint) -> datetime:
        history = await self._uow.complaints.history(complaint.id)
        changes = [e.at for e in history if e.new_status == complaint.status]
        return changes[-1] if changes else complaint.created_at

    async def _owns(self, viewer_user_id: int, complaint: Complaint) -> bool:
        owner = await self._uow.complainants.by_id(complaint.complainant_id)
        return owner is not None and owner.telegram_user_id == viewer_user_id

    async def _locked(self, viewer_user_id: int, code: str) -> Locked | None:
        """Locked for this account or for this code, until both allow a try again."""
        locks = [await self._account_locked(viewer_user_id), await self._code_locked(code)]
        untils = [lock.until for lock in locks if lock is not None]
        return Locked(until=max(untils)) if untils else None

    async def _account_locked(self, viewer_user_id: int) -> Locked | None:
        """Too many failures by this account: it could be walking the code space."""
        since = self._clock.now() - WINDOW
        return _lock(await self._uow.lookups.failures_since(viewer_user_id, since), MAX_FAILURES)

    async def _code_locked(self, code: str) -> Locked | None:
        """Too many failures on this code, from any accounts: they could be sharing the
        guesses of its phone digits."""
        since = self._clock.now() - WINDOW
        failures = await self._uow.lookups.code_failures_since(code, since)
        return _lock(failures, MAX_CODE_FAILURES)


def _lock(failures: list[datetime], limit: int) -> Locked | None:
    """Locked until the oldest of the last `limit` failures leaves the window."""
    if len(failures) < limit:
        return None
    return Locked(until=failures[-limit] + WINDOW)

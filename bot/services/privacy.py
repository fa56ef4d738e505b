"""A complainant's own data: a copy of everything kept about them, erasure when they ask, and
anonymisation of complaints finished longer ago than the retention period.

Erasure keeps what statistics need (category, stages, dates, time measures, survey scores)
and removes who it was and what they said: name, phone, Telegram ids (a random pseudonym
stands in), descriptions, places, attachments, their messages and their survey comment."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.clock import Clock
from bot.domain.digits import to_persian_digits
from bot.domain.erasure import PSEUDONYM_MIN, Why, erased_key, is_pseudonym, pseudonym
from bot.domain.events import PUBLIC_KINDS, Actor, EventKind
from bot.domain.notices import CardChanged, Notices, TellStaff
from bot.domain.status import Status, is_open
from bot.domain.tracking_code import format_code
from bot.services.deadlines import Deadlines
from bot.services.follow_up import FollowUpService
from bot.services.unit_of_work import UnitOfWork
from storage.models import Complainant, Complaint, ComplaintEvent, StatusLookup, Survey

log = logging.getLogger(__name__)

# Finished for good: nothing more will be asked of the complainant about these.
FINISHED = (Status.CLOSED, Status.REJECTED, Status.WITHDRAWN)
RETENTION_BATCH = 200


class StillOpen(Exception):
    """Some complaints are still being handled: they must be withdrawn before erasure."""

    def __init__(self, codes: list[str]) -> None:
        super().__init__(f"{len(codes)} open")
        self.codes = codes


class Stale(Exception):
    """The confirmation is not this account's as it is now (pressed twice, or forged)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What erasure would touch: how many complaints, and which of them are still open."""

    complaints: int
    open_codes: list[str]


@dataclass(frozen=True, slots=True)
class ComplaintRecord:
    complaint: Complaint
    history: list[ComplaintEvent]  # only the lines the complainant may read
    survey: Survey | None


@dataclass(frozen=True, slots=True)
class MyData:
    """Everything kept about one complainant, as of `at`."""

    at: datetime
    complainant: Complainant
    complaints: list[ComplaintRecord]
    lookups: list[StatusLookup]


class PrivacyService:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, deadlines: Deadlines, notices: Notices
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._deadlines = deadlines
        self._notices = notices

    async def my_data(self, complainant: Complainant) -> MyData:
        """A copy of what is kept about a complainant; the copy is on each complaint's record."""
        now = self._clock.now()
        records = []
        for complaint in await self._uow.erasure.complaints_of(complainant.id):
            history = await self._uow.complaints.history(complaint.id)
            public = [e for e in history if e.kind in PUBLIC_KINDS]
            records.append(
                ComplaintRecord(complaint, public, await self._uow.surveys.get(complaint.id))
            )
            await self._uow.complaints.log(
                complaint_id=complaint.id,
                kind=EventKind.EXPORTED,
                actor_kind=Actor.COMPLAINANT,
                actor_id=complainant.telegram_user_id,
                at=now,
                payload={"for": "complainant"},
            )
        lookups = await self._uow.erasure.lookups_of(complainant.telegram_user_id)
        log.info(
            "complainant %d was sent their data (%d complaints)", complainant.id, len(records)
        )
        return MyData(now, complainant, records, lookups)

    async def plan(self, complainant: Complainant) -> Plan:
        """What erasing this complainant would touch, to say so before they confirm."""
        complaints = await self._uow.erasure.complaints_of(complainant.id)
        codes = [c.tracking_code for c in complaints if is_open(c.status)]
        return Plan(len(complaints), codes)

    async def forget(
        self,
        complainant: Complainant,
        *,
        confirmed_for: int,
        withdraw_open: bool,
        update_id: int | None = None,
    ) -> int:
        """Erase a complainant who confirmed it (for the complainant row `confirmed_for`),
        withdrawing their open complaints first if they agreed to; returns how many
        complaints were erased. `update_id` is the update asking, filed under the pseudonym."""
        if complainant.id != confirmed_for or is_pseudonym(complainant.telegram_user_id):
            raise Stale()
        complaints = await self._uow.erasure.complaints_of(complainant.id)
        still_open = [c.tracking_code for c in complaints if is_open(c.status)]
        if still_open and not withdraw_open:
            raise StillOpen(still_open)
        follow_up = FollowUpService(self._uow, self._clock, self._deadlines, self._notices)
        for code in still_open:
            await follow_up.withdraw(complainant, code)
        alias = pseudonym()
        for complaint in complaints:
            await self._erase(complaint, alias, Why.REQUEST)
            self._notices.add(TellStaff(complaint.id, "erased"))
        await self._uow.erasure.scrub_person(complainant.telegram_user_id, complainant.chat_id)
        if update_id is not None:
            await self._uow.erasure.hide_update(update_id, alias)
        self._pseudonymise(complainant, alias)
        log.info(
            "complainant %d erased at their request (%d complaints)",
            complainant.id,
            len(complaints),
        )
        return len(complaints)

    async def retire(self, retention: timedelta, limit: int = RETENTION_BATCH) -> int:
        """Anonymise complaints finished longer than `retention` ago, then the people who have
        nothing left but their profile and came first before that; returns how many of both."""
        before = self._clock.now() - retention
        expired = await self._uow.erasure.expired(FINISHED, before, limit)
        for complaint in expired:
            await self._erase(complaint, pseudonym(), Why.RETENTION)
        people = await self._uow.erasure.left_behind(before, -PSEUDONYM_MIN, limit)
        for person in people:
            await self._uow.erasure.scrub_person(
                person.telegram_user_id, person.chat_id, busy_since=before
            )
            self._pseudonymise(person, pseudonym())
        return len(expired) + len(people)

    async def _erase(self, complaint: Complaint, alias: int, why: Why) -> None:
        """Take the personal data out of one complaint, and put that on its record."""
        await self._uow.complaints.lock(complaint)
        complaint.description = ""
        complaint.location = None
        complaint.remedy_text = None
        complaint.contact_name = None
        complaint.contact_phone = None
        complaint.submission_key = erased_key(why)
        await self._uow.erasure.scrub_complaint(complaint, alias, spellings(complaint))
        request = why is Why.REQUEST
        await self._uow.complaints.log(
            complaint_id=complaint.id,
            kind=EventKind.ERASED if request else EventKind.ANONYMISED,
            actor_kind=Actor.COMPLAINANT if request else Actor.SYSTEM,
            actor_id=alias if request else None,
            at=self._clock.now(),
        )
        self._notices.add(CardChanged(complaint.id))

    def _pseudonymise(self, complainant: Complainant, alias: int) -> None:
        """The profile under a pseudonym, with nothing to reach or name the person by."""
        complainant.telegram_user_id = alias
        complainant.chat_id = alias
        complainant.name = None
        complainant.phone = None
        complainant.blocked_at = self._clock.now()


def spellings(complaint: Complaint) -> list[str]:
    """The ways a complaint's tracking code is written in messages about it."""
    grouped = format_code(complaint.tracking_code)
    return [complaint.tracking_code, grouped, to_persian_digits(grouped)]

"""The clock that drives timeliness: APScheduler only ticks; each tick is a database sweep
that claims due complaints, and a daily digest that one process claims per day."""

import logging
from datetime import datetime, timedelta

from aiogram.methods import SendMessage
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.domain.clock import Clock
from bot.domain.notices import Notices
from bot.messages.i18n import Translator
from bot.messages.notifier import Notifier
from bot.messages.replies import Replies
from bot.pipeline.update_processor import queue_replies
from bot.services.deadlines import Deadlines, Rung, Sweep
from bot.services.privacy import RETENTION_BATCH, PrivacyService
from bot.settings import Settings
from bot.telemetry import metrics
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)
INBOX_KEPT = timedelta(days=2)  # Telegram re-delivers for a day at most
LOOKUPS_KEPT = timedelta(days=1)  # the lookup limit looks back 15 minutes
OUTBOX_KEPT = timedelta(days=7)  # a delivered message's text, kept a week for inquiries
DRAFTS_KEPT = timedelta(days=7)  # an intake untouched this long is abandoned


class Timers:
    def __init__(
        self,
        units: UnitOfWorkFactory,
        clock: Clock,
        settings: Settings,
        translator: Translator,
        notifier: Notifier,
        drafts_prefix: str,
    ) -> None:
        """`drafts_prefix` names the dialogue states of an unfinished intake (its StatesGroup's
        name and a colon): the dialogues the daily tidy abandons after a week."""
        self._units = units
        self._drafts_prefix = drafts_prefix
        self._clock = clock
        self._settings = settings
        self._translator = translator
        self._notifier = notifier
        self._scheduler: AsyncIOScheduler | None = None

    async def sweep(self) -> int:
        """Fire whatever has become due; returns how many complaints were looked at."""
        total = 0
        while True:
            async with self._units() as unit:
                notices = Notices()
                looked_at = await Sweep(unit, self._clock, self._settings.policy, notices).run()
                replies = Replies()
                await self._notifier.render(unit, notices.items, replies)
                await queue_replies(unit, replies, 0, self._clock.now())
                await unit.commit()
            total += looked_at
            if looked_at < 500:
                return total

    async def digest(self) -> bool:
        """Send today's digest to the supervisors, unless another process already did."""
        now = self._clock.now()
        day = now.astimezone(self._settings.zone).date()
        async with self._units() as unit:
            if not await unit.digests.claim(day, now):
                return False
            counts = await unit.digests.counts(int(Rung.AT_RISK), int(Rung.BREACHED))
            i18n = self._translator.bind(self._settings.staff_language)
            replies = Replies()
            for supervisor in sorted(self._settings.supervisors):
                replies.add(SendMessage(chat_id=supervisor, text=i18n("digest", **counts)))
            await queue_replies(unit, replies, 0, now)
            await unit.commit()
        return True

    async def tidy(self) -> None:
        """Forget what is no longer needed: handled updates past Telegram's re-delivery
        window, old lookups, delivered messages and abandoned intake drafts."""
        now = self._clock.now()
        async with self._units() as unit:
            await unit.inbox.prune(now - INBOX_KEPT)
            await unit.lookups.prune(now - LOOKUPS_KEPT)
            sent = await unit.outbox.prune(now - OUTBOX_KEPT)
            drafts = await unit.dialogue_states.expire(self._drafts_prefix, now - DRAFTS_KEPT)
            await unit.commit()
        log.info("tidied: %d delivered messages and %d abandoned drafts forgotten", sent, drafts)
        await self.retire()

    async def retire(self) -> int:
        """Anonymise, a batch at a time, what the retention period no longer lets us keep;
        the staff cards of those complaints are edited to say so."""
        total = 0
        while True:
            async with self._units() as unit:
                notices = Notices()
                deadlines = Deadlines(self._settings.policy)
                privacy = PrivacyService(unit, self._clock, deadlines, notices)
                done = await privacy.retire(self._settings.retention)
                replies = Replies()
                await self._notifier.render(unit, notices.items, replies)
                await queue_replies(unit, replies, 0, self._clock.now())
                await unit.commit()
            total += done
            if done < RETENTION_BATCH:
                log.info("retention: %d complaints and profiles anonymised", total)
                return total

    def start(self) -> None:
        """Tick every SWEEP_SECONDS, and send the digest daily at the policy's hour."""
        scheduler = AsyncIOScheduler(timezone=self._settings.zone)
        scheduler.add_job(
            self._safely(metrics.timed_sweep(self.sweep)),
            "interval",
            seconds=self._settings.sweep_seconds,
            id="sweep",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(self._settings.zone),
        )
        scheduler.add_job(
            self._safely(self.digest),
            "cron",
            hour=self._settings.policy.digest_hour,
            id="digest",
            max_instances=1,
            coalesce=True,
        )
        scheduler.add_job(self._safely(self.tidy), "cron", hour=3, id="tidy", coalesce=True)
        scheduler.start()
        self._scheduler = scheduler

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    @property
    def jobs(self) -> list[str]:
        """The scheduled jobs' ids (for tests and logs)."""
        return [job.id for job in self._scheduler.get_jobs()] if self._scheduler else []

    @staticmethod
    def _safely(job):  # type: ignore[no-untyped-def]
        async def run() -> None:
            try:
                await job()
            except Exception:
                log.exception("timer job %s failed; it runs again at the next tick", job.__name__)

        run.__name__ = job.__name__
        return run

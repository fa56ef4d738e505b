"""`/healthz` and Prometheus `/metrics` on METRICS_HOST:METRICS_PORT while the bot runs.

Counters and histograms come from bot/telemetry/metrics.py; what the database knows (outbox
depth and oldest age, parked updates, complaints by status) is read through repositories at each
scrape, so two processes on one database report the same facts and nothing drifts."""

import asyncio
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.domain.clock import Clock
from bot.settings import Settings
from bot.telemetry import metrics
from storage.repositories.operations import OperationsRepository
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

READ_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Facts:
    outbox_depth: int
    outbox_oldest_seconds: float
    parked: int
    by_status: dict[str, int]


async def read_facts(units: Callable[[], UnitOfWork], now: datetime) -> Facts:
    """The database's side of the metrics, in one short transaction."""
    async with units() as unit:
        operations = OperationsRepository(unit)
        backlog = await operations.outbox_backlog()
        parked = await operations.parked_count()
        by_status = await operations.complaints_by_status()
    age = (now - backlog.oldest).total_seconds() if backlog.oldest else 0.0
    return Facts(backlog.count, max(age, 0.0), parked, by_status)


class FactsCollector(Collector):
    """Reports the facts read for the scrape being answered (None: the database failed)."""

    def __init__(self) -> None:
        self.facts: Facts | None = None

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("dadres_database_up", "Whether the database answered the scrape")
        up.add_metric([], 0.0 if self.facts is None else 1.0)
        yield up
        if self.facts is None:
            return
        facts = self.facts
        yield GaugeMetricFamily(
            "dadres_outbox_depth", "Messages waiting to be sent", value=facts.outbox_depth
        )
        yield GaugeMetricFamily(
            "dadres_outbox_oldest_age_seconds",
            "How long the oldest waiting message has waited",
            value=facts.outbox_oldest_seconds,
        )
        yield GaugeMetricFamily(
            "dadres_parked_updates", "Updates given up on after three tries", value=facts.parked
        )
        complaints = GaugeMetricFamily(
            "dadres_complaints", "Complaints by status", labels=["status"]
        )
        for status, count in sorted(facts.by_status.items()):
            complaints.add_metric([status], count)
        yield complaints


class PipelineCollector(Collector):
    """The pipeline's counters (module-level, one set per process) in this registry."""

    def collect(self) -> Iterator[Metric]:
        yield from metrics.PIPELINE.collect()


class MetricsServer:
    """Serves while the bot runs; does nothing when METRICS_PORT is not set."""

    def __init__(self, settings: Settings, units: Callable[[], UnitOfWork], clock: Clock) -> None:
        self._settings = settings
        self._units = units
        self._clock = clock
        self._facts = FactsCollector()
        self._registry = CollectorRegistry(auto_describe=False)
        for collector in (PipelineCollector(), self._facts):
            self._registry.register(collector)
        ProcessCollector(registry=self._registry)
        PlatformCollector(registry=self._registry)
        self._scrape = asyncio.Lock()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen, unless no port is set; a port taken is logged, not fatal."""
        port = self._settings.metrics_port
        if port is None:
            return
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self._settings.metrics_host, port).start()
        except OSError as error:  # complaints are still handled without metrics
            log.error(
                "metrics: cannot listen on %s:%s (%s)", self._settings.metrics_host, port, error
            )
            await runner.cleanup()
            return
        self._runner = runner
        log.info("metrics on http://%s:%s/metrics", self._settings.metrics_host, port)

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def _read(self) -> Facts | None:
        try:
            async with asyncio.timeout(READ_SECONDS):
                return await read_facts(self._units, self._clock.now())
        except Exception as error:
            log.warning("metrics: the database did not answer (%s)", type(error).__name__)
            return None

    async def _metrics(self, request: web.Request) -> web.Response:
        async with self._scrape:
            self._facts.facts = await self._read()
            body = generate_latest(self._registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _healthz(self, request: web.Request) -> web.Response:
        facts = await self._read()
        if facts is None:
            return web.json_response({"status": "database unreachable"}, status=503)
        return web.json_response({"status": "ok", "outbox_depth": facts.outbox_depth})

"""What the running bot counts for Prometheus, behind a few calls the pipeline makes (one
line each where it happens), so the pipeline never imports prometheus-client itself.

Facts the database holds (outbox depth, parked updates, complaints by status) are not
counted here: the /metrics endpoint (bot/metrics_server.py) reads them when scraped."""

import time
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram

PIPELINE = CollectorRegistry(auto_describe=True)

UPDATES_HANDLED = Counter(
    "dadres_updates_handled",
    "Telegram updates handled and committed",
    registry=PIPELINE,
)
HANDLER_SECONDS = Histogram(
    "dadres_update_handler_seconds",
    "Time to run one update's handlers inside its transaction",
    ["outcome"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=PIPELINE,
)
RATE_LIMITED = Counter(
    "dadres_telegram_rate_limited",
    "Answers 429 (Too Many Requests) from Telegram",
    registry=PIPELINE,
)
SWEEP_SECONDS = Histogram(
    "dadres_sweep_seconds",
    "Time one deadline sweep took",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=PIPELINE,
)


def update_handled() -> None:
    """An update's transaction committed."""
    UPDATES_HANDLED.inc()


def rate_limited() -> None:
    """Telegram answered 429."""
    RATE_LIMITED.inc()


def timed_sweep[**P, R](job: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """The sweep job, its duration observed (failed runs included)."""

    @wraps(job)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        started = time.perf_counter()
        try:
            return await job(*args, **kwargs)
        finally:
            SWEEP_SECONDS.observe(time.perf_counter() - started)

    return run


class TimedProcessor:
    """Stands in for the inbox's update processor and observes how long handling takes."""

    def __init__(self, processor: Any) -> None:
        self._processor = processor

    def needs_preparing(self, payload: dict[str, Any]) -> bool:
        return bool(self._processor.needs_preparing(payload))

    async def prepare(self, payload: dict[str, Any]) -> None:
        await self._processor.prepare(payload)

    async def handle(self, payload: dict[str, Any], unit: Any) -> Any:
        started = time.perf_counter()
        outcome = "failed"
        try:
            result = await self._processor.handle(payload, unit)
            outcome = "ok"
            return result
        finally:
            HANDLER_SECONDS.labels(outcome).observe(time.perf_counter() - started)

    async def apologise(self, payload: dict[str, Any], unit: Any) -> None:
        await self._processor.apologise(payload, unit)


def timed(processor: Any) -> TimedProcessor:
    """The processor, with its handling time observed."""
    return TimedProcessor(processor)

"""Runs the built app until a signal (or a test) says stop."""

import asyncio
import gc
import logging
import signal
from collections.abc import Callable, Iterable

from bot.app import App, build_app
from bot.domain.categories import Categories
from bot.domain.clock import Clock
from bot.domain.text_clean import warm_up
from bot.metrics_server import MetricsServer
from bot.settings import Settings

log = logging.getLogger(__name__)

YOUNG_COLLECTION_EVERY = 20_000


async def serve(
    settings: Settings,
    categories: Categories,
    *,
    webhook: bool = False,
    signals: Iterable[signal.Signals] = (),
    stop: asyncio.Event | None = None,
    clock: Clock | None = None,
    on_ready: Callable[[App], None] | None = None,
) -> None:
    """Start the app, serve by polling or webhook, and shut down cleanly on stop."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    await asyncio.to_thread(warm_up)
    app = build_app(settings, categories, clock=clock)
    metrics = MetricsServer(settings, app.units, app.clock)
    gc.freeze()  # hazm's word lists and aiogram's models live for the whole run
    # An update allocates thousands of short-lived objects, nearly all freed by reference
    # counting; at Python's default (a collection per 700 net allocations) the collector ran
    # ~350 times in the benchmark's 2,000 updates, 0.3 s of the bot's 6 s, finding next to
    # nothing. At 20,000 it runs a few times.
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, 10, 10)
    try:
        await app.start()
        await metrics.start()
        if on_ready is not None:
            on_ready(app)
        await app.publish_commands()
        me = await app.bot.get_me()
        log.info("Dadres is running as @%s", me.username)
        if webhook:
            await _serve_webhook(app, stop)
        else:
            await app.run_polling(stop)
    finally:
        await metrics.stop()
        await app.close()
        gc.set_threshold(*thresholds)


async def _serve_webhook(app: App, stop: asyncio.Event) -> None:
    from bot.webhook import serve_webhook

    await serve_webhook(app, stop)

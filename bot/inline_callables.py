"""aiogram runs every synchronous filter and handler through `asyncio.to_thread`, magic filters
such as `F.text == ...` included: a thread hop for each check, and an update is checked
against dozens of them on its way to a handler. Ours are pure and take microseconds, so they
are run on the event loop instead."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import CallableObject


def run_inline(root: Router) -> None:
    """Make every synchronous filter and handler under `root` run without a thread."""
    for router in root.chain_tail:
        for observer in router.observers.values():
            for handler in (observer._handler, *observer.handlers):
                for item in (handler, *(handler.filters or ())):
                    _inline(item)


def _inline(item: CallableObject) -> None:
    if item.awaitable:
        return
    item.callback = _as_coroutine(item.callback)
    item.awaitable = True


def _as_coroutine(function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    async def inline(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return inline

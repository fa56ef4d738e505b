"""Thin aiogram routers: read the update, call one service, reply with locale keys."""

from aiogram import Dispatcher
from aiogram.fsm.storage.base import BaseStorage

from bot.domain.categories import Categories
from bot.domain.clock import Clock
from bot.messages.i18n import Translator
from bot.messages.notifier import Notifier
from bot.pipeline.staff_directory import StaffDirectory
from bot.settings import Settings
from handlers import (
    aftercare,
    common,
    complaints,
    fallback,
    intake,
    privacy,
    reports,
    staff,
    status,
)
from handlers.context import UpdateScope


def setup_dispatcher(
    *,
    storage: BaseStorage,
    translator: Translator,
    categories: Categories,
    clock: Clock,
    settings: Settings,
    notifier: Notifier,
    staff_directory: StaffDirectory,
) -> Dispatcher:
    """A fresh dispatcher with every router, so each app (and each test) gets its own."""
    dispatcher = Dispatcher(
        storage=storage,
        translator=translator,
        categories=categories,
        clock=clock,
        settings=settings,
        notifier=notifier,
        staff_directory=staff_directory,
    )
    dispatcher.update.outer_middleware(UpdateScope(translator, clock, settings))
    dispatcher.message.outer_middleware(aftercare.CommandsLeaveTheWait(translator))
    dispatcher.include_routers(
        staff.router(settings),
        reports.router(),
        common.router(translator),
        privacy.router(),
        intake.router(translator, categories),
        status.router(translator, categories),
        aftercare.router(),
        complaints.router(translator),
        fallback.router(),
    )
    return dispatcher

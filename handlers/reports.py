"""/report in a private chat: a period picker, then the report as a message and an album of
charts. Supervisors get the full report, other staff the team report, anyone else a polite no;
who may is checked again at every press and every typed range."""

import asyncio
import logging
from dataclasses import dataclass
from enum import Enum

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.methods import SendMediaGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InputMediaPhoto, Message, User

from bot.domain.categories import Categories
from bot.domain.clock import Clock
from bot.domain.report_period import Choice, Period, RangeProblem, chosen, parse_range
from bot.domain.report_period import week_start_index as week_start
from bot.messages.i18n import I18n
from bot.messages.replies import Replies
from bot.messages.report_keyboards import CUSTOM, PREFIX, ReportPick, period_picker
from bot.messages.report_view import chart_words, report_text
from bot.pipeline.staff_directory import StaffDirectory
from bot.services.reports import ReportService
from bot.services.unit_of_work import UnitOfWork
from bot.settings import Settings
from handlers.routing_filters import a_command, in_private, is_command, on_loop, pressed_in_private
from handlers.say import acknowledge, chat_of, say
from handlers.states import Reports

log = logging.getLogger(__name__)


class Access(Enum):
    FULL = "full"
    TEAM = "team"
    NONE = "none"
    UNKNOWN = "unknown"


REFUSALS = {Access.NONE: "report-refused", Access.UNKNOWN: "report-cannot-check"}


def router() -> Router:
    """The report's handlers; the picker's buttons only count in a private chat."""
    r = Router(name="reports")
    private = on_loop(in_private)
    r.message.register(report_asked, private, a_command, Command("report"))
    r.callback_query.register(period_pressed, on_loop(pressed_in_private), ReportPick.filter())
    r.callback_query.register(old_button, on_loop(F.data.startswith(f"{PREFIX}:")))
    # While dates are awaited a command is still a command (/cancel ends the wait).
    typing = StateFilter(Reports.typing_range)
    r.message.register(range_typed, private, typing, on_loop(typed_text))
    r.message.register(range_not_text, private, typing, on_loop(lambda m: not is_command(m)))
    return r


def typed_text(message: Message) -> bool:
    """Text that may be the dates: any text but a command."""
    return message.text is not None and not is_command(message)


async def access_of(user: User, staff_directory: StaffDirectory) -> Access:
    """What this person may see now: supervisors all, staff the team report, others nothing.
    An agent Telegram was not asked about lately is asked here (a few seconds at most)."""
    member = staff_directory.member(user)
    if member is None and staff_directory.unchecked(user):
        await staff_directory.learn(user.id)
        member = staff_directory.member(user)
        if member is None and staff_directory.unchecked(user):
            return Access.UNKNOWN
    if member is None:
        return Access.NONE
    return Access.FULL if member.supervisor else Access.TEAM


async def report_asked(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    staff_directory: StaffDirectory,
) -> None:
    """/report: the period picker, or why not."""
    assert message.from_user is not None
    access = await access_of(message.from_user, staff_directory)
    if access in REFUSALS:
        say(replies, message.chat.id, i18n(REFUSALS[access]))
        return
    if await state.get_state() == Reports.typing_range.state:
        await state.clear()
    say(replies, message.chat.id, i18n("report-pick"), period_picker(i18n))


async def period_pressed(
    query: CallbackQuery,
    callback_data: ReportPick,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    staff_directory: StaffDirectory,
    uow: UnitOfWork,
    clock: Clock,
    settings: Settings,
    categories: Categories,
) -> None:
    """A period button: the report at once, or a request for the dates."""
    access = await access_of(query.from_user, staff_directory)
    if access in REFUSALS:
        acknowledge(replies, query, i18n(REFUSALS[access]))
        return
    acknowledge(replies, query)
    if callback_data.action == CUSTOM:
        await state.set_state(Reports.typing_range)
        say(replies, chat_of(query), i18n("report-ask-range"))
        return
    today = clock.now().astimezone(settings.zone).date()
    period = chosen(Choice(callback_data.action), today, week_start(settings.week_start))
    await state.clear()
    reader = ReaderTools(uow, clock, settings, categories)
    await send_report(reader, i18n, replies, chat_of(query), period, access is Access.FULL)


async def range_typed(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    staff_directory: StaffDirectory,
    uow: UnitOfWork,
    clock: Clock,
    settings: Settings,
    categories: Categories,
) -> None:
    """The dates of a custom period, in either calendar and any digits."""
    assert message.from_user is not None and message.text is not None
    access = await access_of(message.from_user, staff_directory)
    if access in REFUSALS:
        await state.clear()
        say(replies, message.chat.id, i18n(REFUSALS[access]))
        return
    found = parse_range(message.text)
    if isinstance(found, RangeProblem):
        say(replies, message.chat.id, i18n(f"report-range-{found.value.replace('_', '-')}"))
        return
    await state.clear()
    reader = ReaderTools(uow, clock, settings, categories)
    await send_report(reader, i18n, replies, message.chat.id, found, access is Access.FULL)


async def range_not_text(message: Message, i18n: I18n, replies: Replies) -> None:
    """A sticker or a photo while dates are awaited: ask again."""
    say(replies, message.chat.id, i18n("report-ask-range"))


async def old_button(query: CallbackQuery, i18n: I18n, replies: Replies) -> None:
    """A picker button that no longer means anything (or never did)."""
    acknowledge(replies, query, i18n("report-old-button"))


@dataclass(frozen=True, slots=True)
class ReaderTools:
    """What a report is computed with, from this update: its unit of work and the settings."""

    uow: UnitOfWork
    clock: Clock
    settings: Settings
    categories: Categories


async def send_report(
    tools: ReaderTools, i18n: I18n, replies: Replies, chat_id: int, period: Period, full: bool
) -> None:
    """The report's text, then its charts as one album, drawn off the event loop."""
    service = ReportService(tools.uow, tools.clock, tools.settings.policy)
    figures = await service.figures(period)
    say(replies, chat_id, report_text(figures, i18n, tools.categories, full))
    words = chart_words(figures, i18n, tools.categories)
    from bot.messages.report_charts import render_charts  # matplotlib loads on first use

    charts, seconds = await asyncio.to_thread(render_charts, figures, words)
    log.info("report charts drawn in %.2f s", seconds)
    media = [
        InputMediaPhoto(media=BufferedInputFile(c.png, filename=c.filename), caption=c.title)
        for c in charts
    ]
    replies.add(SendMediaGroup(chat_id=chat_id, media=media))

"""Status by tracking code: the owner's card, a verified stranger's one line, or nothing."""

from dataclasses import dataclass

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.domain import tracking_code
from bot.domain.categories import Categories
from bot.domain.dates import format_datetime, format_time
from bot.domain.digits import to_ascii_digits
from bot.messages.i18n import I18n, Translator
from bot.messages.keyboards import main_menu
from bot.messages.replies import Replies
from bot.messages.views import status_name
from bot.services.status_lookup import (
    Locked,
    NeedPhoneDigits,
    OwnerView,
    StatusLookupService,
    StrangerView,
)
from bot.settings import Settings
from handlers.cards import send_owner_card
from handlers.routing_filters import in_private, on_loop, text_in
from handlers.say import say
from handlers.states import FollowUp, Lookup


def router(translator: Translator, categories: Categories) -> Router:
    """The status lookup's handlers, tried in this order; `categories` come with each update
    from the dispatcher that holds these same ones."""
    r = Router(name="status")
    r.message.filter(on_loop(in_private))
    interruptible = StateFilter(None, Lookup, FollowUp)
    menu_status = text_in(translator.all_languages("menu-status"))
    r.message.register(status_asked, interruptible, Command("status"))
    r.message.register(status_asked, interruptible, menu_status)
    r.message.register(code_typed, StateFilter(None), on_loop(F.text.func(looks_like_code)))
    r.message.register(code_typed, StateFilter(Lookup.waiting_code), on_loop(F.text))
    r.message.register(digits_typed, StateFilter(Lookup.waiting_digits), on_loop(F.text))
    r.message.register(lookup_unexpected, StateFilter(Lookup))
    return r


async def status_asked(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    lookup: StatusLookupService,
    settings: Settings,
    categories: Categories,
    command: CommandObject | None = None,
) -> None:
    """/status CODE looks the code up at once; /status or the menu asks for it."""
    if command is not None and command.args:
        found = Found(message, state, i18n, replies, lookup, settings, categories)
        await code_given(found, command.args)
        return
    await state.set_state(Lookup.waiting_code)
    say(replies, message.chat.id, i18n("status-ask-code"))


async def code_typed(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    lookup: StatusLookupService,
    settings: Settings,
    categories: Categories,
) -> None:
    """A code typed when asked for, or sent on its own."""
    found = Found(message, state, i18n, replies, lookup, settings, categories)
    await code_given(found, message.text or "")


async def digits_typed(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    lookup: StatusLookupService,
    settings: Settings,
) -> None:
    """A stranger's last four phone digits: the stage and its date, or the same no for all."""
    assert message.from_user is not None
    digits = "".join(to_ascii_digits(message.text or "").split())
    if len(digits) != 4 or not digits.isdigit():
        say(replies, message.chat.id, i18n("status-digits-invalid"))
        return
    code = str((await state.get_data()).get("code", ""))
    outcome = await lookup.verify(message.from_user.id, code, digits)
    await state.clear()
    if isinstance(outcome, StrangerView):
        text = i18n(
            "status-stranger",
            status=status_name(i18n, outcome.status),
            since=format_datetime(outcome.since, i18n.lang, settings.zone),
        )
    elif isinstance(outcome, Locked):
        text = locked_text(i18n, outcome, settings)
    else:
        text = i18n("status-no-match")
    say(replies, message.chat.id, text, main_menu(i18n))


async def lookup_unexpected(
    message: Message, state: FSMContext, i18n: I18n, replies: Replies
) -> None:
    """Anything else while a code or digits are awaited: ask again."""
    waiting_digits = await state.get_state() == Lookup.waiting_digits.state
    key = "status-ask-digits" if waiting_digits else "status-ask-code"
    say(replies, message.chat.id, i18n(key))


@dataclass(frozen=True, slots=True)
class Found:
    """What answering a looked-up code needs, from the update being handled."""

    message: Message
    state: FSMContext
    i18n: I18n
    replies: Replies
    lookup: StatusLookupService
    settings: Settings
    categories: Categories


async def code_given(at: Found, raw: str) -> None:
    """The owner's card, a request for the phone's digits, or why the code cannot be used."""
    message, state, i18n, replies = at.message, at.state, at.i18n, at.replies
    assert message.from_user is not None
    code = tracking_code.find_code(raw)
    if not isinstance(code, str):
        await state.set_state(Lookup.waiting_code)
        typo = code is tracking_code.CodeProblem.TYPO
        say(
            replies, message.chat.id, i18n("status-code-typo" if typo else "status-code-malformed")
        )
        return
    outcome = await at.lookup.lookup(message.from_user.id, code)
    if isinstance(outcome, NeedPhoneDigits):
        await state.set_state(Lookup.waiting_digits)
        await state.update_data(code=code)
        say(replies, message.chat.id, i18n("status-ask-digits"))
        return
    await state.clear()
    if isinstance(outcome, Locked):
        text = locked_text(i18n, outcome, at.settings)
        say(replies, message.chat.id, text, main_menu(i18n))
        return
    assert isinstance(outcome, OwnerView)
    send_owner_card(replies, message.chat.id, i18n, outcome, at.categories, at.settings)


def looks_like_code(text: str | None) -> bool:
    """Whether free text (not a command) carries a well-formed tracking code."""
    if not text or text.startswith("/"):
        return False
    return isinstance(tracking_code.find_code(text), str)


def locked_text(i18n: I18n, locked: Locked, settings: Settings) -> str:
    """Too many failed lookups: when the next try is allowed."""
    return i18n("status-locked", time=format_time(locked.until, i18n.lang, settings.zone))

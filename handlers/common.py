"""Commands that work from anywhere: /start, /help, /privacy, /language, /cancel."""

import math
from datetime import timedelta
from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.domain.categories import Categories
from bot.domain.response_policy import WORKING_DAY
from bot.messages.callbacks import LanguageChoice
from bot.messages.i18n import I18n, Translator
from bot.messages.keyboards import language_choice, main_menu
from bot.messages.replies import Replies
from bot.services.accounts import AccountService
from bot.settings import Settings
from handlers.intake.questions import reask_if_in_intake
from handlers.routing_filters import a_command, in_private, on_loop, text_in
from handlers.say import acknowledge, chat_of, say
from handlers.states import in_intake
from storage.models import Complainant


def promised_time(i18n: I18n, settings: Settings) -> str:
    """The promised time to a first response for an ordinary complaint, in words."""
    target = settings.policy.target("normal")
    return duration_words(i18n, target.first_response, working_time=target.working_time)


def duration_words(i18n: I18n, duration: timedelta, *, working_time: bool) -> str:
    """A duration in the largest unit that says it exactly, so a short target is never shown
    as "0 days": days (working days of WORKING_DAY in working time), hours, else minutes."""
    minutes = max(math.ceil(duration / timedelta(minutes=1)), 1)
    day = WORKING_DAY if working_time else timedelta(days=1)
    per_day = int(day / timedelta(minutes=1))
    kind = "time-working" if working_time else "time"
    if minutes % per_day == 0:
        return i18n(f"{kind}-days", days=minutes // per_day)
    if minutes % 60 == 0:
        return i18n(f"{kind}-hours", hours=minutes // 60)
    return i18n(f"{kind}-minutes", minutes=minutes)


def organisation(i18n: I18n, settings: Settings) -> str:
    """The organisation's name in the user's language, escaped: messages are HTML, and a name
    like "A<b>&Co" must show as written rather than break the message."""
    name = settings.organisation_name_fa if i18n.lang == "fa" else settings.organisation_name
    return escape(name)


def router(translator: Translator) -> Router:
    """The commands' handlers; each says which command or menu text it takes."""
    r = Router(name="common")
    r.message.filter(on_loop(in_private))
    label = translator.all_languages
    r.message.register(start, a_command, CommandStart())
    r.message.register(help_, a_command, Command("help"))
    r.message.register(help_, text_in(label("menu-help")))
    r.message.register(privacy, a_command, Command("privacy"))
    r.message.register(language, a_command, Command("language"))
    r.message.register(language, text_in(label("menu-language")))
    r.callback_query.register(language_chosen, LanguageChoice.filter())
    r.message.register(cancel, a_command, Command("cancel"))
    return r


async def start(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    settings: Settings,
    categories: Categories,
) -> None:
    """The greeting, the promise, the menu; the language offer, or the intake's question."""
    say(
        replies,
        message.chat.id,
        i18n(
            "start-greeting",
            organisation=organisation(i18n, settings),
            response_time=promised_time(i18n, settings),
        ),
        main_menu(i18n),
    )
    if not await reask_if_in_intake(replies, message.chat.id, state, i18n, categories):
        say(replies, message.chat.id, i18n("language-offer"), language_choice())


async def help_(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    settings: Settings,
    categories: Categories,
) -> None:
    """What the bot does and promises; in the intake, its question again."""
    text = i18n(
        "help-text",
        organisation=organisation(i18n, settings),
        response_time=promised_time(i18n, settings),
    )
    busy = in_intake(await state.get_state())
    say(replies, message.chat.id, text, None if busy else main_menu(i18n))
    await reask_if_in_intake(replies, message.chat.id, state, i18n, categories)


async def privacy(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    settings: Settings,
    categories: Categories,
) -> None:
    """The privacy policy and how long complaints are kept; in the intake, its question again."""
    kept = i18n("privacy-retention", days=settings.retention_days)
    say(replies, message.chat.id, f"{i18n('privacy-text')}\n\n{kept}")
    await reask_if_in_intake(replies, message.chat.id, state, i18n, categories)


async def language(message: Message, i18n: I18n, replies: Replies) -> None:
    """The two languages, as buttons."""
    say(replies, message.chat.id, i18n("language-choose"), language_choice())


async def language_chosen(
    query: CallbackQuery,
    callback_data: LanguageChoice,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    accounts: AccountService,
    complainant: Complainant | None,
    categories: Categories,
) -> None:
    """Speak the chosen language from now on; in a dialogue, its question again."""
    if complainant is None or callback_data.lang not in ("fa", "en"):
        acknowledge(replies, query, i18n("callback-stale"))
        return
    await accounts.choose_language(complainant, callback_data.lang)
    chosen = i18n.translator.bind(callback_data.lang)
    acknowledge(replies, query)
    chat_id = chat_of(query)
    if await state.get_state() is None:
        say(replies, chat_id, chosen("language-set"), main_menu(chosen))
    else:
        say(replies, chat_id, chosen("language-set"))
        await reask_if_in_intake(replies, chat_id, state, chosen, categories)


async def cancel(message: Message, state: FSMContext, i18n: I18n, replies: Replies) -> None:
    """Leave whatever dialogue there is."""
    had_dialogue = await state.get_state() is not None
    await state.clear()
    key = "cancel-done" if had_dialogue else "cancel-nothing"
    say(replies, message.chat.id, i18n(key), main_menu(i18n))

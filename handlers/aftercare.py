"""After a decision: accept or refuse the resolution, reopen within the grace period, and the
satisfaction survey."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.domain.dates import format_date
from bot.domain.status import MoveNotAllowed
from bot.domain.text_clean import clean_user_text, trim
from bot.messages.callbacks import ComplaintAction, SurveyAnswer
from bot.messages.i18n import I18n, Translator
from bot.messages.keyboards import inline, main_menu
from bot.messages.replies import Replies
from bot.messages.survey_view import survey_question
from bot.messages.views import code_text, status_name
from bot.services.follow_up import (
    FollowUpService,
    NotAwaitingAnswer,
    NotOpen,
    NotYours,
    TooLate,
)
from bot.services.survey import Next, Stale, SurveyService
from bot.settings import Settings
from handlers.routing_filters import in_private, is_command, on_loop, pressed_in_private
from handlers.say import acknowledge, chat_of, close_with, drop_buttons, say
from handlers.states import Aftercare
from storage.models import Complainant

COMMENT_MAX = 2000
WAITS = frozenset({Aftercare.explaining.state, Aftercare.commenting.state})
MENU_KEYS = ("menu-new-complaint", "menu-status", "menu-mine", "menu-help", "menu-language")


class CommandsLeaveTheWait(BaseMiddleware):
    """Waiting for a reason or a survey comment, the next text would be passed on as it; a
    command or a menu button is never meant as that, so it ends the wait first and is then
    handled as the command it is (/cancel is left to say what it stopped)."""

    def __init__(self, translator: Translator) -> None:
        self._menu = frozenset().union(*(translator.all_languages(key) for key in MENU_KEYS))
        self._cancel = Command("cancel")

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if data.get("raw_state") in WAITS and isinstance(event, Message):
            if await self._leaves(event, data):
                await data["state"].clear()
                data["raw_state"] = None
        return await handler(event, data)

    async def _leaves(self, message: Message, data: dict[str, Any]) -> bool:
        """A command other than /cancel, or a menu button."""
        if message.text in self._menu:
            return True
        if not is_command(message):
            return False
        return not await self._cancel(message, data["bot"])


def router() -> Router:
    """The aftercare's handlers, tried in this order."""
    r = Router(name="aftercare")
    r.message.filter(on_loop(in_private))
    r.callback_query.filter(on_loop(pressed_in_private))
    decided = ComplaintAction.filter(F.action.in_({"accept", "refuse", "reopen"}))
    r.callback_query.register(decision_answered, decided)
    r.callback_query.register(no_reason, ComplaintAction.filter(F.action == "no_reason"))
    r.message.register(reason_given, StateFilter(Aftercare.explaining), on_loop(F.text))
    r.callback_query.register(survey_answered, SurveyAnswer.filter())
    r.message.register(survey_commented, StateFilter(Aftercare.commenting), on_loop(F.text))
    r.message.register(not_text, StateFilter(Aftercare.commenting, Aftercare.explaining))
    return r


async def decision_answered(
    query: CallbackQuery,
    callback_data: ComplaintAction,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
    settings: Settings,
) -> None:
    """Accept, Not resolved (then ask why) or Reopen, where the complaint's stage allows it."""
    code = callback_data.code
    try:
        if callback_data.action == "accept":
            await follow_up.accept_resolution(complainant, code)
            text = i18n("resolution-accepted", code=code_text(code))
        elif callback_data.action == "refuse":
            await follow_up.refuse_resolution(complainant, code)
            await state.set_state(Aftercare.explaining)
            await state.set_data({"code": code})
            markup = inline(
                [
                    [
                        (
                            i18n("button-skip"),
                            ComplaintAction(action="no_reason", code=code).pack(),
                        )
                    ]
                ]
            )
            acknowledge(replies, query)
            drop_buttons(replies, query)
            prompt = i18n("resolution-refused", code=code_text(code))
            say(replies, chat_of(query), with_skip_hint(i18n, prompt), markup)
            return
        else:
            await follow_up.reopen(complainant, code, settings.policy.reopen_grace)
            text = i18n("reopened-by-you", code=code_text(code))
    except NotAwaitingAnswer as moved_on:
        status = status_name(i18n, moved_on.status)
        acknowledge(replies, query, i18n("complaint-not-open", status=status))
        return
    except (NotYours, NotOpen, MoveNotAllowed):
        acknowledge(replies, query, i18n("callback-stale"))
        return
    except TooLate as late:
        acknowledge(
            replies,
            query,
            i18n("reopen-too-late", date=format_date(late.until.date(), i18n.lang)),
        )
        return
    close_with(replies, query, text, main_menu(i18n))


async def no_reason(query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies) -> None:
    """Not resolved, without saying why."""
    if await state.get_state() == Aftercare.explaining.state:
        await state.clear()
    close_with(replies, query, i18n("resolution-reason-thanks"), main_menu(i18n))


async def reason_given(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
) -> None:
    """Why the resolution did not settle it, passed on to the staff."""
    code = str((await state.get_data()).get("code"))
    await state.clear()
    reason = trim(clean_user_text(message.text or ""), COMMENT_MAX)
    if reason:
        await follow_up.explain_refusal(complainant, code, reason)
    say(replies, message.chat.id, i18n("resolution-reason-thanks"), main_menu(i18n))


async def survey_answered(
    query: CallbackQuery,
    callback_data: SurveyAnswer,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    survey: SurveyService,
    complainant: Complainant,
) -> None:
    """One rating of the survey, then the next question (or the comment)."""
    number = callback_data.q
    if number == 5:
        outcome = await survey.comment(complainant, callback_data.id, None)
        await finish(query, outcome, state, i18n, replies)
        return
    result = await survey.rate(complainant, callback_data.id, number, callback_data.v)
    if isinstance(result, Stale):
        acknowledge(replies, query, i18n("survey-done" if result.finished else "callback-stale"))
        return
    acknowledge(replies, query)
    drop_buttons(replies, query)
    assert isinstance(result, Next)
    code = await survey.code_of(callback_data.id)
    text, markup = survey_question(i18n, callback_data.id, code, result.number)
    if result.number == 5:
        await state.set_state(Aftercare.commenting)
        await state.set_data({"complaint_id": callback_data.id})
        text = with_skip_hint(i18n, text)
    say(replies, chat_of(query), text, markup)


async def survey_commented(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    survey: SurveyService,
    complainant: Complainant,
) -> None:
    """The survey's closing comment."""
    complaint_id = int((await state.get_data()).get("complaint_id", 0))
    comment = trim(clean_user_text(message.text or ""), COMMENT_MAX) or None
    await state.clear()
    outcome = await survey.comment(complainant, complaint_id, comment)
    key = "survey-thanks" if not isinstance(outcome, Stale) else "survey-done"
    say(replies, message.chat.id, i18n(key), main_menu(i18n))


async def not_text(message: Message, i18n: I18n, replies: Replies) -> None:
    """Only text is taken as a reason or a comment."""
    say(replies, message.chat.id, i18n("aftercare-text-please"))


async def finish(
    query: CallbackQuery, outcome: object, state: FSMContext, i18n: I18n, replies: Replies
) -> None:
    """Close the survey's last message, or say the button is old."""
    if isinstance(outcome, Stale):
        acknowledge(replies, query, i18n("survey-done" if outcome.finished else "callback-stale"))
        return
    if await state.get_state() == Aftercare.commenting.state:
        await state.clear()
    close_with(replies, query, i18n("survey-thanks"), main_menu(i18n))


def with_skip_hint(i18n: I18n, prompt: str) -> str:
    """A prompt whose answer is passed on as typed, with how to skip it or do something else."""
    return f"{prompt}\n\n{i18n('aftercare-skip-hint')}"

"""A step's question and its keyboard, built from its row of the flow."""

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.domain.categories import Categories
from bot.messages.i18n import I18n
from bot.messages.keyboards import inline, phone_request
from bot.messages.replies import Replies
from bot.messages.views import summary
from handlers.intake.flow import EDITABLE_FIELDS, Input, Rows, nav, shows_back, step_of
from handlers.say import say
from handlers.states import Intake, in_intake

Question = tuple[str, InlineKeyboardMarkup | ReplyKeyboardMarkup | None]


def nav_row(i18n: I18n, data: Mapping[str, Any], back: bool) -> list[tuple[str, str]]:
    """Back (except on the first step) and Cancel."""
    row = [(i18n("button-back"), nav(data, "back"))] if back else []
    return [*row, (i18n("button-cancel"), nav(data, "cancel"))]


def summary_question(i18n: I18n, data: Mapping[str, Any], categories: Categories) -> Question:
    """Everything the person gave, to send, change or drop."""
    rows: Rows = [
        [(i18n("intake-confirm"), nav(data, "confirm"))],
        [(i18n("intake-edit"), nav(data, "edit")), (i18n("button-cancel"), nav(data, "cancel"))],
    ]
    return summary(i18n, dict(data), categories), inline(rows)


def field_question(i18n: I18n, data: Mapping[str, Any]) -> Question:
    """Which answer to change, or back to the summary."""
    rows: Rows = [
        [(i18n(f"field-{f.replace('_', '-')}"), nav(data, "field", f))] for f in EDITABLE_FIELDS
    ]
    rows.append([(i18n("intake-back-to-summary"), nav(data, "field", "summary"))])
    return i18n("intake-ask-field"), inline(rows)


def question(
    state_name: str | None, i18n: I18n, data: Mapping[str, Any], categories: Categories
) -> Question | None:
    """The question of a dialogue state with its keyboard; None outside the intake."""
    if state_name == Intake.confirming.state:
        return summary_question(i18n, data, categories)
    if state_name == Intake.choosing_field.state:
        return field_question(i18n, data)
    step = step_of(state_name)
    if step is None:
        return None
    if step.takes is Input.CONTACT:
        return i18n(step.question), phone_request(i18n)
    rows = step.buttons(i18n, data, categories)
    rows.append(nav_row(i18n, data, shows_back(state_name, data)))
    return i18n(step.question), inline(rows)


async def ask(
    replies: Replies,
    chat_id: int,
    state: FSMContext,
    i18n: I18n,
    categories: Categories,
    note: str | None = None,
) -> None:
    """Put the question of the current step (again), after `note` in the same message."""
    found = question(await state.get_state(), i18n, await state.get_data(), categories)
    if found is None:
        if note:
            say(replies, chat_id, note)
        return
    text, markup = found
    say(replies, chat_id, f"{note}\n\n{text}" if note else text, markup)


async def reask_if_in_intake(
    replies: Replies, chat_id: int, state: FSMContext, i18n: I18n, categories: Categories
) -> bool:
    """After /help, /privacy or a language switch, put the pending question again."""
    if in_intake(await state.get_state()):
        await ask(replies, chat_id, state, i18n, categories)
        return True
    return False

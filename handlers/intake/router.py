"""The intake's aiogram handlers: one per kind of input, each led by the step's row of the flow.

A press answering a step, a typed answer, a shared contact and a file each have one handler,
which looks up the current step in `flow.FLOW` and runs its parser; Back, Cancel, the summary
and its "Change something" have their own. Anything else is an old button or input the step
cannot use, and gets a polite answer and the question again."""

import secrets
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.domain.categories import Categories
from bot.domain.clock import Clock
from bot.domain.dates import format_datetime
from bot.domain.text_clean import clean_user_text
from bot.messages.callbacks import IntakeAction
from bot.messages.i18n import I18n, Translator
from bot.messages.keyboards import inline, main_menu, no_keyboard
from bot.messages.replies import Replies
from bot.messages.views import code_text
from bot.services.accounts import AccountService, display_name
from bot.services.intake import IntakeService
from bot.settings import Settings
from handlers.attachments import attachment_of
from handlers.intake.filing import draft_of, submission_key
from handlers.intake.flow import (
    ALL_STATES,
    CONTACT_STATES,
    EDITABLE_FIELDS,
    FILE_STATES,
    MAX_ATTACHMENTS,
    PRESS_ACTIONS,
    PRESS_STATES,
    STATE_OF_FIELD,
    SUMMARY,
    TEXT_STATES,
    Answer,
    Facts,
    Refused,
    nav,
    next_state,
    previous_state,
    read_contact,
    step_of,
)
from handlers.intake.questions import ask, nav_row
from handlers.language_hint import offer_language_switch
from handlers.routing_filters import in_private, on_loop, pressed_in_private
from handlers.say import acknowledge, chat_of, drop_buttons, say
from handlers.states import FollowUp, Intake, Lookup, in_intake
from storage.models import Complainant

CONSENTING = str(Intake.consenting.state)
CONFIRMING = str(Intake.confirming.state)
CHOOSING_FIELD = str(Intake.choosing_field.state)


# ----------------------------------------------------------------- the router


def router(translator: Translator, categories: Categories) -> Router:
    """The intake's handlers, tried in this order (below, each with what it does); the flow
    table decides the rest. The handlers take `categories` with each update, from the
    dispatcher that was given these same ones."""
    r = Router(name="intake")
    r.message.filter(on_loop(in_private))
    r.callback_query.filter(on_loop(pressed_in_private))
    label = translator.all_languages
    outside = StateFilter(None, *(str(s.state) for s in (*Lookup, *FollowUp)))
    anywhere = StateFilter(*ALL_STATES)
    phone = StateFilter(*CONTACT_STATES)

    r.message.register(intake_started, outside, Command("new"))
    r.message.register(intake_started, outside, on_loop(F.text.in_(label("menu-new-complaint"))))
    r.message.register(command_invalid, anywhere, on_loop(F.text.startswith("/")))
    r.message.register(phone_cancel_typed, phone, on_loop(F.text.in_(label("button-cancel"))))
    r.message.register(phone_back_typed, phone, on_loop(F.text.in_(label("button-back"))))
    r.message.register(phone_skipped, phone, on_loop(F.text.in_(label("button-skip"))))
    r.message.register(
        phone_share_invalid, phone, on_loop(F.text.in_(label("intake-share-phone")))
    )
    r.message.register(text_received, StateFilter(*TEXT_STATES), on_loop(F.text))
    r.message.register(phone_shared, phone, on_loop(F.contact))
    r.message.register(attachment_received, StateFilter(*FILE_STATES))
    r.message.register(unexpected_invalid, anywhere)

    pressed = IntakeAction.filter
    r.callback_query.register(
        choice_received, StateFilter(*PRESS_STATES), pressed(F.action.in_(PRESS_ACTIONS))
    )
    r.callback_query.register(
        privacy_requested, StateFilter(CONSENTING), pressed(F.action == "privacy")
    )
    r.callback_query.register(confirmed, StateFilter(CONFIRMING), pressed(F.action == "confirm"))
    r.callback_query.register(confirmed_again, StateFilter(None), pressed(F.action == "confirm"))
    r.callback_query.register(edit_requested, StateFilter(CONFIRMING), pressed(F.action == "edit"))
    r.callback_query.register(
        field_chosen, StateFilter(CHOOSING_FIELD), pressed(F.action == "field")
    )
    r.callback_query.register(back_pressed, anywhere, pressed(F.action == "back"))
    r.callback_query.register(cancel_pressed, anywhere, pressed(F.action == "cancel"))
    r.callback_query.register(stale_pressed, pressed())
    return r


# ----------------------------------------------------------------- moving through the flow


def facts(
    data: dict[str, Any], i18n: I18n, clock: Clock, settings: Settings, categories: Categories
) -> Facts:
    """What the step's parser may look at, for this update."""
    now = clock.now()
    return Facts(data, i18n.lang, now, now.astimezone(settings.zone).date(), categories)


async def advance(
    chat_id: int,
    state: FSMContext,
    data: dict[str, Any],
    changes: dict[str, Any],
    i18n: I18n,
    replies: Replies,
    categories: Categories,
) -> None:
    """Keep the answer and put the next question (or the summary, after the last step or
    while changing one answer)."""
    data = {**data, **changes}
    target = next_state(await state.get_state(), data)
    if target is SUMMARY:
        data["editing"] = False
    await state.set_data(data)
    await state.set_state(target)
    await ask(replies, chat_id, state, i18n, categories)


async def go_back(
    chat_id: int, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """One step up (the first step is asked again); while editing, back to the summary."""
    data = await state.get_data()
    target = previous_state(await state.get_state(), data)
    if target is SUMMARY:
        await state.update_data(editing=False)
    if target is not None:
        await state.set_state(target)
    await ask(replies, chat_id, state, i18n, categories)


async def cancelled(chat_id: int, state: FSMContext, i18n: I18n, replies: Replies) -> None:
    """Drop the draft and go back to the menu."""
    await state.clear()
    say(replies, chat_id, i18n("intake-cancelled"), main_menu(i18n))


async def answered_with(
    chat_id: int,
    answer: Answer,
    state: FSMContext,
    data: dict[str, Any],
    i18n: I18n,
    replies: Replies,
    categories: Categories,
) -> None:
    """A typed answer: its refusal said, or kept and the next question put."""
    if isinstance(answer, Refused):
        say(replies, chat_id, i18n(answer.key, **answer.args))
        return
    await advance(chat_id, state, data, answer, i18n, replies, categories)


# ----------------------------------------------------------------- starting, and commands


async def intake_started(
    message: Message, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """A new draft, named so that a button of an old one is told apart."""
    assert message.from_user is not None
    await state.set_state(Intake.choosing_category)
    await state.set_data(
        {"draft": secrets.token_hex(4), "tg_name": display_name(message.from_user.full_name)}
    )
    say(replies, message.chat.id, i18n("intake-started"), no_keyboard())
    await ask(replies, message.chat.id, state, i18n, categories)


async def command_invalid(
    message: Message, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """A command the intake does not take: finish or /cancel first."""
    note = i18n("intake-command-during")
    await ask(replies, message.chat.id, state, i18n, categories, note=note)


# ----------------------------------------------------------------- typed answers


async def text_received(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    clock: Clock,
    settings: Settings,
    categories: Categories,
    accounts: AccountService,
    complainant: Complainant | None,
) -> None:
    """A typed answer to a step that takes text, read by the step's own parser."""
    step = step_of(await state.get_state())
    assert step is not None and step.read is not None
    data = await state.get_data()
    text = message.text or ""
    answer = step.read(text, facts(data, i18n, clock, settings, categories))
    if step.hints_language and not isinstance(answer, Refused):
        await offer_language_switch(
            message.chat.id, clean_user_text(text), i18n, replies, accounts, complainant
        )
    if step.note and not isinstance(answer, Refused):
        say(replies, message.chat.id, i18n(step.note), no_keyboard())
    await answered_with(message.chat.id, answer, state, data, i18n, replies, categories)


async def phone_shared(
    message: Message, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """The phone step's share button: only the person's own number."""
    contact = message.contact
    assert contact is not None and message.from_user is not None
    answer = read_contact(contact.phone_number, contact.user_id, message.from_user.id)
    step = step_of(await state.get_state())
    if step is not None and step.note and not isinstance(answer, Refused):
        say(replies, message.chat.id, i18n(step.note), no_keyboard())
    data = await state.get_data()
    await answered_with(message.chat.id, answer, state, data, i18n, replies, categories)


async def phone_skipped(
    message: Message, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """The phone keyboard's Skip: no number."""
    say(replies, message.chat.id, i18n("intake-phone-skipped"), no_keyboard())
    data = await state.get_data()
    await advance(message.chat.id, state, data, {"phone": None}, i18n, replies, categories)


async def phone_back_typed(
    message: Message, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """The phone keyboard's Back."""
    say(replies, message.chat.id, i18n("intake-going-back"), no_keyboard())
    await go_back(message.chat.id, state, i18n, replies, categories)


async def phone_cancel_typed(
    message: Message, state: FSMContext, i18n: I18n, replies: Replies
) -> None:
    """The phone keyboard's Cancel."""
    await cancelled(message.chat.id, state, i18n, replies)


async def phone_share_invalid(message: Message, i18n: I18n, replies: Replies) -> None:
    """The share button's label came as text: the app could not share the contact."""
    say(replies, message.chat.id, i18n("intake-phone-share-unsupported"))


async def attachment_received(
    message: Message, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """A file for the description, up to MAX_ATTACHMENTS; an album is acknowledged once."""
    found = attachment_of(message)
    if found is None:
        await unexpected_invalid(message, state, i18n, replies, categories)
        return
    data = await state.get_data()
    attachments = list(data.get("attachments", []))
    if len(attachments) >= MAX_ATTACHMENTS:
        say(replies, message.chat.id, i18n("intake-attachments-full", max=MAX_ATTACHMENTS))
        return
    attachments.append({**found, "caption": clean_user_text(message.caption or "") or None})
    album = message.media_group_id
    await state.update_data(attachments=attachments, album=album)
    if album is None or album != data.get("album"):
        rows = [[(i18n("button-continue"), nav(data, "done"))], nav_row(i18n, data, back=True)]
        say(replies, message.chat.id, i18n("intake-attachment-received"), inline(rows))


async def unexpected_invalid(
    message: Message, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """Input the step cannot use: say so, and put the question again."""
    say(replies, message.chat.id, i18n("intake-unexpected"))
    await ask(replies, message.chat.id, state, i18n, categories)


# ----------------------------------------------------------------- presses


async def choice_received(
    query: CallbackQuery,
    callback_data: IntakeAction,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    clock: Clock,
    settings: Settings,
    categories: Categories,
) -> None:
    """A press answering a step, read by the step's own parser; another step's button, another
    draft's or a value no longer offered is an old button."""
    step = step_of(await state.get_state())
    data = await state.get_data()
    if step is None or step.pick is None or step.press != callback_data.action:
        await stale_pressed(query, state, i18n, replies, categories)
        return
    answer = None
    if callback_data.draft == data.get("draft"):
        answer = step.pick(callback_data.value, facts(data, i18n, clock, settings, categories))
    if answer is None:
        await stale_pressed(query, state, i18n, replies, categories)
    elif isinstance(answer, Refused):
        acknowledge(replies, query, i18n(answer.key, **answer.args))
    else:
        acknowledge(replies, query)
        await advance(chat_of(query), state, data, answer, i18n, replies, categories)


async def privacy_requested(
    query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """The privacy notice, with the consent question under it."""
    acknowledge(replies, query)
    await ask(replies, chat_of(query), state, i18n, categories, note=i18n("privacy-text"))


async def confirmed(
    query: CallbackQuery,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    intake: IntakeService,
    complainant: Complainant,
    settings: Settings,
) -> None:
    """File the complaint once per draft, and acknowledge it with its code and due time."""
    data = await state.get_data()
    filed = await intake.submit(complainant, draft_of(data), submission_key(query, data))
    await state.clear()
    drop_buttons(replies, query)
    complaint = filed.complaint
    if not filed.created:
        acknowledge(replies, query, i18n("intake-already-filed"))
        return
    acknowledge(replies, query)
    due = complaint.first_response_due or complaint.created_at
    text = i18n(
        "intake-acknowledgement",
        code=code_text(complaint.tracking_code),
        filed=format_datetime(complaint.created_at, i18n.lang, settings.zone),
        due=format_datetime(due, i18n.lang, settings.zone),
    )
    say(replies, chat_of(query), text, main_menu(i18n))


async def confirmed_again(
    query: CallbackQuery,
    callback_data: IntakeAction,
    i18n: I18n,
    replies: Replies,
    intake: IntakeService,
) -> None:
    """Confirm pressed after the draft was filed (or dropped)."""
    filed = await intake.already_filed(f"{query.from_user.id}:{callback_data.draft}")
    acknowledge(replies, query, i18n("intake-already-filed" if filed else "callback-stale"))


async def edit_requested(
    query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """Which answer to change."""
    acknowledge(replies, query)
    await state.set_state(Intake.choosing_field)
    await ask(replies, chat_of(query), state, i18n, categories)


async def field_chosen(
    query: CallbackQuery,
    callback_data: IntakeAction,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    categories: Categories,
) -> None:
    """Ask that one step again, then come back to the summary; anything else is the summary."""
    acknowledge(replies, query)
    if callback_data.value in EDITABLE_FIELDS:
        await state.update_data(editing=True)
        await state.set_state(STATE_OF_FIELD[callback_data.value])
    else:
        await state.set_state(SUMMARY)
    await ask(replies, chat_of(query), state, i18n, categories)


async def back_pressed(
    query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """Back, from any step."""
    acknowledge(replies, query)
    await go_back(chat_of(query), state, i18n, replies, categories)


async def cancel_pressed(
    query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies
) -> None:
    """Cancel, from any step: the draft is dropped."""
    acknowledge(replies, query)
    drop_buttons(replies, query)
    await cancelled(chat_of(query), state, i18n, replies)


async def stale_pressed(
    query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, categories: Categories
) -> None:
    """An old button: say so, and put the pending question again."""
    acknowledge(replies, query, i18n("callback-stale"))
    if in_intake(await state.get_state()):
        await ask(replies, chat_of(query), state, i18n, categories)

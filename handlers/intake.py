"""The guided intake: one question at a time, Back and Cancel everywhere, a summary to confirm."""

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    Message,
)

from bot.callbacks import IntakeAction
from bot.categories import Categories
from bot.clock import Clock
from bot.dates import DateProblem, format_datetime, parse_user_date
from bot.domain.remedy import Remedy
from bot.i18n import I18n, Translator
from bot.keyboards import inline, main_menu, no_keyboard, phone_request
from bot.phone import normalize_phone
from bot.replies import Replies
from bot.services.accounts import display_name
from bot.services.intake import AttachmentDraft, Draft, IntakeService
from bot.settings import Settings
from bot.text_clean import clean_user_text
from bot.views import code_text, summary
from handlers.attachments import attachment_of
from handlers.language_hint import offer_language_switch
from handlers.routing_filters import InState, in_private, on_loop, pressed_in_private
from handlers.say import acknowledge, chat_of, drop_buttons, say
from handlers.states import (
    EDITABLE_FIELDS,
    INTAKE_STEPS,
    FollowUp,
    Intake,
    Lookup,
    in_intake,
    state_for_field,
    step_index,
)
from handlers.step_table import StepTable, has_contact, has_text
from storage.models import Complainant

DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 4000
SHORT_TEXT_MAX = 500
NAME_MAX = 100
MAX_ATTACHMENTS = 10
DATE_PROBLEMS = {
    DateProblem.UNREADABLE: "intake-date-unreadable",
    DateProblem.NOT_A_DATE: "intake-date-not-a-date",
    DateProblem.IN_FUTURE: "intake-date-future",
    DateProblem.TOO_OLD: "intake-date-too-old",
}
INTAKE_STATES = [state for state in Intake.__all_states__]


def router(translator: Translator, categories: Categories) -> Router:
    """The intake's steps, one per (step, input) pair."""
    r = Router(name="intake")
    r.message.filter(on_loop(in_private))
    r.callback_query.filter(on_loop(pressed_in_private))
    phone_buttons = {
        key: translator.all_languages(key)
        for key in ("intake-share-phone", "button-skip", "button-back", "button-cancel")
    }

    steps = StepTable()

    @r.message(InState(None, Lookup, FollowUp), Command("new"))
    @r.message(
        InState(None, Lookup, FollowUp),
        on_loop(F.text.in_(translator.all_languages("menu-new-complaint"))),
    )
    async def intake_started(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies
    ) -> None:
        assert message.from_user is not None
        await state.set_state(Intake.choosing_category)
        await state.set_data(
            {"draft": secrets.token_hex(4), "tg_name": display_name(message.from_user.full_name)}
        )
        say(replies, message.chat.id, i18n("intake-started"), no_keyboard())
        await ask(replies, message.chat.id, state, i18n, categories)

    @r.message(InState(*INTAKE_STATES), on_loop(F.text.startswith("/")))
    async def other_command(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies
    ) -> None:
        say(replies, message.chat.id, i18n("intake-command-during"))
        await ask(replies, message.chat.id, state, i18n, categories)

    # 1. category
    @steps.press("cat", Intake.choosing_category)
    async def category_received(
        query: CallbackQuery, callback_data: IntakeAction, state: FSMContext, **deps: Any
    ) -> None:
        if categories.get(callback_data.value) is None:
            await stale_button(query, state, **deps)
            return
        await answered(query, state, {"category": callback_data.value}, **deps)

    # 2. what happened
    @steps.message(Intake.describing, has_text)
    async def description_received(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        text = clean_user_text(message.text or "")
        if len(text) < DESCRIPTION_MIN:
            say(
                replies, message.chat.id, i18n("intake-description-too-short", min=DESCRIPTION_MIN)
            )
            return
        if len(text) > DESCRIPTION_MAX:
            say(
                replies,
                message.chat.id,
                i18n("intake-description-too-long", max=DESCRIPTION_MAX, length=len(text)),
            )
            return
        await offer_language_switch(message, text, i18n=i18n, replies=replies, **deps)
        data = await state.get_data()
        captions = [str(a["caption"]) for a in data.get("attachments", []) if a.get("caption")]
        full = "\n\n".join([text, *captions]) if captions else text
        await advance(message.chat.id, state, {"description": full}, i18n, replies, **deps)

    @steps.message(Intake.describing)
    async def attachment_received(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        found = attachment_of(message)
        if found is None:
            await unexpected(message, state, i18n, replies, **deps)
            return
        data = await state.get_data()
        attachments = list(data.get("attachments", []))
        if len(attachments) >= MAX_ATTACHMENTS:
            say(replies, message.chat.id, i18n("intake-attachments-full", max=MAX_ATTACHMENTS))
            return
        caption = clean_user_text(message.caption or "") or None
        attachments.append({**found, "caption": caption})
        same_album = message.media_group_id is not None and (
            message.media_group_id == data.get("album")
        )
        await state.update_data(attachments=attachments, album=message.media_group_id)
        if not same_album:
            markup = inline(
                [
                    [(i18n("button-continue"), nav(data, "done"))],
                    nav_row(i18n, data, back=True),
                ]
            )
            say(replies, message.chat.id, i18n("intake-attachment-received"), markup)

    @steps.press("done", Intake.describing)
    async def description_done(
        query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        data = await state.get_data()
        if not data.get("attachments"):
            acknowledge(replies, query, i18n("intake-description-needed"))
            return
        captions = [str(a["caption"]) for a in data["attachments"] if a.get("caption")]
        await answered(
            query,
            state,
            {"description": "\n\n".join(captions)},
            i18n=i18n,
            replies=replies,
            **deps,
        )

    # 3. when it happened
    @steps.press("when", Intake.dating)
    async def date_chosen(
        query: CallbackQuery,
        callback_data: IntakeAction,
        state: FSMContext,
        clock: Clock,
        settings: Settings,
        **deps: Any,
    ) -> None:
        today = clock.now().astimezone(settings.zone).date()
        picked = {"today": today, "yesterday": today - timedelta(days=1), "skip": None}
        if callback_data.value not in picked:
            await stale_button(query, state, clock=clock, settings=settings, **deps)
            return
        value = picked[callback_data.value]
        await answered(
            query,
            state,
            {"occurred_on": value.isoformat() if value else None},
            clock=clock,
            settings=settings,
            **deps,
        )

    @steps.message(Intake.dating, has_text)
    async def date_typed(
        message: Message,
        state: FSMContext,
        i18n: I18n,
        replies: Replies,
        clock: Clock,
        settings: Settings,
        **deps: Any,
    ) -> None:
        today = clock.now().astimezone(settings.zone).date()
        parsed = parse_user_date(message.text or "", i18n.lang, today)
        if isinstance(parsed, DateProblem):
            say(replies, message.chat.id, i18n(DATE_PROBLEMS[parsed]))
            return
        await advance(
            message.chat.id,
            state,
            {"occurred_on": parsed.isoformat()},
            i18n,
            replies,
            clock=clock,
            settings=settings,
            **deps,
        )

    # 4. where, or a reference number
    @steps.press("skip", Intake.locating)
    async def location_skipped(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
        await answered(query, state, {"location": None}, **deps)

    @steps.message(Intake.locating, has_text)
    async def location_received(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        text = clean_user_text(message.text or "")
        if not text or len(text) > SHORT_TEXT_MAX:
            say(replies, message.chat.id, i18n("intake-text-too-long", max=SHORT_TEXT_MAX))
            return
        await advance(message.chat.id, state, {"location": text}, i18n, replies, **deps)

    # 5. what they want done
    @steps.press("remedy", Intake.choosing_remedy)
    async def remedy_chosen(
        query: CallbackQuery,
        callback_data: IntakeAction,
        state: FSMContext,
        i18n: I18n,
        replies: Replies,
        **deps: Any,
    ) -> None:
        if callback_data.value not in set(Remedy):
            await stale_button(query, state, i18n=i18n, replies=replies, **deps)
            return
        if callback_data.value == Remedy.OTHER:
            acknowledge(replies, query)
            await state.update_data(remedy=Remedy.OTHER)
            await state.set_state(Intake.describing_remedy)
            await ask(replies, chat_of(query), state, i18n, categories)
            return
        await answered(
            query,
            state,
            {"remedy": callback_data.value, "remedy_text": None},
            i18n=i18n,
            replies=replies,
            **deps,
        )

    @steps.message(Intake.describing_remedy, has_text)
    async def remedy_described(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        text = clean_user_text(message.text or "")
        if not text or len(text) > SHORT_TEXT_MAX:
            say(replies, message.chat.id, i18n("intake-text-too-long", max=SHORT_TEXT_MAX))
            return
        await advance(
            message.chat.id,
            state,
            {"remedy": Remedy.OTHER, "remedy_text": text},
            i18n,
            replies,
            **deps,
        )

    # 6a. name
    @steps.press("keep_name", Intake.naming)
    async def name_kept(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
        data = await state.get_data()
        await answered(query, state, {"name": data.get("name") or data.get("tg_name")}, **deps)

    @steps.message(Intake.naming, has_text)
    async def name_received(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        name = clean_user_text(message.text or "")
        if not name or len(name) > NAME_MAX or name.startswith("/"):
            say(replies, message.chat.id, i18n("intake-name-invalid", max=NAME_MAX))
            return
        await advance(message.chat.id, state, {"name": name}, i18n, replies, **deps)

    # 6b. phone
    @steps.message(Intake.giving_phone, has_contact)
    async def phone_shared(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        contact = message.contact
        assert contact is not None and message.from_user is not None
        if contact.user_id != message.from_user.id:
            say(replies, message.chat.id, i18n("intake-phone-not-yours"))
            return
        phone = normalize_phone(contact.phone_number)
        if phone is None:
            say(replies, message.chat.id, i18n("intake-phone-invalid"))
            return
        say(replies, message.chat.id, i18n("intake-phone-saved"), no_keyboard())
        await advance(message.chat.id, state, {"phone": phone}, i18n, replies, **deps)

    @steps.message(Intake.giving_phone, has_text)
    async def phone_typed(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        text = message.text or ""
        chat_id = message.chat.id
        if text in phone_buttons["button-cancel"]:
            await cancelled(chat_id, state, i18n, replies)
            return
        if text in phone_buttons["button-back"]:
            say(replies, chat_id, i18n("intake-going-back"), no_keyboard())
            await go_back(chat_id, state, i18n, replies)
            return
        if text in phone_buttons["button-skip"]:
            say(replies, chat_id, i18n("intake-phone-skipped"), no_keyboard())
            await advance(chat_id, state, {"phone": None}, i18n, replies, **deps)
            return
        if text in phone_buttons["intake-share-phone"]:
            say(replies, chat_id, i18n("intake-phone-share-unsupported"))
            return
        phone = normalize_phone(text)
        if phone is None:
            say(replies, chat_id, i18n("intake-phone-invalid"))
            return
        say(replies, chat_id, i18n("intake-phone-saved"), no_keyboard())
        await advance(chat_id, state, {"phone": phone}, i18n, replies, **deps)

    # 7. consent
    @steps.press("consent", Intake.consenting)
    async def consent_given(
        query: CallbackQuery, state: FSMContext, clock: Clock, **deps: Any
    ) -> None:
        await answered(query, state, {"consent_at": clock.now().isoformat()}, clock=clock, **deps)

    @steps.press("privacy", Intake.consenting)
    async def privacy_requested(
        query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        acknowledge(replies, query)
        say(replies, chat_of(query), i18n("privacy-text"))
        await ask(replies, chat_of(query), state, i18n, categories)

    # 8. summary
    @steps.press("confirm", Intake.confirming)
    async def confirmed(
        query: CallbackQuery,
        state: FSMContext,
        i18n: I18n,
        replies: Replies,
        intake: IntakeService,
        complainant: Complainant,
        settings: Settings,
        **deps: Any,
    ) -> None:
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
        say(
            replies,
            chat_of(query),
            i18n(
                "intake-acknowledgement",
                code=code_text(complaint.tracking_code),
                filed=format_datetime(complaint.created_at, i18n.lang, settings.zone),
                due=format_datetime(due, i18n.lang, settings.zone),
            ),
            main_menu(i18n),
        )

    @steps.press("confirm", None)
    async def confirmed_again(
        query: CallbackQuery,
        callback_data: IntakeAction,
        i18n: I18n,
        replies: Replies,
        intake: IntakeService,
        **_: Any,
    ) -> None:
        key = f"{query.from_user.id}:{callback_data.draft}"
        filed = await intake.already_filed(key)
        text = i18n("intake-already-filed") if filed else i18n("callback-stale")
        acknowledge(replies, query, text)

    @steps.press("edit", Intake.confirming)
    async def edit_requested(
        query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        acknowledge(replies, query)
        await state.set_state(Intake.choosing_field)
        await ask(replies, chat_of(query), state, i18n, categories)

    @steps.press("field", Intake.choosing_field)
    async def field_chosen(
        query: CallbackQuery,
        callback_data: IntakeAction,
        state: FSMContext,
        i18n: I18n,
        replies: Replies,
        **deps: Any,
    ) -> None:
        acknowledge(replies, query)
        if callback_data.value in EDITABLE_FIELDS:
            await state.update_data(editing=True)
            await state.set_state(state_for_field(callback_data.value))
        else:
            await state.set_state(Intake.confirming)
        await ask(replies, chat_of(query), state, i18n, categories)

    # Back and Cancel, from every step
    @steps.press("back", *INTAKE_STATES)
    async def back_pressed(
        query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        acknowledge(replies, query)
        await go_back(chat_of(query), state, i18n, replies)

    @steps.press("cancel", *INTAKE_STATES)
    async def cancel_pressed(
        query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, **deps: Any
    ) -> None:
        acknowledge(replies, query)
        drop_buttons(replies, query)
        await cancelled(chat_of(query), state, i18n, replies)

    # Anything else: an old button, or input the step cannot use
    async def stale_button(
        query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies, **_: Any
    ) -> None:
        acknowledge(replies, query, i18n("callback-stale"))
        if in_intake(await state.get_state()):
            await ask(replies, chat_of(query), state, i18n, categories)

    async def unexpected(
        message: Message, state: FSMContext, i18n: I18n, replies: Replies, **_: Any
    ) -> None:
        say(replies, message.chat.id, i18n("intake-unexpected"))
        await ask(replies, message.chat.id, state, i18n, categories)

    # The two aiogram handlers behind the steps above
    @r.callback_query(IntakeAction.filter())
    async def pressed(
        query: CallbackQuery, callback_data: IntakeAction, raw_state: str | None, **data: Any
    ) -> None:
        step = steps.for_press(callback_data.action, raw_state) or stale_button
        await step(query, callback_data=callback_data, raw_state=raw_state, **data)

    @r.message(InState(*INTAKE_STATES))
    async def typed(message: Message, raw_state: str | None, **data: Any) -> None:
        step = steps.for_message(raw_state, message) or unexpected
        await step(message, raw_state=raw_state, **data)

    async def answered(
        query: CallbackQuery,
        state: FSMContext,
        changes: dict[str, Any],
        i18n: I18n,
        replies: Replies,
        **deps: Any,
    ) -> None:
        data = await state.get_data()
        if query.data and IntakeAction.unpack(query.data).draft != data.get("draft"):
            await stale_button(query, state, i18n, replies)
            return
        acknowledge(replies, query)
        await advance(chat_of(query), state, changes, i18n, replies, **deps)

    async def advance(
        chat_id: int,
        state: FSMContext,
        changes: dict[str, Any],
        i18n: I18n,
        replies: Replies,
        **_: Any,
    ) -> None:
        data = await state.update_data(changes)
        index = step_index(await state.get_state())
        if data.get("editing") or index is None or index + 1 >= len(INTAKE_STEPS):
            await state.update_data(editing=False)
            await state.set_state(Intake.confirming)
        else:
            await state.set_state(INTAKE_STEPS[index + 1][0])
        await ask(replies, chat_id, state, i18n, categories)

    async def go_back(chat_id: int, state: FSMContext, i18n: I18n, replies: Replies) -> None:
        data = await state.get_data()
        current = await state.get_state()
        index = step_index(current)
        if data.get("editing") or current == Intake.choosing_field.state:
            await state.update_data(editing=False)
            await state.set_state(Intake.confirming)
        elif current == Intake.confirming.state:
            await state.set_state(INTAKE_STEPS[-1][0])
        elif current == Intake.describing_remedy.state:
            await state.set_state(Intake.choosing_remedy)
        elif index is not None and index > 0:
            await state.set_state(INTAKE_STEPS[index - 1][0])
        await ask(replies, chat_id, state, i18n, categories)

    return r


async def cancelled(chat_id: int, state: FSMContext, i18n: I18n, replies: Replies) -> None:
    """Drop the draft and go back to the menu."""
    await state.clear()
    say(replies, chat_id, i18n("intake-cancelled"), main_menu(i18n))


def submission_key(query: CallbackQuery, data: dict[str, Any]) -> str:
    """One key per draft, so a doubled Confirm files one complaint."""
    return f"{query.from_user.id}:{data['draft']}"


def draft_of(data: dict[str, Any]) -> Draft:
    """The service's draft from the dialogue's stored answers."""
    occurred = data.get("occurred_on")
    return Draft(
        category=str(data["category"]),
        description=str(data.get("description") or ""),
        remedy=str(data.get("remedy") or Remedy.NONE),
        remedy_text=data.get("remedy_text"),
        consent_at=datetime.fromisoformat(str(data["consent_at"])),
        attachments=[
            AttachmentDraft(
                kind=a["kind"],
                file_id=a["file_id"],
                file_unique_id=a["file_unique_id"],
                caption=a.get("caption"),
            )
            for a in data.get("attachments", [])
        ],
        occurred_on=date.fromisoformat(occurred) if occurred else None,
        location=data.get("location"),
        name=data.get("name"),
        phone=data.get("phone"),
    )


def nav(data: dict[str, Any], action: str, value: str = "") -> str:
    """Callback data for a button of this draft."""
    return IntakeAction.packed(action, str(data.get("draft", "")), value)


def nav_row(i18n: I18n, data: dict[str, Any], back: bool) -> list[tuple[str, str]]:
    """Back (except on the first step) and Cancel."""
    row = [(i18n("button-back"), nav(data, "back"))] if back else []
    return [*row, (i18n("button-cancel"), nav(data, "cancel"))]


async def ask(
    replies: Replies, chat_id: int, state: FSMContext, i18n: I18n, categories: Categories
) -> None:
    """Put the question of the current step (again)."""
    current = await state.get_state()
    data = await state.get_data()
    if current == Intake.choosing_category.state:
        rows = [[(c.label(i18n.lang), nav(data, "cat", c.key))] for c in categories.items]
        back = bool(data.get("editing"))
        say(
            replies,
            chat_id,
            i18n("intake-ask-category"),
            inline([*rows, nav_row(i18n, data, back)]),
        )
    elif current == Intake.describing.state:
        rows = [[(i18n("button-continue"), nav(data, "done"))]] if data.get("attachments") else []
        say(
            replies,
            chat_id,
            i18n("intake-ask-description"),
            inline([*rows, nav_row(i18n, data, True)]),
        )
    elif current == Intake.dating.state:
        choices = [
            (i18n(f"intake-date-{v}"), nav(data, "when", v)) for v in ("today", "yesterday")
        ]
        rows = [
            choices,
            [(i18n("button-skip"), nav(data, "when", "skip"))],
            nav_row(i18n, data, True),
        ]
        say(replies, chat_id, i18n("intake-ask-date"), inline(rows))
    elif current == Intake.locating.state:
        rows = [[(i18n("button-skip"), nav(data, "skip"))], nav_row(i18n, data, True)]
        say(replies, chat_id, i18n("intake-ask-location"), inline(rows))
    elif current == Intake.choosing_remedy.state:
        rows = [[(i18n(f"remedy-{r}"), nav(data, "remedy", r))] for r in Remedy]
        say(
            replies, chat_id, i18n("intake-ask-remedy"), inline([*rows, nav_row(i18n, data, True)])
        )
    elif current == Intake.describing_remedy.state:
        say(replies, chat_id, i18n("intake-ask-remedy-other"), inline([nav_row(i18n, data, True)]))
    elif current == Intake.naming.state:
        name = data.get("name") or data.get("tg_name")
        rows = [[(i18n("intake-keep-name", name=name), nav(data, "keep_name"))]] if name else []
        say(replies, chat_id, i18n("intake-ask-name"), inline([*rows, nav_row(i18n, data, True)]))
    elif current == Intake.giving_phone.state:
        say(replies, chat_id, i18n("intake-ask-phone"), phone_request(i18n))
    elif current == Intake.consenting.state:
        rows = [
            [(i18n("intake-consent-agree"), nav(data, "consent"))],
            [(i18n("intake-consent-privacy"), nav(data, "privacy"))],
            nav_row(i18n, data, True),
        ]
        say(replies, chat_id, i18n("intake-ask-consent"), inline(rows))
    elif current == Intake.confirming.state:
        rows = [
            [(i18n("intake-confirm"), nav(data, "confirm"))],
            [
                (i18n("intake-edit"), nav(data, "edit")),
                (i18n("button-cancel"), nav(data, "cancel")),
            ],
        ]
        say(replies, chat_id, summary(i18n, data, categories), inline(rows))
    elif current == Intake.choosing_field.state:
        rows = [
            [(i18n(f"field-{f.replace('_', '-')}"), nav(data, "field", f))]
            for f in EDITABLE_FIELDS
        ]
        rows.append([(i18n("intake-back-to-summary"), nav(data, "field", "summary"))])
        say(replies, chat_id, i18n("intake-ask-field"), inline(rows))


async def reask_if_in_intake(
    replies: Replies, chat_id: int, state: FSMContext, i18n: I18n, categories: Categories
) -> bool:
    """After /help, /privacy or a language switch, put the pending question again."""
    if in_intake(await state.get_state()):
        await ask(replies, chat_id, state, i18n, categories)
        return True
    return False

"""My complaints: the list, each card, adding information, and withdrawing."""

from dataclasses import dataclass

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.context import FSMContext
from aiogram.methods import EditMessageText
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.domain.categories import Categories
from bot.domain.dates import format_time
from bot.domain.notices import FileRef
from bot.domain.status import is_open
from bot.domain.text_clean import clean_user_text
from bot.domain.tracking_code import format_code
from bot.messages.callbacks import ComplaintAction
from bot.messages.i18n import I18n, Translator
from bot.messages.keyboards import inline, main_menu
from bot.messages.replies import Replies
from bot.messages.views import code_text, status_name
from bot.services.follow_up import FollowUpService, NotOpen, NotYours, Page, TooMany
from bot.services.intake import AttachmentDraft
from bot.services.staff_desk import StaffDesk
from bot.services.status_lookup import OwnerView, StatusLookupService
from bot.settings import Settings
from handlers.attachments import attachment_of
from handlers.cards import send_owner_card
from handlers.routing_filters import in_private, on_loop, pressed_in_private, text_in
from handlers.say import acknowledge, chat_of, close_with, drop_buttons, say
from handlers.states import FollowUp, Lookup
from storage.models import Complainant, Complaint

INFO_MAX = 4000


def router(translator: Translator) -> Router:
    """The follow-up's handlers, tried in this order; each states what it takes."""
    r = Router(name="complaints")
    r.message.filter(on_loop(in_private))
    r.callback_query.filter(on_loop(pressed_in_private))
    interruptible = StateFilter(None, Lookup, FollowUp)
    menu_mine = text_in(translator.all_languages("menu-mine"))
    r.message.register(mine, interruptible, Command("mine"))
    r.message.register(mine, interruptible, menu_mine)
    r.callback_query.register(page_turned, pressed("page"))
    r.callback_query.register(opened, pressed("open"))
    r.callback_query.register(add_asked, pressed("add"))
    r.message.register(information_received, StateFilter(FollowUp.adding_information))
    r.callback_query.register(adding_done, pressed("done"))
    r.callback_query.register(withdraw_asked, pressed("withdraw"))
    confirming = StateFilter(FollowUp.confirming_withdrawal)
    r.callback_query.register(withdrawn, confirming, pressed("withdraw_yes"))
    r.callback_query.register(withdraw_declined, pressed("withdraw_no"))
    r.message.register(withdrawal_unexpected, confirming)
    r.callback_query.register(answer_asked, pressed("answer"))
    r.message.register(answer_written, StateFilter(FollowUp.answering))
    not_a_command = on_loop(lambda m: not (m.text or "").startswith("/"))
    r.message.register(maybe_an_answer, StateFilter(None), not_a_command)
    return r


def pressed(action: str) -> CallbackQueryFilter:
    """A complaint's button of one kind."""
    return ComplaintAction.filter(F.action == action)


async def mine(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
    categories: Categories,
) -> None:
    """The first page of the person's complaints (leaving a lookup or a follow-up)."""
    await state.clear()
    page = await follow_up.page(complainant, 0)
    text, markup = page_view(i18n, page, categories)
    say(replies, message.chat.id, text, markup)


async def page_turned(
    query: CallbackQuery,
    callback_data: ComplaintAction,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
    categories: Categories,
) -> None:
    """Another page, in place of the one shown (sent anew when that is too old to edit)."""
    acknowledge(replies, query)
    page = await follow_up.page(complainant, callback_data.page)
    text, markup = page_view(i18n, page, categories)
    message = query.message
    if message is not None and message.date.timestamp() > 0:
        replies.add(
            EditMessageText(
                chat_id=message.chat.id,
                message_id=message.message_id,
                text=text,
                reply_markup=markup,
            )
        )
    else:
        say(replies, chat_of(query), text, markup)


async def opened(
    query: CallbackQuery,
    callback_data: ComplaintAction,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    lookup: StatusLookupService,
    complainant: Complainant,
    settings: Settings,
    categories: Categories,
) -> None:
    """The owner's card of one complaint of the list."""
    try:
        complaint = await follow_up.own(complainant, callback_data.code)
    except NotYours:
        acknowledge(replies, query, i18n("callback-stale"))
        return
    acknowledge(replies, query)
    view = OwnerView(complaint, await lookup.public_history(complaint))
    send_owner_card(
        replies, chat_of(query), i18n, view, categories, settings, page=callback_data.page
    )


async def add_asked(
    query: CallbackQuery,
    callback_data: ComplaintAction,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
) -> None:
    """Add information: wait for texts and files until Done."""
    if not await usable(query, callback_data.code, i18n, replies, follow_up, complainant):
        return
    acknowledge(replies, query)
    await state.set_state(FollowUp.adding_information)
    await state.set_data({"code": callback_data.code})
    say(
        replies,
        chat_of(query),
        i18n("follow-up-ask", code=code_text(callback_data.code)),
        done_button(i18n),
    )


async def information_received(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
    settings: Settings,
) -> None:
    """A text or a file added to the complaint (an album is thanked for once)."""
    data = await state.get_data()
    found = attachment_of(message)
    text = clean_user_text(message.text or message.caption or "") or None
    if found is None and text is None:
        say(replies, message.chat.id, i18n("follow-up-unexpected"), done_button(i18n))
        return
    if text is not None and len(text) > INFO_MAX:
        say(
            replies,
            message.chat.id,
            i18n("intake-description-too-long", max=INFO_MAX, length=len(text)),
        )
        return
    files = [AttachmentDraft(caption=text, **found)] if found else []
    album = message.media_group_id
    try:
        await follow_up.add_information(
            complainant, str(data.get("code")), None if files else text, files
        )
    except (NotYours, NotOpen):
        await state.clear()
        say(replies, message.chat.id, i18n("follow-up-closed"), main_menu(i18n))
        return
    except TooMany as too_many:
        # Said once per album; the dialogue stays, so Done or more later both work.
        if album is None or album != data.get("refused_album"):
            say(replies, message.chat.id, too_many_text(i18n, too_many, settings))
        await state.update_data(refused_album=album)
        return
    await state.update_data(album=album)
    if album is None or album != data.get("album"):
        say(replies, message.chat.id, i18n("follow-up-added"), done_button(i18n))


async def adding_done(
    query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies
) -> None:
    """Done adding information."""
    acknowledge(replies, query)
    drop_buttons(replies, query)
    if await state.get_state() == FollowUp.adding_information.state:
        await state.clear()
    say(replies, chat_of(query), i18n("follow-up-done"), main_menu(i18n))


async def withdraw_asked(
    query: CallbackQuery,
    callback_data: ComplaintAction,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
) -> None:
    """Withdraw: ask to confirm."""
    if not await usable(query, callback_data.code, i18n, replies, follow_up, complainant):
        return
    acknowledge(replies, query)
    await state.set_state(FollowUp.confirming_withdrawal)
    await state.set_data({"code": callback_data.code})
    code = callback_data.code
    markup = inline(
        [
            [(i18n("withdraw-yes"), ComplaintAction(action="withdraw_yes", code=code).pack())],
            [(i18n("withdraw-no"), ComplaintAction(action="withdraw_no", code=code).pack())],
        ]
    )
    say(replies, chat_of(query), i18n("withdraw-confirm", code=code_text(code)), markup)


async def withdrawn(
    query: CallbackQuery,
    callback_data: ComplaintAction,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
) -> None:
    """Yes, withdraw the complaint being confirmed (another's Yes is an old button)."""
    if (await state.get_data()).get("code") != callback_data.code:
        acknowledge(replies, query, i18n("callback-stale"))
        return
    await state.clear()
    acknowledge(replies, query)
    drop_buttons(replies, query)
    try:
        await follow_up.withdraw(complainant, callback_data.code)
    except (NotYours, NotOpen):
        say(replies, chat_of(query), i18n("follow-up-closed"), main_menu(i18n))
        return
    say(
        replies,
        chat_of(query),
        i18n("withdraw-done", code=code_text(callback_data.code)),
        main_menu(i18n),
    )


async def withdraw_declined(
    query: CallbackQuery, state: FSMContext, i18n: I18n, replies: Replies
) -> None:
    """No, keep the complaint."""
    if await state.get_state() == FollowUp.confirming_withdrawal.state:
        await state.clear()
    close_with(replies, query, i18n("withdraw-kept"), main_menu(i18n))


async def withdrawal_unexpected(message: Message, i18n: I18n, replies: Replies) -> None:
    """Anything typed while Yes or No is awaited."""
    say(replies, message.chat.id, i18n("withdraw-choose"))


async def answer_asked(
    query: CallbackQuery,
    callback_data: ComplaintAction,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
) -> None:
    """Answer the staff's question: wait for it, when the complaint still waits for one."""
    try:
        complaint = await follow_up.own(complainant, callback_data.code)
    except NotYours:
        acknowledge(replies, query, i18n("callback-stale"))
        return
    if complaint.status != "waiting":
        acknowledge(replies, query, i18n("answer-not-needed"))
        return
    acknowledge(replies, query)
    await state.set_state(FollowUp.answering)
    await state.set_data({"code": callback_data.code})
    say(replies, chat_of(query), i18n("answer-ask", code=code_text(callback_data.code)))


async def answer_written(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    desk: StaffDesk,
    complainant: Complainant,
    settings: Settings,
) -> None:
    """The answer asked for, passed to the staff."""
    code = str((await state.get_data()).get("code"))
    try:
        complaint = await follow_up.own(complainant, code)
    except NotYours:
        await state.clear()
        say(replies, message.chat.id, i18n("follow-up-closed"), main_menu(i18n))
        return
    answer = Answer(message, complainant, complaint, follow_up, desk)
    if await pass_answer(answer, i18n, replies, settings):
        await state.clear()


async def maybe_an_answer(
    message: Message,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    desk: StaffDesk,
    complainant: Complainant,
    settings: Settings,
) -> None:
    """Outside any dialogue, a text or file while a complaint waits for the person's answer
    is that answer; otherwise the handlers after this one decide."""
    waiting = await follow_up.waiting(complainant)
    if not waiting or (attachment_of(message) is None and not message.text):
        raise SkipHandler
    answer = Answer(message, complainant, waiting[0], follow_up, desk)
    await pass_answer(answer, i18n, replies, settings)


@dataclass(frozen=True, slots=True)
class Answer:
    """A message meant as the answer to a staff question, and who takes it."""

    message: Message
    complainant: Complainant
    complaint: Complaint
    follow_up: FollowUpService
    desk: StaffDesk


async def pass_answer(answer: Answer, i18n: I18n, replies: Replies, settings: Settings) -> bool:
    """Hand the complainant's answer to the staff and say it arrived; False when it was not
    taken (nothing in it, or this hour's share of follow-ups is used up)."""
    message, complaint = answer.message, answer.complaint
    assert message.from_user is not None
    found = attachment_of(message)
    text = clean_user_text(message.text or message.caption or "") or None
    files = [FileRef(found["kind"], found["file_id"], text)] if found else []
    if text is None and not files:
        say(replies, message.chat.id, i18n("follow-up-unexpected"))
        return False
    try:
        await answer.follow_up.check_pace(answer.complainant)
    except TooMany as too_many:
        say(replies, message.chat.id, too_many_text(i18n, too_many, settings))
        return False
    user_id = message.from_user.id
    await answer.desk.answer_received(complaint, user_id, text if not files else None, files)
    say(
        replies,
        message.chat.id,
        i18n("answer-received", code=code_text(complaint.tracking_code)),
        main_menu(i18n),
    )
    return True


def too_many_text(i18n: I18n, too_many: TooMany, settings: Settings) -> str:
    """This hour's follow-ups are used up: what is kept, and from when more can be sent."""
    return i18n("follow-up-too-many", time=format_time(too_many.until, i18n.lang, settings.zone))


async def usable(
    query: CallbackQuery,
    code: str,
    i18n: I18n,
    replies: Replies,
    follow_up: FollowUpService,
    complainant: Complainant,
) -> bool:
    """Whether the button's complaint is the user's and still open; says why not."""
    try:
        complaint = await follow_up.own(complainant, code)
    except NotYours:
        acknowledge(replies, query, i18n("callback-stale"))
        return False
    if not is_open(complaint.status):
        status = status_name(i18n, complaint.status)
        acknowledge(replies, query, i18n("complaint-not-open", status=status))
        return False
    return True


def done_button(i18n: I18n) -> InlineKeyboardMarkup:
    """The button that ends adding information."""
    return inline([[(i18n("button-done"), ComplaintAction(action="done").pack())]])


def page_view(
    i18n: I18n, page: Page, categories: Categories
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of "my complaints": a button per complaint, and paging."""
    if not page.complaints:
        return i18n("mine-empty"), None
    rows = [
        [
            (
                i18n(
                    "mine-item",
                    code=format_code(c.tracking_code),
                    category=categories.label(c.category, i18n.lang),
                    status=status_name(i18n, c.status),
                ),
                ComplaintAction(action="open", code=c.tracking_code, page=page.number).pack(),
            )
        ]
        for c in page.complaints
    ]
    paging = []
    if page.number > 0:
        paging.append(
            (i18n("button-previous"), ComplaintAction(action="page", page=page.number - 1).pack())
        )
    if page.number + 1 < page.pages:
        paging.append(
            (i18n("button-next"), ComplaintAction(action="page", page=page.number + 1).pack())
        )
    if paging:
        rows.append(paging)
    text = i18n("mine-title", total=page.total, page=page.number + 1, pages=page.pages)
    return text, inline(rows)

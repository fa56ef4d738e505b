"""A complainant's own data: /mydata sends a copy of it, /forget erases it once confirmed."""

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.methods import EditMessageReplyMarkup, SendMessage
from aiogram.types import CallbackQuery, Message, Update, User

from bot.domain.categories import Categories
from bot.domain.tracking_code import format_code
from bot.messages.callbacks import ForgetChoice
from bot.messages.i18n import I18n
from bot.messages.keyboards import inline, main_menu
from bot.messages.my_data import as_json, as_text
from bot.messages.replies import Replies
from bot.pipeline.staff_directory import StaffDirectory
from bot.services.privacy import Plan, PrivacyService, Stale, StillOpen
from bot.settings import Settings
from handlers.intake.questions import reask_if_in_intake
from handlers.routing_filters import in_private, on_loop
from handlers.say import acknowledge, chat_of, close_with, say, send_file
from storage.models import Complainant

COMMANDS = ("mydata", "forget")


def router() -> Router:
    """The privacy commands in a private chat, a polite no anywhere else, and the answers to
    the erasure question."""
    r = Router(name="privacy")
    r.message.register(mydata_asked, on_loop(in_private), Command("mydata"))
    r.message.register(forget_asked, on_loop(in_private), Command("forget"))
    r.message.register(private_only, on_loop(not_private), Command(*COMMANDS))
    r.callback_query.register(forget_kept, ForgetChoice.filter(F.action == "keep"))
    confirmed = ForgetChoice.filter(F.action.in_({"erase", "withdraw"}))
    r.callback_query.register(forget_confirmed, confirmed)
    return r


async def mydata_asked(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    privacy: PrivacyService,
    complainant: Complainant | None,
    settings: Settings,
    categories: Categories,
) -> None:
    """Everything kept about the sender: a text file to read and a JSON file to keep. Both
    leave the outbox as soon as they are sent."""
    if complainant is None:
        return
    data = await privacy.my_data(complainant)
    name = f"dadres-{data.at:%Y%m%d}"
    chat_id = message.chat.id
    text = as_text(i18n, data, categories, settings)
    send_file(replies, chat_id, f"{name}.txt", text, i18n("mydata-caption"), ephemeral=True)
    content = as_json(data, categories, settings)
    send_file(
        replies, chat_id, f"{name}.json", content, i18n("mydata-caption-json"), ephemeral=True
    )
    await reask_if_in_intake(replies, chat_id, state, i18n, categories)


async def forget_asked(
    message: Message,
    i18n: I18n,
    replies: Replies,
    privacy: PrivacyService,
    complainant: Complainant | None,
    staff_directory: StaffDirectory,
) -> None:
    """Say exactly what erasure does, and ask to confirm it (or to withdraw open ones first)."""
    if complainant is None or message.from_user is None:
        return
    if is_staff(staff_directory, message.from_user):
        say(replies, message.chat.id, i18n("forget-staff"))
        return
    ask(replies, message.chat.id, i18n, complainant, await privacy.plan(complainant))


async def forget_kept(
    query: CallbackQuery, i18n: I18n, replies: Replies, complainant: Complainant | None
) -> None:
    """Nothing is erased."""
    close_with(replies, query, i18n("forget-kept"), main_menu(i18n) if complainant else None)


async def forget_confirmed(
    query: CallbackQuery,
    callback_data: ForgetChoice,
    state: FSMContext,
    i18n: I18n,
    replies: Replies,
    privacy: PrivacyService,
    complainant: Complainant | None,
    staff_directory: StaffDirectory,
    event_update: Update,
) -> None:
    """Erase, if the button is this account's as it is now; the goodbye is not kept."""
    if complainant is None:
        acknowledge(replies, query, i18n("forget-stale"))
        return
    if is_staff(staff_directory, query.from_user):
        acknowledge(replies, query)
        say(replies, chat_of(query), i18n("forget-staff"))
        return
    try:
        await privacy.forget(
            complainant,
            confirmed_for=callback_data.who,
            withdraw_open=callback_data.action == "withdraw",
            update_id=event_update.update_id,
        )
    except Stale:
        acknowledge(replies, query, i18n("forget-stale"))
        return
    except StillOpen:
        acknowledge(replies, query)
        ask(replies, chat_of(query), i18n, complainant, await privacy.plan(complainant))
        return
    await state.clear()
    acknowledge(replies, query, i18n("forget-done-short"))
    chat_id = chat_of(query)
    if query.message is not None and query.message.date.timestamp() > 0:
        drop = EditMessageReplyMarkup(chat_id=chat_id, message_id=query.message.message_id)
        replies.track(drop, ephemeral=True)
    replies.track(SendMessage(chat_id=chat_id, text=i18n("forget-done")), ephemeral=True)


async def private_only(message: Message, i18n: I18n, replies: Replies) -> None:
    """Nobody's data is shown or erased in a group: that is for a private chat."""
    say(replies, message.chat.id, i18n("privacy-private-only"))


def ask(replies: Replies, chat_id: int, i18n: I18n, complainant: Complainant, plan: Plan) -> None:
    """The erasure question: erase or keep; with open complaints, withdraw them and erase."""
    action, label = "erase", "forget-erase"
    if plan.open_codes:
        separator = "، " if i18n.rtl else ", "
        codes = separator.join(format_code(code) for code in plan.open_codes)
        text = i18n("forget-confirm-open", count=len(plan.open_codes), codes=codes)
        action, label = "withdraw", "forget-withdraw-and-erase"
    elif plan.complaints:
        text = i18n("forget-confirm", count=plan.complaints)
    else:
        text = i18n("forget-confirm-none")
    go = (i18n(label), ForgetChoice(action=action, who=complainant.id).pack())
    keep = (i18n("forget-keep"), ForgetChoice(action="keep", who=complainant.id).pack())
    say(replies, chat_id, text, inline([[go], [keep]]))


def is_staff(staff_directory: StaffDirectory, user: User) -> bool:
    """Staff keep their record: what they did on complaints answers to the organisation."""
    return staff_directory.member(user) is not None


def not_private(message: Message) -> bool:
    """The message was sent in a group or channel."""
    return message.chat.type != "private"

"""Keyboards, built from locale keys so each shows in the user's language."""

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.messages.callbacks import LanguageChoice
from bot.messages.i18n import I18n

MENU_KEYS = ("menu-new-complaint", "menu-status", "menu-mine", "menu-help", "menu-language")


def main_menu(i18n: I18n) -> ReplyKeyboardMarkup:
    """The menu a complainant always comes back to."""
    new, status, mine, help_, language = (KeyboardButton(text=i18n(k)) for k in MENU_KEYS)
    return ReplyKeyboardMarkup(
        keyboard=[[new], [status, mine], [help_, language]],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=i18n("menu-placeholder"),
    )


def language_choice() -> InlineKeyboardMarkup:
    """Both languages, each named in itself."""
    return inline(
        [
            [
                ("فارسی", LanguageChoice(lang="fa").pack()),
                ("English", LanguageChoice(lang="en").pack()),
            ]
        ]
    )


def phone_request(i18n: I18n) -> ReplyKeyboardMarkup:
    """Share the account's number with one tap, skip, or go back or cancel."""
    share = KeyboardButton(text=i18n("intake-share-phone"), request_contact=True)
    skip, back, cancel = (
        KeyboardButton(text=i18n(key)) for key in ("button-skip", "button-back", "button-cancel")
    )
    return ReplyKeyboardMarkup(
        keyboard=[[share], [skip], [back, cancel]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def no_keyboard() -> ReplyKeyboardRemove:
    """Take the reply keyboard away."""
    return ReplyKeyboardRemove()


def inline(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """An inline keyboard from (text, callback data) rows."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data) for text, data in row]
            for row in rows
        ],
    )

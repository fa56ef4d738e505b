"""Keyboards, built from locale keys so each shows in the user's language."""

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.callbacks import LanguageChoice
from bot.i18n import I18n

MENU_KEYS = ("menu-new-complaint", "menu-status", "menu-mine", "menu-help", "menu-language")


def main_menu(i18n: I18n) -> ReplyKeyboardMarkup:
    """The menu a complainant always comes back to."""
    new, status, mine, help_, language = (KeyboardButton(text=i18n(key)) for key in MENU_KEYS)
    return ReplyKeyboardMarkup(
        keyboard=[[new], [status, mine], [help_, language]],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=i18n("menu-placeholder"),
    )


def language_choice() -> InlineKeyboardMarkup:
    """Both languages, each named in itself."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text="فارسی", callback_data=LanguageChoice(lang="fa").pack()),
                InlineKeyboardButton(
                    text="English", callback_data=LanguageChoice(lang="en").pack()
                ),
            ]
        ]
    )


def inline(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """An inline keyboard from (text, callback data) rows."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data) for text, data in row]
            for row in rows
        ]
    )

"""The report's period picker: its buttons and what they carry."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup

from bot.domain.report_period import Choice
from bot.messages.i18n import I18n
from bot.messages.keyboards import inline

CUSTOM = "cu"
PREFIX = "rp"
Action = Literal["tw", "lw", "tj", "lj", "tm", "cu"]  # the Choice values and CUSTOM


class ReportPick(CallbackData, prefix=PREFIX):
    """A period button; any other value (an old or forged button) does not unpack."""

    action: Action


BUTTON_KEYS: dict[Action, str] = {
    "tw": "report-button-this-week",
    "lw": "report-button-last-week",
    "tj": "report-button-this-jalali-month",
    "lj": "report-button-last-jalali-month",
    "tm": "report-button-this-month",
    "cu": "report-button-custom",
}


def period_picker(i18n: I18n) -> InlineKeyboardMarkup:
    """Two buttons a row; the Gregorian month only for English readers."""
    actions = [a for a in BUTTON_KEYS if a != Choice.THIS_MONTH or i18n.lang == "en"]
    buttons = [(i18n(BUTTON_KEYS[a]), ReportPick(action=a).pack()) for a in actions]
    return inline([buttons[i : i + 2] for i in range(0, len(buttons), 2)])

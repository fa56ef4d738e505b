"""Callback data for every inline button: short ASCII, never translated text (64-byte limit)."""

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="lang"):
    lang: str


class IntakeAction(CallbackData, prefix="in"):
    action: str
    draft: str
    value: str = ""


class ComplaintAction(CallbackData, prefix="c"):
    action: str
    code: str = ""
    page: int = 0


class StaffAction(CallbackData, prefix="s"):
    action: str
    id: int
    value: str = ""


class SurveyAnswer(CallbackData, prefix="sv"):
    id: int
    q: int
    v: int = 0

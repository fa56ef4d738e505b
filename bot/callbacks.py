"""Callback data for every inline button: short ASCII, never translated text (64-byte limit)."""

from typing import Any, ClassVar, Self

from aiogram.filters.callback_data import CallbackData

KEPT = 4096


class UnpackedOnce:
    """aiogram unpacks a pressed button's data once for every handler that might take it,
    building a model each time or raising for another prefix; each distinct data string is
    unpacked once here. The instances are shared, so handlers must not change them."""

    _unpacked: ClassVar[dict[str, Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._unpacked = {}

    @classmethod
    def unpack(cls, value: str) -> Self:
        found = cls._unpacked.get(value)
        if found is None:
            try:
                found = super().unpack(value)  # type: ignore[misc]
            except (TypeError, ValueError) as error:
                # The kind and the words only: an error object would keep its traceback, and
                # with it the whole update it was raised for.
                found = (type(error), str(error))
            if len(cls._unpacked) >= KEPT:
                cls._unpacked.clear()
            cls._unpacked[value] = found
        if isinstance(found, tuple):
            kind, message = found
            raise kind(message)
        return found  # type: ignore[no-any-return]


class LanguageChoice(UnpackedOnce, CallbackData, prefix="lang"):
    lang: str


class IntakeAction(UnpackedOnce, CallbackData, prefix="in"):
    action: str
    draft: str
    value: str = ""


class ComplaintAction(UnpackedOnce, CallbackData, prefix="c"):
    action: str
    code: str = ""
    page: int = 0


class StaffAction(UnpackedOnce, CallbackData, prefix="s"):
    action: str
    id: int
    value: str = ""


class SurveyAnswer(UnpackedOnce, CallbackData, prefix="sv"):
    id: int
    q: int
    v: int = 0

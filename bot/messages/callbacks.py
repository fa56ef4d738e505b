"""Callback data for every inline button: short ASCII, never translated text (64-byte limit)."""

from typing import Annotated, Any, ClassVar, Self

from aiogram.filters import Filter
from aiogram.filters.callback_data import MAX_CALLBACK_LENGTH, CallbackData
from aiogram.types import CallbackQuery
from pydantic import Field, model_validator

KEPT = 4096
# A button's numbers come from the person's Telegram client and can be forged: bounded here,
# a number no database column can hold fails to unpack (an old button), never in a query.
ROW_ID_MAX = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]
PageNumber = Annotated[int, Field(ge=0, le=ROW_ID_MAX)]
SmallNumber = Annotated[int, Field(ge=0, le=99)]
TELEGRAM_ID_MAX = 2**63 - 1


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
                # with it the whole update it was raised for. A validation error cannot be
                # built from its words, so it is raised again as the ValueError it is.
                kind = TypeError if isinstance(error, TypeError) else ValueError
                found = (kind, str(error))
            if len(cls._unpacked) >= KEPT:
                cls._unpacked.clear()
            cls._unpacked[value] = found
        if isinstance(found, tuple):
            kind, message = found
            raise kind(message)
        return found  # type: ignore[no-any-return]

    @classmethod
    def pressed(cls, *actions: str) -> "Pressed":
        """`cls.filter(F.action.in_(actions))`, told apart by the packed text's start."""
        return Pressed(cls, actions)


class Pressed(Filter):
    """Matches a button of one callback-data class whose first field, `action`, is one of a
    few. Most buttons tried against such a filter are some other step's, and a string test
    turns them away without a magic-filter run; a match is unpacked once, as aiogram would."""

    __slots__ = ("data", "heads")

    def __init__(self, data: type[UnpackedOnce], actions: tuple[str, ...]) -> None:
        if not actions or next(iter(data.model_fields)) != "action":
            raise ValueError(f"{data.__name__} needs `action` as its first field")
        sep = data.__separator__  # type: ignore[attr-defined]
        self.data = data
        self.heads = tuple(f"{data.__prefix__}{sep}{action}{sep}" for action in actions)  # type: ignore[attr-defined]

    async def __call__(self, query: CallbackQuery) -> bool | dict[str, Any]:
        if not isinstance(query, CallbackQuery) or not query.data:
            return False
        if not query.data.startswith(self.heads):
            return False
        try:
            return {"callback_data": self.data.unpack(query.data)}
        except (TypeError, ValueError):
            return False


class LanguageChoice(UnpackedOnce, CallbackData, prefix="lang"):
    lang: str


class IntakeAction(UnpackedOnce, CallbackData, prefix="in"):
    action: str
    draft: str
    value: str = ""

    @classmethod
    def packed(cls, action: str, draft: str, value: str = "") -> str:
        """`IntakeAction(action=…, draft=…, value=…).pack()`, refusing what it refuses, without
        building the model: every button of every intake question is one of these."""
        sep = cls.__separator__  # type: ignore[attr-defined]
        parts = (action, draft, value)
        text = sep.join((cls.__prefix__, *parts))  # type: ignore[attr-defined]
        if any(sep in part for part in parts):
            raise ValueError(f"separator {sep!r} in a value of {text!r}")
        if len(text.encode()) > MAX_CALLBACK_LENGTH:
            raise ValueError(f"callback data over {MAX_CALLBACK_LENGTH} bytes: {text!r}")
        return text


class ComplaintAction(UnpackedOnce, CallbackData, prefix="c"):
    action: str
    code: str = ""
    page: PageNumber = 0


class StaffAction(UnpackedOnce, CallbackData, prefix="s"):
    action: str
    id: RowId
    value: str = ""

    @model_validator(mode="after")
    def _assignee_fits(self) -> Self:
        """Assign to… carries a Telegram user id, which must fit the column it is looked up in."""
        if self.action == "assign_to":
            digits = self.value.removeprefix("-")
            if not digits.isdigit() or int(digits) > TELEGRAM_ID_MAX:
                raise ValueError(f"{self.value!r} is not a Telegram user id")
        return self


class SurveyAnswer(UnpackedOnce, CallbackData, prefix="sv"):
    id: RowId
    q: SmallNumber
    v: SmallNumber = 0


class ForgetChoice(UnpackedOnce, CallbackData, prefix="fg"):
    """A choice on the erasure question, for the complainant row it was asked of (`who`), so
    that a second press, or a forged one, finds a different row and changes nothing."""

    action: str
    who: RowId

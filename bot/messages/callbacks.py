"""Callback data for every inline button: short ASCII, never translated text (64-byte limit).
Handlers match them with aiogram's own `CallbackData.filter()`; data that fails to unpack
(another kind, a forged or an old button) matches none of them."""

from typing import Annotated, Self

from aiogram.filters.callback_data import MAX_CALLBACK_LENGTH, CallbackData
from pydantic import Field, model_validator

# A button's numbers come from the person's Telegram client and can be forged: bounded here,
# a number no database column can hold fails to unpack (an old button), never in a query.
ROW_ID_MAX = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]
PageNumber = Annotated[int, Field(ge=0, le=ROW_ID_MAX)]
SmallNumber = Annotated[int, Field(ge=0, le=99)]
TELEGRAM_ID_MAX = 2**63 - 1


class LanguageChoice(CallbackData, prefix="lang"):
    lang: str


INTAKE_PREFIX = "in"
SEPARATOR = ":"  # aiogram's default, which every class here keeps


class IntakeAction(CallbackData, prefix=INTAKE_PREFIX):
    action: str
    draft: str
    value: str = ""

    @classmethod
    def packed(cls, action: str, draft: str, value: str = "") -> str:
        """`IntakeAction(action=…, draft=…, value=…).pack()`, refusing what it refuses, without
        building the model: every button of every intake question is one of these."""
        sep = SEPARATOR
        parts = (action, draft, value)
        text = sep.join((INTAKE_PREFIX, *parts))
        if any(sep in part for part in parts):
            raise ValueError(f"separator {sep!r} in a value of {text!r}")
        if len(text.encode()) > MAX_CALLBACK_LENGTH:
            raise ValueError(f"callback data over {MAX_CALLBACK_LENGTH} bytes: {text!r}")
        return text


class ComplaintAction(CallbackData, prefix="c"):
    action: str
    code: str = ""
    page: PageNumber = 0


class StaffAction(CallbackData, prefix="s"):
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


class SurveyAnswer(CallbackData, prefix="sv"):
    id: RowId
    q: SmallNumber
    v: SmallNumber = 0


class ForgetChoice(CallbackData, prefix="fg"):
    """A choice on the erasure question, for the complainant row it was asked of (`who`), so
    that a second press, or a forged one, finds a different row and changes nothing."""

    action: str
    who: RowId

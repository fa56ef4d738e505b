"""The survey's questions as messages with a row of 1–5 buttons (or Skip for the comment)."""

from aiogram.types import InlineKeyboardMarkup

from bot.domain.digits import localize_digits
from bot.domain.tracking_code import format_code
from bot.messages.callbacks import SurveyAnswer
from bot.messages.i18n import I18n
from bot.messages.keyboards import inline
from bot.services.survey import QUESTIONS


def survey_question(
    i18n: I18n, complaint_id: int, code: str, number: int
) -> tuple[str, InlineKeyboardMarkup]:
    """Question `number` (1–4 ratings, 5 the comment) with its buttons."""
    if number > len(QUESTIONS):
        skip = SurveyAnswer(id=complaint_id, q=number, v=0).pack()
        return i18n("survey-comment"), inline([[(i18n("button-skip"), skip)]])
    scores = [
        (
            localize_digits(str(score), i18n.lang),
            SurveyAnswer(id=complaint_id, q=number, v=score).pack(),
        )
        for score in range(1, 6)
    ]
    text = i18n(
        f"survey-{QUESTIONS[number - 1]}",
        code=f"<code>{format_code(code)}</code>",
        number=number,
        total=len(QUESTIONS),
    )
    return text, inline([scores])

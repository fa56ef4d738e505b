"""The intake as one table, one row a step, read top to bottom.

Each row says which dialogue state asks for which draft field, with which question, what kind
of input the step takes, how its buttons are built and how a press or a typed answer becomes
draft fields (or a polite refusal). Back goes one row up; after the last row comes the summary.
A row with `asked_when` is a detour: a follow-up of the row above it, asked only when that
row's answer calls for it. To add a step, add a row (and its state in `handlers.states.Intake`).

The table, FLOW, closes the file, after the buttons and parsers its rows name. Everything
here is pure: no aiogram I/O, so the flow is unit-tested without a bot."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from aiogram.fsm.state import State

from bot.domain.categories import Categories
from bot.domain.dates import DateProblem, parse_user_date
from bot.domain.phone import normalize_phone
from bot.domain.remedy import Remedy
from bot.domain.text_clean import clean_user_text
from bot.messages.callbacks import IntakeAction
from bot.messages.i18n import I18n
from handlers.states import Intake

DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 4000
SHORT_TEXT_MAX = 500
NAME_MAX = 100
MAX_ATTACHMENTS = 10
DATE_PROBLEMS = {
    DateProblem.UNREADABLE: "intake-date-unreadable",
    DateProblem.NOT_A_DATE: "intake-date-not-a-date",
    DateProblem.IN_FUTURE: "intake-date-future",
    DateProblem.TOO_OLD: "intake-date-too-old",
}

Data = Mapping[str, Any]
Rows = list[list[tuple[str, str]]]


class Input(StrEnum):
    """What a step takes besides its buttons."""

    BUTTONS = "buttons"  # a press only
    TEXT = "text"  # a typed answer, or a press
    FILES = "files"  # a typed answer or files, then Continue
    CONTACT = "contact"  # a shared contact or a typed number, on a reply keyboard


@dataclass(frozen=True, slots=True)
class Refused:
    """Why an answer cannot be used: a locale key and its arguments, said to the person."""

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Facts:
    """What a parser may need besides the input: the draft so far, the language, the time."""

    data: Data
    lang: str
    now: datetime
    today: date
    categories: Categories


Answer = dict[str, Any] | Refused
# A press's value to draft fields; None means the button is not one this step offers (stale).
Pick = Callable[[str, Facts], Answer | None]
# A typed text to draft fields, or why not.
Read = Callable[[str, Facts], Answer]
Buttons = Callable[[I18n, Data, Categories], Rows]


def nav(data: Data, action: str, value: str = "") -> str:
    """Callback data for a button of this draft."""
    return IntakeAction.packed(action, str(data.get("draft", "")), value)


def no_buttons(i18n: I18n, data: Data, categories: Categories) -> Rows:
    """A step whose only buttons are Back and Cancel."""
    return []


@dataclass(frozen=True, slots=True)
class Step:
    """One row of the intake."""

    state: State
    field: str  # the draft field it fills (what the summary's "Change something" offers)
    question: str  # locale key of the question
    takes: Input
    buttons: Buttons = no_buttons  # the step's own buttons, above Back and Cancel
    press: str | None = None  # the action of the step's answering buttons
    pick: Pick | None = None  # a press of `press` → draft fields
    read: Read | None = None  # a typed text → draft fields
    asked_when: Callable[[Data], bool] | None = None  # a detour: a follow-up of the row
    # above, asked only when its answer calls for it; Back and the flow pass it by
    editable: bool = True  # offered by the summary's "Change something"
    note: str | None = None  # said when answered, taking the step's reply keyboard away
    hints_language: bool = False  # offer a language switch when typed in the other script

    @property
    def detour(self) -> bool:
        """A follow-up question of the row above rather than a step of its own."""
        return self.asked_when is not None


# ----------------------------------------------------------------- the steps' buttons


def category_buttons(i18n: I18n, data: Data, categories: Categories) -> Rows:
    """One button a category, in the person's language."""
    return [[(c.label(i18n.lang), nav(data, "cat", c.key))] for c in categories.items]


def continue_button(i18n: I18n, data: Data, categories: Categories) -> Rows:
    """Continue, once a file has come (files alone can describe it)."""
    return [[(i18n("button-continue"), nav(data, "done"))]] if data.get("attachments") else []


def date_buttons(i18n: I18n, data: Data, categories: Categories) -> Rows:
    """Today, yesterday, or skip; any other date is typed."""
    days = [(i18n(f"intake-date-{v}"), nav(data, "when", v)) for v in ("today", "yesterday")]
    return [days, [(i18n("button-skip"), nav(data, "when", "skip"))]]


def skip_button(i18n: I18n, data: Data, categories: Categories) -> Rows:
    """An optional step's Skip."""
    return [[(i18n("button-skip"), nav(data, "skip"))]]


def remedy_buttons(i18n: I18n, data: Data, categories: Categories) -> Rows:
    """One button a remedy."""
    return [[(i18n(f"remedy-{r}"), nav(data, "remedy", r))] for r in Remedy]


def keep_name_button(i18n: I18n, data: Data, categories: Categories) -> Rows:
    """Keep the name given before, or the Telegram one."""
    name = data.get("name") or data.get("tg_name")
    return [[(i18n("intake-keep-name", name=name), nav(data, "keep_name"))]] if name else []


def consent_buttons(i18n: I18n, data: Data, categories: Categories) -> Rows:
    """Agree, or read the privacy notice first."""
    return [
        [(i18n("intake-consent-agree"), nav(data, "consent"))],
        [(i18n("intake-consent-privacy"), nav(data, "privacy"))],
    ]


# ----------------------------------------------------------------- presses


def pick_category(value: str, facts: Facts) -> Answer | None:
    """A category that still exists."""
    return {"category": value} if facts.categories.get(value) is not None else None


def pick_attachments_only(value: str, facts: Facts) -> Answer | None:
    """Continue with files alone: their captions are the description."""
    attachments = facts.data.get("attachments")
    if not attachments:
        return Refused("intake-description-needed")
    return {"description": "\n\n".join(captions(attachments))}


def pick_date(value: str, facts: Facts) -> Answer | None:
    """Today, yesterday (in the organisation's zone) or no date."""
    picked = {"today": facts.today, "yesterday": facts.today - timedelta(days=1), "skip": None}
    if value not in picked:
        return None
    day = picked[value]
    return {"occurred_on": day.isoformat() if day else None}


def pick_no_location(value: str, facts: Facts) -> Answer | None:
    """Skip the place."""
    return {"location": None}


def pick_remedy(value: str, facts: Facts) -> Answer | None:
    """A remedy; "other" keeps any earlier words for it and asks for them next."""
    if value not in set(Remedy):
        return None
    if value == Remedy.OTHER:
        return {"remedy": Remedy.OTHER}
    return {"remedy": value, "remedy_text": None}


def pick_kept_name(value: str, facts: Facts) -> Answer | None:
    """The name given before, else the Telegram one."""
    return {"name": facts.data.get("name") or facts.data.get("tg_name")}


def pick_consent(value: str, facts: Facts) -> Answer | None:
    """When the person agreed, kept as evidence."""
    return {"consent_at": facts.now.isoformat()}


# ----------------------------------------------------------------- typed answers


def captions(attachments: list[Mapping[str, Any]]) -> list[str]:
    """The files' captions, in the order they came."""
    return [str(a["caption"]) for a in attachments if a.get("caption")]


def read_description(text: str, facts: Facts) -> Answer:
    """Between DESCRIPTION_MIN and DESCRIPTION_MAX characters; files' captions go after it."""
    text = clean_user_text(text)
    if len(text) < DESCRIPTION_MIN:
        return Refused("intake-description-too-short", {"min": DESCRIPTION_MIN})
    if len(text) > DESCRIPTION_MAX:
        return Refused(
            "intake-description-too-long", {"max": DESCRIPTION_MAX, "length": len(text)}
        )
    return {"description": "\n\n".join([text, *captions(facts.data.get("attachments", []))])}


def read_date(text: str, facts: Facts) -> Answer:
    """A date in either calendar, neither in the future nor too long ago."""
    parsed = parse_user_date(text, facts.lang, facts.today)
    if isinstance(parsed, DateProblem):
        return Refused(DATE_PROBLEMS[parsed])
    return {"occurred_on": parsed.isoformat()}


def short_text(text: str) -> str | Refused:
    """A non-empty answer of at most SHORT_TEXT_MAX characters."""
    text = clean_user_text(text)
    if not text or len(text) > SHORT_TEXT_MAX:
        return Refused("intake-text-too-long", {"max": SHORT_TEXT_MAX})
    return text


def read_location(text: str, facts: Facts) -> Answer:
    """A place or a reference number."""
    found = short_text(text)
    return found if isinstance(found, Refused) else {"location": found}


def read_remedy_text(text: str, facts: Facts) -> Answer:
    """The person's own words for what they want done."""
    found = short_text(text)
    return found if isinstance(found, Refused) else {"remedy": Remedy.OTHER, "remedy_text": found}


def read_name(text: str, facts: Facts) -> Answer:
    """A name of at most NAME_MAX characters that is not a command."""
    name = clean_user_text(text)
    if not name or len(name) > NAME_MAX or name.startswith("/"):
        return Refused("intake-name-invalid", {"max": NAME_MAX})
    return {"name": name}


def phone_answer(text: str) -> Answer:
    """A phone number in one stored form, or why not."""
    phone = normalize_phone(text)
    return Refused("intake-phone-invalid") if phone is None else {"phone": phone}


def read_phone(text: str, facts: Facts) -> Answer:
    """A typed phone number."""
    return phone_answer(text)


def read_contact(phone_number: str, owner: int | None, sender: int) -> Answer:
    """A shared contact: the sender's own number only."""
    if owner != sender:
        return Refused("intake-phone-not-yours")
    return phone_answer(phone_number)


def wants_remedy_text(data: Data) -> bool:
    """The remedy "other" asks for words."""
    return data.get("remedy") == Remedy.OTHER


# ----------------------------------------------------------------- the flow

FLOW: tuple[Step, ...] = (
    Step(Intake.choosing_category, "category", "intake-ask-category", Input.BUTTONS,
         category_buttons, press="cat", pick=pick_category),
    Step(Intake.describing, "description", "intake-ask-description", Input.FILES,
         continue_button, press="done", pick=pick_attachments_only, read=read_description,
         hints_language=True),
    Step(Intake.dating, "occurred_on", "intake-ask-date", Input.TEXT,
         date_buttons, press="when", pick=pick_date, read=read_date),
    Step(Intake.locating, "location", "intake-ask-location", Input.TEXT,
         skip_button, press="skip", pick=pick_no_location, read=read_location),
    Step(Intake.choosing_remedy, "remedy", "intake-ask-remedy", Input.BUTTONS,
         remedy_buttons, press="remedy", pick=pick_remedy),
    Step(Intake.describing_remedy, "remedy_text", "intake-ask-remedy-other", Input.TEXT,
         read=read_remedy_text, asked_when=wants_remedy_text, editable=False),
    Step(Intake.naming, "name", "intake-ask-name", Input.TEXT,
         keep_name_button, press="keep_name", pick=pick_kept_name, read=read_name),
    Step(Intake.giving_phone, "phone", "intake-ask-phone", Input.CONTACT,
         read=read_phone, note="intake-phone-saved"),
    Step(Intake.consenting, "consent_at", "intake-ask-consent", Input.BUTTONS,
         consent_buttons, press="consent", pick=pick_consent, editable=False),
)  # fmt: skip

STEP_OF: dict[str, Step] = {str(step.state.state): step for step in FLOW}
POSITION: dict[str, int] = {str(step.state.state): n for n, step in enumerate(FLOW)}
EDITABLE_FIELDS: tuple[str, ...] = tuple(step.field for step in FLOW if step.editable)
STATE_OF_FIELD: dict[str, State] = {step.field: step.state for step in FLOW}
# The states aiogram's filters let through, by what they take.
PRESS_STATES = tuple(name for name, step in STEP_OF.items() if step.press)
PRESS_ACTIONS = tuple(step.press for step in FLOW if step.press)
TEXT_STATES = tuple(name for name, step in STEP_OF.items() if step.read)
FILE_STATES = tuple(name for name, step in STEP_OF.items() if step.takes is Input.FILES)
CONTACT_STATES = tuple(name for name, step in STEP_OF.items() if step.takes is Input.CONTACT)
SUMMARY = Intake.confirming
ALL_STATES = tuple(str(state.state) for state in Intake)


def step_of(state_name: str | None) -> Step | None:
    """The row of a dialogue state (None for the summary, its field menu, or no intake)."""
    return STEP_OF.get(state_name) if state_name is not None else None


def shows_back(state_name: str | None, data: Data) -> bool:
    """Every step but the first has Back; while editing, Back returns to the summary."""
    return bool(data.get("editing")) or POSITION.get(state_name or "", 0) > 0


def next_state(state_name: str | None, data: Data) -> State:
    """Where an answer leads: a detour its answer calls for, else the row below (skipping
    detours), else the summary; while editing one field, straight back to the summary."""
    index = POSITION.get(state_name or "")
    if index is None:
        return SUMMARY
    for step in FLOW[index + 1 : index + 2]:
        if step.asked_when is not None and step.asked_when(data):
            return step.state
    if data.get("editing"):
        return SUMMARY
    for step in FLOW[index + 1 :]:
        if not step.detour:
            return step.state
    return SUMMARY


def previous_state(state_name: str | None, data: Data) -> State | None:
    """Where Back leads: one row up (skipping detours); from the summary the last row; while
    editing, the summary. None on the first row, which is asked again."""
    if data.get("editing") or state_name == Intake.choosing_field.state:
        return SUMMARY
    if state_name == SUMMARY.state:
        return FLOW[-1].state
    index = POSITION.get(state_name or "")
    for step in reversed(FLOW[: index or 0]):
        if not step.detour:
            return step.state
    return None

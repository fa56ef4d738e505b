"""Every dialogue a person can be in, named for what they are doing."""

from aiogram.fsm.state import State, StatesGroup


class Intake(StatesGroup):
    choosing_category = State()
    describing = State()
    dating = State()
    locating = State()
    choosing_remedy = State()
    describing_remedy = State()
    naming = State()
    giving_phone = State()
    consenting = State()
    confirming = State()
    choosing_field = State()


class Lookup(StatesGroup):
    waiting_code = State()
    waiting_digits = State()


class FollowUp(StatesGroup):
    adding_information = State()
    confirming_withdrawal = State()
    answering = State()


class Aftercare(StatesGroup):
    explaining = State()
    commenting = State()


# The intake, top to bottom: each step's state and the draft field it fills.
# Back goes one line up; after the last line comes the summary (Intake.confirming).
INTAKE_STEPS: tuple[tuple[State, str], ...] = (
    (Intake.choosing_category, "category"),
    (Intake.describing, "description"),
    (Intake.dating, "occurred_on"),
    (Intake.locating, "location"),
    (Intake.choosing_remedy, "remedy"),
    (Intake.naming, "name"),
    (Intake.giving_phone, "phone"),
    (Intake.consenting, "consent"),
)

EDITABLE_FIELDS = ("category", "description", "occurred_on", "location", "remedy", "name", "phone")


def step_index(state_name: str | None) -> int | None:
    """Where a state sits in the intake; the remedy's free text counts as the remedy step."""
    if state_name == Intake.describing_remedy.state:
        state_name = Intake.choosing_remedy.state
    for index, (state, _field) in enumerate(INTAKE_STEPS):
        if state.state == state_name:
            return index
    return None


def state_for_field(field: str) -> State:
    """The step that asks for one draft field."""
    return next(state for state, name in INTAKE_STEPS if name == field)


def in_intake(state_name: str | None) -> bool:
    """Whether a dialogue state belongs to the intake."""
    return state_name is not None and state_name.startswith(f"{Intake.__full_group_name__}:")

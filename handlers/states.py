"""Every dialogue a person can be in, named for what they are doing. The intake's order of
steps is its flow table, handlers/intake/flow.py."""

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


INTAKE_PREFIX = Intake.__name__ + ":"  # how aiogram names the intake's states


class Reports(StatesGroup):
    typing_range = State()


def in_intake(state_name: str | None) -> bool:
    """Whether a dialogue state belongs to the intake."""
    return state_name is not None and state_name in Intake

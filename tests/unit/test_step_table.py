"""A step table picks the step aiogram's handlers, tried in turn, would have picked."""

from typing import Any

from aiogram import Bot
from aiogram.types import Message

from handlers.states import Intake
from handlers.step_table import StepTable, has_contact, has_text

BOT = Bot("123456:TEST")


def message(**content: Any) -> Message:
    fields = {"message_id": 1, "date": 1, "chat": {"id": 7, "type": "private"}, **content}
    return Message.model_validate(fields, context={"bot": BOT})


async def step_a(*_: Any, **__: Any) -> None: ...


async def step_b(*_: Any, **__: Any) -> None: ...


async def step_c(*_: Any, **__: Any) -> None: ...


def test_a_button_goes_to_the_step_of_its_action_in_that_state() -> None:
    table = StepTable()
    table.press("confirm", Intake.confirming)(step_a)
    table.press("confirm", None)(step_b)
    table.press("back", *Intake.__all_states__)(step_c)
    assert table.for_press("confirm", Intake.confirming.state) is step_a
    assert table.for_press("confirm", None) is step_b
    assert table.for_press("back", Intake.dating.state) is step_c
    assert table.for_press("back", None) is None
    assert table.for_press("confirm", Intake.dating.state) is None
    assert table.for_press("unknown", None) is None


def test_a_message_goes_to_the_first_step_of_its_state_that_takes_it() -> None:
    table = StepTable()
    table.message(Intake.describing, has_text)(step_a)
    table.message(Intake.describing)(step_b)
    table.message(Intake.giving_phone, has_contact)(step_c)
    text = message(text="hello")
    photo = message(photo=[{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}])
    contact = message(contact={"phone_number": "+98912", "first_name": "A"})
    assert table.for_message(Intake.describing.state, text) is step_a
    assert table.for_message(Intake.describing.state, photo) is step_b
    assert table.for_message(Intake.giving_phone.state, contact) is step_c
    assert table.for_message(Intake.giving_phone.state, text) is None
    assert table.for_message(None, text) is None

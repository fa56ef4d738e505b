"""The intake's flow table: where each answer leads, where Back leads, what each step reads."""

import importlib
import inspect
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.domain.categories import Categories, Category
from bot.messages.i18n import Translator
from handlers.intake.flow import (
    EDITABLE_FIELDS,
    FLOW,
    PRESS_STATES,
    STATE_OF_FIELD,
    SUMMARY,
    TEXT_STATES,
    Facts,
    Input,
    Refused,
    next_state,
    previous_state,
    read_contact,
    shows_back,
    step_of,
)
from handlers.intake.questions import question
from handlers.states import Intake

CATEGORIES = Categories((Category("delay", "تأخیر", "Delay"),))
TRANSLATOR = Translator()
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def facts(**data: Any) -> Facts:
    return Facts({"draft": "abcd1234", **data}, "en", NOW, NOW.date(), CATEGORIES)


def name(state: Any) -> str:
    return str(state.state)


def test_the_answers_lead_top_to_bottom_to_the_summary() -> None:
    visited = [name(Intake.choosing_category)]
    data: dict[str, Any] = {"remedy": "refund"}
    while visited[-1] != name(SUMMARY):
        visited.append(name(next_state(visited[-1], data)))
    assert visited == [
        name(s)
        for s in (
            Intake.choosing_category,
            Intake.describing,
            Intake.dating,
            Intake.locating,
            Intake.choosing_remedy,
            Intake.naming,
            Intake.giving_phone,
            Intake.consenting,
            Intake.confirming,
        )
    ]


def test_the_remedy_other_takes_the_detour_for_its_words() -> None:
    data = {"remedy": "other"}
    assert next_state(name(Intake.choosing_remedy), data) is Intake.describing_remedy
    assert next_state(name(Intake.describing_remedy), data) is Intake.naming
    assert previous_state(name(Intake.describing_remedy), data) is Intake.choosing_remedy
    assert previous_state(name(Intake.naming), data) is Intake.choosing_remedy


def test_while_editing_an_answer_leads_back_to_the_summary_except_for_a_detour() -> None:
    editing = {"editing": True, "remedy": "other"}
    assert next_state(name(Intake.dating), editing) is SUMMARY
    assert next_state(name(Intake.choosing_remedy), editing) is Intake.describing_remedy
    assert next_state(name(Intake.describing_remedy), editing) is SUMMARY
    assert previous_state(name(Intake.dating), editing) is SUMMARY


def test_back_goes_one_row_up_and_stays_on_the_first() -> None:
    assert previous_state(name(Intake.dating), {}) is Intake.describing
    assert previous_state(name(Intake.choosing_category), {}) is None
    assert previous_state(name(SUMMARY), {}) is Intake.consenting
    assert previous_state(name(Intake.choosing_field), {}) is SUMMARY
    assert not shows_back(name(Intake.choosing_category), {})
    assert shows_back(name(Intake.choosing_category), {"editing": True})
    assert shows_back(name(Intake.describing), {})


def test_every_answer_but_consent_and_the_detour_can_be_changed() -> None:
    assert EDITABLE_FIELDS == (
        "category",
        "description",
        "occurred_on",
        "location",
        "remedy",
        "name",
        "phone",
    )
    assert all(step_of(name(STATE_OF_FIELD[f])) is not None for f in EDITABLE_FIELDS)


def test_each_row_is_consistent() -> None:
    for step in FLOW:
        assert (step.press is None) == (step.pick is None), step.field
        assert (step.read is None) == (step.takes is Input.BUTTONS), step.field
        assert step.question in TRANSLATOR.keys["en"] and step.question in TRANSLATOR.keys["fa"]
    assert name(Intake.confirming) not in PRESS_STATES + TEXT_STATES


def test_typed_answers_are_read_or_refused_politely() -> None:
    describing = step_of(name(Intake.describing))
    assert describing is not None and describing.read is not None
    assert describing.read("short", facts()) == Refused(
        "intake-description-too-short", {"min": 10}
    )
    with_files = facts(attachments=[{"caption": "the box"}, {"caption": None}])
    assert describing.read("It came two weeks late.", with_files) == {
        "description": "It came two weeks late.\n\nthe box"
    }
    dating = step_of(name(Intake.dating))
    assert dating is not None and dating.read is not None
    assert dating.read("2026-11-20", facts()) == {"occurred_on": "2026-11-20"}
    assert dating.read("2030-01-01", facts()) == Refused("intake-date-future")
    naming = step_of(name(Intake.naming))
    assert naming is not None and naming.read is not None
    assert naming.read("/start", facts()) == Refused("intake-name-invalid", {"max": 100})


@pytest.mark.parametrize(
    ("owner", "expected"),
    [(7, {"phone": "+989121234567"}), (8, Refused("intake-phone-not-yours"))],
)
def test_a_shared_contact_must_be_the_senders_own(owner: int, expected: object) -> None:
    assert read_contact("989121234567", owner, 7) == expected


def test_presses_are_read_or_old() -> None:
    category = step_of(name(Intake.choosing_category))
    assert category is not None and category.pick is not None
    assert category.pick("delay", facts()) == {"category": "delay"}
    assert category.pick("gone", facts()) is None
    dating = step_of(name(Intake.dating))
    assert dating is not None and dating.pick is not None
    assert dating.pick("yesterday", facts()) == {"occurred_on": date(2026, 11, 23).isoformat()}
    assert dating.pick("skip", facts()) == {"occurred_on": None}
    describing = step_of(name(Intake.describing))
    assert describing is not None and describing.pick is not None
    assert describing.pick("", facts()) == Refused("intake-description-needed")


def test_a_question_is_built_from_its_row() -> None:
    i18n = TRANSLATOR.bind("en")
    data = {"draft": "abcd1234", "tg_name": "Sara"}
    found = question(name(Intake.naming), i18n, data, CATEGORIES)
    assert found is not None
    text, markup = found
    assert text == i18n("intake-ask-name")
    labels = [b.text for row in markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert labels == [
        i18n("intake-keep-name", name="Sara"),
        i18n("button-back"),
        i18n("button-cancel"),
    ]
    first = question(name(Intake.choosing_category), i18n, data, CATEGORIES)
    assert first is not None
    assert [b.text for row in first[1].inline_keyboard for b in row] == [  # type: ignore[union-attr]
        "Delay",
        i18n("button-cancel"),
    ]
    assert question(None, i18n, data, CATEGORIES) is None


def test_every_intake_handler_takes_typed_parameters_only() -> None:
    module = importlib.import_module("handlers.intake.router")
    handlers = [
        f
        for f in vars(module).values()
        if inspect.iscoroutinefunction(f) and f.__module__ == module.__name__
    ]
    assert handlers
    for handler in handlers:
        for parameter in inspect.signature(handler).parameters.values():
            assert parameter.kind is not inspect.Parameter.VAR_KEYWORD, handler.__name__
            assert parameter.annotation is not inspect.Parameter.empty, handler.__name__

"""Button data is unpacked once per distinct string, and a wrong one fails every time."""

import pytest

from bot.callbacks import IntakeAction, StaffAction


def test_the_same_data_unpacks_to_the_same_button_once() -> None:
    data = IntakeAction(action="cat", draft="d1", value="delay").pack()
    first = IntakeAction.unpack(data)
    assert (first.action, first.draft, first.value) == ("cat", "d1", "delay")
    assert IntakeAction.unpack(data) is first


def test_data_of_another_kind_is_refused_every_time() -> None:
    data = IntakeAction(action="cat", draft="d1").pack()
    for _ in range(2):
        with pytest.raises(ValueError, match="prefix"):
            StaffAction.unpack(data)
    with pytest.raises(TypeError):
        StaffAction.unpack("s:take")
    assert StaffAction.unpack(StaffAction(action="take", id=7).pack()).id == 7


def test_a_refusal_keeps_no_traceback_and_so_no_update_alive() -> None:
    data = IntakeAction(action="cat", draft="d2").pack()
    with pytest.raises(ValueError):
        StaffAction.unpack(data)
    kept = StaffAction._unpacked[data]
    assert not isinstance(kept, BaseException)
    assert not any(isinstance(part, BaseException) for part in kept)  # type: ignore[union-attr]

"""Button data packs and unpacks as aiogram does, and a wrong or forged one fails every time."""

import pytest

from bot.messages.callbacks import ComplaintAction, IntakeAction, StaffAction, SurveyAnswer


def test_data_of_another_kind_is_refused_every_time() -> None:
    data = IntakeAction(action="cat", draft="d1").pack()
    for _ in range(2):
        with pytest.raises(ValueError, match="prefix"):
            StaffAction.unpack(data)
    with pytest.raises(TypeError):
        StaffAction.unpack("s:take")
    assert StaffAction.unpack(StaffAction(action="take", id=7).pack()).id == 7


@pytest.mark.parametrize(
    ("action", "draft", "value"),
    [("cat", "ab12cd34", "delay"), ("back", "ab12cd34", ""), ("when", "", "yesterday")],
)
def test_packed_is_what_pack_gives(action: str, draft: str, value: str) -> None:
    made = IntakeAction(action=action, draft=draft, value=value).pack()
    assert IntakeAction.packed(action, draft, value) == made


@pytest.mark.parametrize(
    ("action", "draft", "value"), [("cat", "a:b", ""), ("cat", "d", "x" * 60), ("a:b", "d", "")]
)
def test_packed_refuses_what_pack_refuses(action: str, draft: str, value: str) -> None:
    with pytest.raises(ValueError):
        IntakeAction(action=action, draft=draft, value=value).pack()
    with pytest.raises(ValueError):
        IntakeAction.packed(action, draft, value)


@pytest.mark.parametrize(
    "data",
    [
        "c:page::99999999999999999999999",
        "c:page::-1",
        "s:take:9223372036854775807:",
        "s:take:0:",
        "sv:99999999999999999999:1:5",
        "sv:7:1000:5",
    ],
)
def test_numbers_no_column_can_hold_are_refused_every_time(data: str) -> None:
    kind = {"c": ComplaintAction, "s": StaffAction, "sv": SurveyAnswer}[data.split(":")[0]]
    for _ in range(2):
        with pytest.raises(ValueError):
            kind.unpack(data)

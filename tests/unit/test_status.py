"""The complainant's answer to a resolution is tied to the one stage that asks for it."""

import pytest

from bot.domain.status import ALLOWED, Status, awaits_answer


@pytest.mark.parametrize("status", list(Status))
def test_only_a_resolved_complaint_awaits_the_complainants_answer(status: Status) -> None:
    assert awaits_answer(status) is (status is Status.RESOLVED)


def test_an_answer_from_the_awaiting_stage_is_a_move_the_table_allows() -> None:
    assert {Status.CLOSED, Status.REOPENED} <= ALLOWED[Status.RESOLVED]

"""SQL parameters are what people typed (names, phones, complaints): a failing statement's
text, which is logged and stored with the update, must not carry them."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import StatementError

from storage.models import Complainant
from storage.unit_of_work import UnitOfWorkFactory

T0 = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def person(name: str) -> Complainant:
    """Always the same account, so a second one breaks the unique constraint."""
    return Complainant(telegram_user_id=5, chat_id=5, language="fa", name=name, created_at=T0)


@pytest.mark.parametrize("path", ["orm", "prepared"])
async def test_a_failing_statement_does_not_show_its_parameters(
    units: UnitOfWorkFactory, path: str
) -> None:
    secret = "Private Person 09121234567"
    async with units() as unit:
        await unit.complainants.add(person(secret))
        await unit.commit()
    with pytest.raises(StatementError) as raised:
        async with units() as unit:
            if path == "orm":
                await unit.complainants.add(person(secret))  # the same account again
            else:
                when = datetime(2026, 3, 20, 12, 0)  # naive: refused before it is written
                await unit.dialogue_states.put(secret, when, state="x", set_state=True)
                await unit.commit()
    assert secret not in str(raised.value)
    assert "09121234567" not in str(raised.value)

"""Staff read about the complainant in the third person, and their buttons fit a phone."""

import pytest

from bot.domain.languages import LANGUAGES
from bot.messages.i18n import STAFF_VARIANT, Translator
from bot.messages.staff_keyboards import staff_buttons
from bot.messages.views import status_name
from storage.models import Complaint

translator = Translator()
# A row of three buttons on a phone holds about this many characters per button.
ROW_OF_THREE = 12
ROW_OF_TWO = 22


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_read_the_complainant_in_the_third_person(lang: str) -> None:
    staff, complainant = translator.bind(lang, staff=True), translator.bind(lang)
    assert status_name(staff, "waiting") != status_name(complainant, "waiting")
    assert staff("history-answer-received") != complainant("history-answer-received")
    assert staff("remedy-none") == translator(lang, "staff-remedy-none")
    assert staff("status-name-closed") == complainant("status-name-closed")
    assert staff("staff-card-nobody") == complainant("staff-card-nobody")


def test_staff_wording_is_third_person_in_persian() -> None:
    staff = translator.bind("fa", staff=True)
    assert "شاکی" in status_name(staff, "waiting")
    assert "شما" in status_name(translator.bind("fa"), "waiting")
    assert "شاکی" in staff("history-info-added") and "ندارد" in staff("remedy-none")


def test_every_staff_wording_stands_for_a_key_complainants_read() -> None:
    for lang in LANGUAGES:
        keys = translator.keys[lang]
        variants = {k.removeprefix(STAFF_VARIANT) for k in keys if k.startswith(STAFF_VARIANT)}
        overridden = variants & keys
        assert {"status-name-waiting", "remedy-none", "history-answer-received"} <= overridden


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_buttons_fit_a_phone(lang: str) -> None:
    complaint = Complaint(id=1, status="received", contact_phone="+989121234567")
    for row in staff_buttons(translator.bind(lang, staff=True), complaint).inline_keyboard:
        limit = ROW_OF_THREE if len(row) >= 3 else ROW_OF_TWO
        for button in row:
            assert len(button.text) <= limit, (lang, button.text)

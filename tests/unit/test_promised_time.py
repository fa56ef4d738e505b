"""Durations in words: the largest unit that says them exactly, never zero."""

from datetime import timedelta

import pytest

from bot.messages.i18n import Translator
from handlers.common import duration_words

translator = Translator()


@pytest.mark.parametrize(
    ("duration", "working_time", "lang", "words"),
    [
        (timedelta(minutes=30), False, "en", "30 minutes"),
        (timedelta(minutes=1), False, "en", "1 minute"),
        (timedelta(seconds=20), False, "en", "1 minute"),
        (timedelta(minutes=90), True, "en", "90 working minutes"),
        (timedelta(hours=4), True, "en", "4 working hours"),
        (timedelta(hours=8), True, "en", "1 working day"),
        (timedelta(hours=12), True, "en", "12 working hours"),
        (timedelta(hours=8), False, "en", "8 hours"),
        (timedelta(days=2), False, "en", "2 days"),
        (timedelta(hours=36), False, "en", "36 hours"),
        (timedelta(minutes=30), False, "fa", "۳۰ دقیقه"),
        (timedelta(minutes=45), True, "fa", "۴۵ دقیقهٔ کاری"),
        (timedelta(hours=4), False, "fa", "۴ ساعت"),
        (timedelta(hours=16), True, "fa", "۲ روز کاری"),
    ],
)
def test_duration_words(duration: timedelta, working_time: bool, lang: str, words: str) -> None:
    said = duration_words(translator.bind(lang), duration, working_time=working_time)
    assert said.replace("\u2068", "").replace("\u2069", "") == words

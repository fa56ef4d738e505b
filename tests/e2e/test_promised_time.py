"""The greeting and the help promise a first response in the largest unit that says it: short
targets in minutes or hours, never "within 0 days", with Persian digits for Persian users."""

from pathlib import Path

import pytest

from tests.e2e.conversation import Person, texts
from tests.e2e.harness import running_bot


def readable(text: str) -> str:
    """The text without the invisible isolates around Persian variables."""
    return text.replace("\u2068", "").replace("\u2069", "")


def policy(tmp_path: Path, first_response: str, working_time: bool) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(
        "[policy.targets.normal]\n"
        f'first_response = "{first_response}"\n'
        'resolution = "5d"\n'
        f"working_time = {'true' if working_time else 'false'}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("first_response", "working_time", "lang", "promise"),
    [
        ("30m", False, "en", "within 30 minutes."),
        ("30m", False, "fa", "ظرف ۳۰ دقیقه"),
        ("30m", True, "en", "within 30 working minutes."),
        ("30m", True, "fa", "ظرف ۳۰ دقیقهٔ کاری"),
        ("4h", False, "en", "within 4 hours."),
        ("4h", True, "fa", "ظرف ۴ ساعت کاری"),
        ("90m", False, "en", "within 90 minutes."),
        ("1d", True, "en", "within 1 working day."),
        ("2d", False, "fa", "ظرف ۲ روز"),
        ("36h", False, "en", "within 36 hours."),
    ],
)
async def test_the_greeting_promises_short_targets_in_their_own_unit(
    sqlite_url: str,
    tmp_path: Path,
    first_response: str,
    working_time: bool,
    lang: str,
    promise: str,
) -> None:
    path = policy(tmp_path, first_response, working_time)
    async with running_bot(sqlite_url, policy_file=path) as bot:
        person = Person(bot, 3101, lang)
        greeting = readable(texts(await person.send("/start")))
        assert promise in greeting
        assert " 0 " not in greeting and " ۰ " not in greeting
        assert promise in readable(texts(await person.send("/help")))

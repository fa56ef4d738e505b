"""Fixtures for end-to-end tests."""

from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import RunningBot, running_bot


@pytest.fixture
async def bot(sqlite_url: str) -> AsyncIterator[RunningBot]:
    """The bot on a fresh SQLite file."""
    async with running_bot(sqlite_url) as running:
        yield running

"""Fixtures for the staff commands' tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chat import Chat
from tests.staff import staffed_chat


@pytest.fixture
async def chat(sessions, tmp_path: Path) -> Chat:
    return await staffed_chat(sessions, tmp_path)

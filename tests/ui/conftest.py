"""Fixtures of the UI layer (AppTest against the app's real SQLite file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import ShareWorld, seed_share_world
from tests.ui.apptest import engine_for


@pytest.fixture
def share_world(app_env: Path) -> ShareWorld:
    """The share world (tests/factories.py) in the app's database (`app_env`)."""
    engine = engine_for(app_env)
    world = seed_share_world(engine)
    engine.dispose()
    return world

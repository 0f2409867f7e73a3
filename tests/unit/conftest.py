"""Fixtures of the unit layer (pure functions; a SQLite file where a builder needs data)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.factories import ShareWorld, seed_share_world


@pytest.fixture
def share_world(sqlite_engine: Engine) -> ShareWorld:
    """The share world (tests/factories.py) in `sqlite_engine`'s database."""
    return seed_share_world(sqlite_engine)

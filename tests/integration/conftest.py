"""Fixtures of the integration layer (services on a real SQLite file and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.factories import ShareWorld, seed_share_world


@pytest.fixture
def share_world(engine: Engine) -> ShareWorld:
    """The share world (tests/factories.py) in the test's database."""
    return seed_share_world(engine)

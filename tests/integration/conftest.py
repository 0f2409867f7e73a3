"""Fixtures of the integration layer (services on a real SQLite file and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.factories import ShareWorld, seed_share_world
from tests.integration.meetings_setup import World, build_world


@pytest.fixture
def share_world(engine: Engine) -> ShareWorld:
    """The share world (tests/factories.py) in the test's database."""
    return seed_share_world(engine)


@pytest.fixture
def world(engine: Engine) -> World:
    """The meetings world (tests/integration/meetings_setup.py) in the test's database.

    why (issue 11): the same fixture was written in five test modules.
    """
    return build_world(engine)

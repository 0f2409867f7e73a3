"""Test data builders over the real services (no mocks)."""

from __future__ import annotations

from sqlalchemy import Engine

from advisory.actors import SystemActor
from advisory.db import session_scope
from advisory.services import users

TEST_ADMIN = SystemActor("test")

PASSWORD = "a long test passphrase"


def make_user(engine: Engine, username: str, role: str, **kwargs: object) -> users.UserView:
    """An account made through the real service; its view is the actor for later calls."""
    with session_scope(engine) as s:
        return users.create_user(
            s,
            username=username,
            display_name=username.title(),
            role=role,
            password=PASSWORD,
            actor=TEST_ADMIN,
            **kwargs,
        )  # type: ignore[arg-type]

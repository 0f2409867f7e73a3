"""Test data builders over the real services (no mocks)."""

from __future__ import annotations

from sqlalchemy import Engine

from advisory.db import session_scope
from advisory.services import users

PASSWORD = "a long test passphrase"


def make_user(engine: Engine, username: str, role: str, **kwargs: object) -> None:
    with session_scope(engine) as s:
        users.create_user(
            s,
            username=username,
            display_name=username.title(),
            role=role,
            password=PASSWORD,
            by="test",
            **kwargs,
        )  # type: ignore[arg-type]

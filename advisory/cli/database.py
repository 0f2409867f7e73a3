"""The database every command uses: the configured one, connected (and migrated for data)."""

from __future__ import annotations

from sqlalchemy import Engine

from advisory import migrate
from advisory.db import check_connection, make_engine


def connected_engine() -> Engine:
    """The configured database, connected once (DatabaseConfigError names any problem)."""
    engine = make_engine()
    check_connection(engine)
    return engine


def ready_engine() -> Engine:
    """Engine for a command that reads or writes data: connected and migrated."""
    engine = connected_engine()
    migrate.upgrade(engine)
    return engine

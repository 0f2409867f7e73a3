"""The process-wide database engine, migrated once per process.

Pages pass `get_engine()` to services, which open their own read or write transaction
(advisory.db.reads / writes). The old page-owned `session()` is gone (issue 11): the impact
page was the last page to use it.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from advisory import migrate
from advisory.config import database_url
from advisory.db import DatabaseBusy, check_connection, make_engine
from advisory.i18n import N_, _

# DatabaseBusy's sentence (advisory/db.py), for the catalog: shown in the reader's language
# whichever language the error was raised in.
BUSY = N_(
    "The database is busy just now, so nothing was saved. "
    "Your entries are still here: try again in a moment."
)


def _secret(section: str, key: str) -> str | None:
    try:
        value = st.secrets.get(section, {}).get(key)
    except Exception:  # noqa: BLE001 - no secrets.toml is the normal case
        return None
    return str(value) if value else None


def configured_database_url() -> str | None:
    return _secret("database", "url")


def configured_cookie_key() -> str | None:
    return _secret("auth", "cookie_key")


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    # why cache_resource: one pool per process; it holds no user data, so sharing is safe.
    # Keyed on the resolved URL, so a changed DATABASE_URL gets its own engine.
    engine = make_engine(url)
    check_connection(engine)
    migrate.upgrade(engine)
    return engine


def get_engine() -> Engine:
    return _engine(database_url(configured_database_url()))


def error_text(exc: Exception) -> str:
    """The message of `exc` for a person, the database-busy one in the run's language."""
    return _(BUSY) if isinstance(exc, DatabaseBusy) else str(exc)

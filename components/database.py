"""The process-wide database engine, migrated once per process.

Pages pass `get_engine()` to services, which open their own read or write transaction
(advisory.db.reads / writes). The old page-owned `session()` is gone (issue 11): the impact
page was the last page to use it.
"""

from __future__ import annotations

import threading

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


# One engine (one pool) per process and URL; it holds no user data, so sharing is safe. Keyed
# on the resolved URL, so a changed DATABASE_URL gets its own engine.
# why a dict, not st.cache_resource: pages ask for the engine about seven times a run, and
# cache_resource's lookup (hashing, statistics) was 2 ms of a run's 80 under cProfile (four
# pages, three users); a dict read costs nothing, and the lock builds each engine once.
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _engine(url: str) -> Engine:
    engine = _engines.get(url)
    if engine is not None:
        return engine
    with _engines_lock:
        if url not in _engines:
            engine = make_engine(url)
            check_connection(engine)
            migrate.upgrade(engine)
            _engines[url] = engine
        return _engines[url]


def dispose_engines() -> None:
    """Close every engine's pool and forget them (benchmarks that remove their data folder)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def get_engine() -> Engine:
    return _engine(database_url(configured_database_url()))


def error_text(exc: Exception) -> str:
    """The message of `exc` for a person, the database-busy one in the run's language."""
    return _(BUSY) if isinstance(exc, DatabaseBusy) else str(exc)

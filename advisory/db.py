"""Engine, sessions and the SQLite pragmas.

One engine per process (the Streamlit side keeps it in `st.cache_resource`). Services take a
`Session`; callers open one with `session_scope(engine)`, which commits or rolls back as a unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from advisory import config

SQLITE_BUSY_TIMEOUT_MS = 15_000


class DatabaseConfigError(Exception):
    """The configured database cannot be used; the message is one readable line."""


def _install_sqlite_pragmas(engine: Engine) -> None:
    # why: SQLite's defaults suit one writer; several Streamlit sessions write at once.
    # WAL lets readers run beside a writer, busy_timeout waits instead of failing with
    # "database is locked", and foreign keys are off unless asked for on every connection.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    # why: a deferred BEGIN takes the write lock only at the first write, and two sessions
    # that both read first then deadlock-upgrade ("database is locked" despite busy_timeout).
    # BEGIN IMMEDIATE takes the write lock up front, so writers queue on busy_timeout.
    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None) -> Engine:
    """Create the engine for `url` (default: the configured database).

    Raises DatabaseConfigError with one readable line when the URL is malformed or its driver
    is missing.
    """
    raw = config.database_url(url)
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise DatabaseConfigError(
            "DATABASE_URL is not a valid database URL "
            "(expected e.g. postgresql+psycopg://user:password@host:5432/dbname)."
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseConfigError(
            f"DATABASE_URL uses {backend!r}; only sqlite and postgresql are supported."
        )
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        if backend == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            _install_sqlite_pragmas(engine)
        else:
            engine = create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=5)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseConfigError(
            f"The database driver for {parsed.drivername} is missing: {exc}"
        ) from None
    return engine


def check_connection(engine: Engine) -> None:
    """Connect once; raise DatabaseConfigError naming the problem (never the password)."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any driver error becomes one readable line
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc)
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseConfigError(f"Cannot connect to the database at {where}: {reason}") from None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work commits at the end of the block, or rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session

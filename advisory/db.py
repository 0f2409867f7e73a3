"""Engine, read and write transactions, and the SQLite pragmas.

One engine per process (the Streamlit side keeps it in `st.cache_resource`). Services own their
transactions: a service is decorated with `@reads` or `@writes` and callers pass the engine.
A service called with a `Session` instead joins that transaction, which is how one service
uses another inside a single unit of work.

why (issue 14): every transaction used to start with `BEGIN IMMEDIATE`, so every rerun of every
session queued for SQLite's single write lock and 15% of page runs under 20 sessions failed with
"database is locked". Now:

* a read transaction begins deferred (SQLite) or READ ONLY (PostgreSQL) and may not write: in
  WAL mode it never waits for a writer, and a write attempted inside it raises
  `ReadOnlyTransaction` (a programming error) instead of a lock upgrade that can deadlock;
* a write transaction takes the write lock at its start (`BEGIN IMMEDIATE`), so writers queue
  on the busy timeout instead of deadlocking; it is meant to be short and to open only after
  parsing and validation are done. If the lock stays taken it retries briefly and then raises
  `DatabaseBusy`, a domain error whose message says to try again (nothing was written).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import ORMExecuteState, Session

from advisory import config
from advisory.errors import DomainError

# why: a writer waits this long for SQLite's lock at each try; with WRITE_ATTEMPTS tries the
# longest wait is about 12 s, after which the person sees "busy, try again" (never the error
# page). Writes are short (validation happens before), so a wait this long means real overload.
SQLITE_BUSY_TIMEOUT_MS = 4_000
WRITE_ATTEMPTS = 3
RETRY_PAUSE_S = 0.2

MODE = "advisory_mode"  # Session.info key: "read" or "write"
_WRITE_OPTION = "advisory_write"

P = ParamSpec("P")
R = TypeVar("R")
Db = Engine | Session


class DatabaseConfigError(Exception):
    """The configured database cannot be used; the message is one readable line."""


class DatabaseBusy(DomainError):
    """The write lock stayed taken; nothing was written and the person can simply try again."""

    def __init__(self) -> None:
        super().__init__(
            "The database is busy just now, so nothing was saved. "
            "Your entries are still here: try again in a moment."
        )


class ReadOnlyTransaction(RuntimeError):
    """A write was attempted inside a read transaction (a bug: use a `@writes` service)."""


def _install_sqlite_pragmas(engine: Engine) -> None:
    # why: SQLite's defaults suit one writer; several Streamlit sessions use it at once.
    # WAL lets readers run beside a writer, busy_timeout makes a writer wait for the lock
    # instead of failing at once, and foreign keys are off unless asked for on every connection.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    # why: a read begins deferred, so in WAL mode it takes no lock and never waits. A write
    # begins IMMEDIATE: a deferred transaction that reads first and writes later has to upgrade
    # its lock, and two such upgrades deadlock ("database is locked" despite busy_timeout).
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        writing = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


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
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            _install_sqlite_pragmas(engine)
        else:
            engine = create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)
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


def _is_lock_error(exc: OperationalError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return "database is locked" in text or "database table is locked" in text


def _refuse_writes(session: Session) -> None:
    @event.listens_for(session, "before_flush")
    def _no_flush(sess: Session, _ctx: object, _instances: object) -> None:
        if sess.new or sess.dirty or sess.deleted:
            raise ReadOnlyTransaction("A read transaction tried to write; use a @writes service.")

    @event.listens_for(session, "do_orm_execute")
    def _no_dml(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            raise ReadOnlyTransaction("A read transaction tried to write; use a @writes service.")


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A read-only transaction: never takes SQLite's write lock, refuses any write."""
    bind = engine
    if engine.dialect.name == "postgresql":
        bind = engine.execution_options(postgresql_readonly=True)
    with Session(bind, expire_on_commit=False, autoflush=False) as session:
        session.info[MODE] = "read"
        _refuse_writes(session)
        with session.begin():
            yield session


@contextmanager
def write_scope(engine: Engine) -> Iterator[Session]:
    """A write transaction: commits at the end of the block, rolls back on any error.

    On SQLite the write lock is taken at the first statement (BEGIN IMMEDIATE), waiting up to
    the busy timeout; if it stays taken, DatabaseBusy (rolled back: nothing written). `@writes`
    services retry a busy call a few times before letting DatabaseBusy reach the page.
    """
    bind = engine.execution_options(**{_WRITE_OPTION: True})
    with Session(bind, expire_on_commit=False) as session:
        session.info[MODE] = "write"
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            if _is_lock_error(exc):
                raise DatabaseBusy() from None
            raise


# Kept for callers that manage a unit of work themselves (tests, the CLI's restore, the demo
# loader): a write transaction.
session_scope = write_scope


def is_writing(session: Session) -> bool:
    return session.info.get(MODE) == "write"


def reads(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Db, P], R]:
    """Make a read service: callers pass the engine (a read transaction is opened for the
    call) or a Session they already hold (the call joins that transaction)."""

    @functools.wraps(fn)
    def run(db: Db, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if isinstance(db, Session):
            return fn(db, *args, **kwargs)
        with read_scope(db) as session:
            return fn(session, *args, **kwargs)

    return run


def writes(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Db, P], R]:
    """Make a write service: callers pass the engine (a short write transaction is opened for
    the call: it commits when the service returns and rolls back if it raises) or a write
    Session they already hold. Passing a read Session is a bug (ReadOnlyTransaction).

    Called with the engine, a call that meets a taken write lock is rolled back and run again
    (WRITE_ATTEMPTS in all) before DatabaseBusy reaches the caller. That is safe because the
    call is the whole unit of work: services do nothing outside the database inside it.
    """

    @functools.wraps(fn)
    def run(db: Db, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if isinstance(db, Session):
            if db.info.get(MODE) == "read":
                raise ReadOnlyTransaction(f"{fn.__qualname__} writes; it was given a read session.")
            return fn(db, *args, **kwargs)
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with write_scope(db) as session:
                    return fn(session, *args, **kwargs)
            except DatabaseBusy:
                if attempt == WRITE_ATTEMPTS:
                    raise
                time.sleep(RETRY_PAUSE_S * attempt)
        raise AssertionError("unreachable")

    return run


def restrict_file_modes() -> None:
    """New files private to this account (database, -wal/-shm, backups, key): umask 077.

    why (issue 14): they hold minutes, names and password hashes and were world-readable.
    """
    os.umask(0o077)

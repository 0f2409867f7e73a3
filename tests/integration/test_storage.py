"""The database layer: migrations, SQLite pragmas and concurrent writers, bad URLs."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from alembic import command
from sqlalchemy import Engine, Row, event, inspect, text, update
from sqlalchemy.orm import Session

from advisory import migrate
from advisory.db import (
    SQLITE_BUSY_TIMEOUT_MS,
    DatabaseBusy,
    DatabaseConfigError,
    ReadOnlyTransaction,
    check_connection,
    make_engine,
    read_scope,
    reads,
    session_scope,
    write_scope,
    writes,
)
from advisory.models import Site


def test_every_sqlite_connection_uses_wal_foreign_keys_and_a_busy_timeout(sqlite_engine):
    for _ in range(3):
        with sqlite_engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS


def test_a_read_does_not_wait_for_a_writer_holding_the_lock(sqlite_engine):
    holding = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with write_scope(sqlite_engine) as s:
            s.add(Site(name="held", kind="clinic"))
            s.flush()  # BEGIN IMMEDIATE: the write lock is now taken
            holding.set()
            release.wait(10)

    t = threading.Thread(target=writer)
    t.start()
    assert holding.wait(10)
    started = time.monotonic()
    with read_scope(sqlite_engine) as s:
        seen = s.scalar(text("SELECT count(*) FROM site"))
    waited = time.monotonic() - started
    release.set()
    t.join()
    assert seen == 0  # the writer has not committed yet
    assert waited < 0.5


def test_a_read_transaction_refuses_to_write(engine):
    with pytest.raises(ReadOnlyTransaction), read_scope(engine) as s:
        s.add(Site(name="nope", kind="clinic"))
    with pytest.raises(ReadOnlyTransaction), read_scope(engine) as s:
        s.execute(update(Site).values(name="x"))
    with write_scope(engine) as s:
        assert s.query(Site).count() == 0


@writes
def _add_site(session: Session, *, name: str) -> int:
    row = Site(name=name, kind="clinic")
    session.add(row)
    session.flush()
    return row.id


@reads
def _count_sites(session: Session) -> int:
    return session.query(Site).count()


def test_services_own_their_transaction_or_join_the_callers(engine):
    _add_site(engine, name="own transaction")
    with write_scope(engine) as s:
        _add_site(s, name="joins the caller's")
        assert _count_sites(s) == 2
    assert _count_sites(engine) == 2
    with pytest.raises(ReadOnlyTransaction), read_scope(engine) as s:
        _add_site(s, name="never")


def test_a_write_that_keeps_meeting_the_lock_says_busy_and_writes_nothing(
    sqlite_engine, monkeypatch
):
    from advisory import db

    monkeypatch.setattr(db, "RETRY_PAUSE_S", 0.01)
    holding = threading.Event()
    release = threading.Event()

    def other_writer() -> None:
        with write_scope(sqlite_engine) as s:
            s.add(Site(name="first", kind="clinic"))
            s.flush()
            holding.set()
            release.wait(30)

    t = threading.Thread(target=other_writer)
    t.start()
    assert holding.wait(10)
    quick = make_engine(str(sqlite_engine.url))

    @event.listens_for(quick, "connect")
    def _short_timeout(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout=50")

    try:
        with pytest.raises(DatabaseBusy) as err:
            _add_site(quick, name="second")
    finally:
        release.set()
        t.join()
        quick.dispose()
    assert "try again" in str(err.value)
    assert sorted(n for (n,) in _names(sqlite_engine)) == ["first"]


def _names(engine: Engine) -> list[Row[tuple[str]]]:
    with read_scope(engine) as s:
        return list(s.execute(text("SELECT name FROM site")).tuples())


def test_threads_writing_at_once_never_see_database_is_locked(sqlite_engine):
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                with session_scope(sqlite_engine) as s:
                    s.scalar(text("SELECT count(*) FROM site"))  # read first, then write
                    s.add(Site(name=f"site-{n}-{i}", kind="clinic"))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with session_scope(sqlite_engine) as s:
        assert s.query(Site).count() == 120


def test_migrations_reach_head_and_match_the_models(engine):
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)  # raises if the models and the migrations differ


def test_migrations_go_down_to_nothing_and_back_up(engine):
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert "recommendation" in inspect(engine).get_table_names()


def test_a_foreign_key_violation_is_refused_on_both_databases(engine):
    from sqlalchemy.exc import IntegrityError

    from advisory.models import Member

    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(Member(group_id=999, name="Aye"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("nonsense", "DATABASE_URL is not a valid database URL"),
        ("mysql://u:p@localhost/db", "only sqlite and postgresql are supported"),
    ],
)
def test_a_wrong_database_url_gives_one_readable_line(url, expected):
    with pytest.raises(DatabaseConfigError) as err:
        make_engine(url)
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_an_unreachable_postgresql_server_is_named_without_its_password():
    engine = make_engine("postgresql://advisory:s3cret@127.0.0.1:9/advisory")
    with pytest.raises(DatabaseConfigError) as err:
        check_connection(engine)
    assert "Cannot connect to the database at" in str(err.value)
    assert "s3cret" not in str(err.value)
    assert "\n" not in str(err.value)

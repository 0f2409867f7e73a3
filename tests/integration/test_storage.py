"""The database layer: migrations, SQLite pragmas and concurrent writers, bad URLs."""

from __future__ import annotations

import threading

import pytest
from alembic import command
from sqlalchemy import inspect, text

from advisory import migrate
from advisory.db import DatabaseConfigError, check_connection, make_engine, session_scope
from advisory.models import Site


def test_every_sqlite_connection_uses_wal_foreign_keys_and_a_busy_timeout(sqlite_engine):
    for _ in range(3):
        with sqlite_engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


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

"""Backups through the database's own API can be restored with every row intact."""

from __future__ import annotations

import shutil

import pytest

from advisory import backup
from advisory.db import session_scope
from advisory.models import Site
from tests.factories import make_user


def test_a_backup_restores_the_same_rows_after_later_changes(engine, tmp_path):
    if engine.dialect.name == "postgresql" and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is absent")
    make_user(engine, "boss", "admin")
    with session_scope(engine) as s:
        s.add_all([Site(name="A", kind="clinic"), Site(name="B", kind="clinic")])
    before = backup.row_counts(engine)
    target = backup.backup(engine, tmp_path / "copy.bak")
    with session_scope(engine) as s:
        s.add(Site(name="C", kind="clinic"))
    assert backup.row_counts(engine)["site"] == 3
    backup.restore(engine, target)
    assert backup.row_counts(engine) == before
    assert before["site"] == 2 and before["app_user"] == 1


def test_backup_refuses_to_overwrite_an_existing_sqlite_file(sqlite_engine, tmp_path):
    from advisory.errors import DomainError

    target = tmp_path / "exists.db"
    target.write_text("keep me")
    with pytest.raises(DomainError, match="already exists"):
        backup.backup(sqlite_engine, target)
    assert target.read_text() == "keep me"

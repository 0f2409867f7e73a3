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


def _recording_tool(folder, name: str):
    """A stand-in pg_dump/pg_restore on PATH that writes down its arguments and PGPASSWORD."""
    log = folder / f"{name}.log"
    tool = folder / name
    tool.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{log}"\n'
        f'printf "PGPASSWORD=%s\\n" "$PGPASSWORD" >> "{log}"\n'
    )
    tool.chmod(0o755)
    return log


def test_pg_dump_and_pg_restore_get_the_password_from_the_environment_not_the_command_line(
    tmp_path, monkeypatch
):
    from sqlalchemy import create_engine

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    dump_log = _recording_tool(bin_dir, "pg_dump")
    restore_log = _recording_tool(bin_dir, "pg_restore")
    monkeypatch.setenv("PATH", f"{bin_dir}:{__import__('os').environ['PATH']}")
    engine = create_engine("postgresql+psycopg://advisory:Sup3r-s3cret@127.0.0.1:5/advisory")

    target = backup.backup(engine, tmp_path / "copy.dump")
    backup.restore(engine, target)

    for log in (dump_log, restore_log):
        lines = log.read_text().splitlines()
        arguments = [line for line in lines if not line.startswith("PGPASSWORD=")]
        assert not any("Sup3r-s3cret" in a for a in arguments), arguments
        assert "postgresql://advisory@127.0.0.1:5/advisory" in arguments
        assert "PGPASSWORD=Sup3r-s3cret" in lines

"""The data folder is 0700 and the database, key and backups 0600, old files included.

why (issue 14): the database with its -wal/-shm, backups and the data folder were
world-readable (0644/0755) while they hold minutes, names and password hashes.
"""

from __future__ import annotations

import os
import runpy
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisory import backup, config
from advisory.db import make_engine
from tests.conftest import ROOT


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """Run as if the process had the usual 022 umask (files 0644, folders 0755)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_data_folder_is_private(tmp_path, monkeypatch, loose_umask):
    target = tmp_path / "fresh" / "data"
    monkeypatch.setenv("ADVISORY_DATA_DIR", str(target))
    assert config.data_dir() == target
    assert _mode(target) == 0o700
    key = config.cookie_key()
    assert len(key) >= 32
    assert _mode(target / "auth_cookie.key") == 0o600


def test_an_existing_loose_data_folder_and_its_files_are_tightened(
    tmp_path, monkeypatch, loose_umask
):
    data = tmp_path / "old"
    (data / "backups").mkdir(parents=True)
    files = [data / name for name in config.PRIVATE_FILES] + [data / "backups" / "a.db"]
    for path in files:
        path.write_text("x")
        path.chmod(0o644)
    data.chmod(0o755)
    (data / "backups").chmod(0o755)
    monkeypatch.setenv("ADVISORY_DATA_DIR", str(data))
    config.data_dir()
    assert _mode(data) == 0o700
    assert _mode(data / "backups") == 0o700
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_a_shared_sticky_folder_is_never_chmodded(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    config.restrict_data_dir(shared)
    assert _mode(shared) == 0o1777


def test_a_sqlite_backup_is_private_whatever_the_umask(sqlite_engine, tmp_path, loose_umask):
    target = tmp_path / "backups" / "copy.db"
    backup.backup(sqlite_engine, target)
    assert _mode(target) == 0o600
    assert _mode(target.parent) == 0o700
    assert "site" in backup.row_counts(make_engine(f"sqlite:///{target}"))


def test_a_postgresql_backup_is_private_whatever_the_umask(postgres, tmp_path, loose_umask):
    if subprocess.run(["which", "pg_dump"], capture_output=True).returncode != 0:
        pytest.skip("pg_dump is absent")
    engine = make_engine(postgres.new_database())
    target = tmp_path / "backups" / "copy.dump"
    backup.backup(engine, target)
    engine.dispose()
    assert target.stat().st_size > 0
    assert _mode(target) == 0o600


def _cli(data: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    """`python -m advisory <args>` in this process: its entry module runs as a new process's.

    why (issue 11): two subprocesses took seconds; runpy runs advisory/__main__.py itself
    (which sets the umask, then calls the CLI), under the 022 umask `loose_umask` gives.
    """
    monkeypatch.setenv("ADVISORY_DATA_DIR", str(data))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(sys, "argv", ["advisory", *args])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("advisory", run_name="__main__", alter_sys=True)
    assert exited.value.code == 0


def test_the_cli_creates_the_database_and_backups_private_under_a_022_umask(
    tmp_path, monkeypatch, loose_umask
):
    data = tmp_path / "cli"
    _cli(data, monkeypatch, "db", "upgrade")
    assert _mode(data) == 0o700
    for name in ("advisory.db", "advisory.db-wal", "advisory.db-shm"):
        if (data / name).exists():
            assert _mode(data / name) == 0o600, name
    _cli(data, monkeypatch, "backup")
    made = list((data / "backups").iterdir())
    assert made and all(_mode(p) == 0o600 for p in made)
    assert _mode(data / "backups") == 0o700


def test_the_app_sets_a_private_umask_before_it_opens_the_database(app_env, loose_umask):
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=20).run()
    current = os.umask(0o022)
    assert current == 0o077

"""The restore drill README describes works: a scheduled-style backup restores into a scratch
database with every row (python -m advisory backup, then python -m deploy.restore_check)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from advisory import backup
from advisory.db import make_engine
from tests.conftest import ROOT
from tests.deploy.conftest import run_cli

pytestmark = pytest.mark.postgres


def _restore_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "deploy.restore_check", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )


def test_a_pg_dump_backup_restores_into_a_scratch_database_with_every_row(postgres, tmp_path):
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("PostgreSQL client tools are absent")
    live = postgres.new_database()
    env = {"DATABASE_URL": live, "ADVISORY_DATA_DIR": str(tmp_path)}
    run_cli(env, "demo")
    out = run_cli(env, "backup")  # what advisory-backup.service runs every night
    dumps = list((tmp_path / "backups").glob("advisory-*.dump"))
    assert len(dumps) == 1, out
    scratch = postgres.empty_database()

    result = _restore_check(str(dumps[0]), "--into", scratch, "--compare", live)
    assert result.returncode == 0, result.stderr
    assert "restores:" in result.stdout
    engine, live_engine = make_engine(scratch), make_engine(live)
    try:
        assert backup.row_counts(engine) == backup.row_counts(live_engine)
        assert backup.row_counts(engine)["attendance"] > 10_000
    finally:
        engine.dispose()
        live_engine.dispose()


def test_the_restore_check_refuses_the_live_database_and_an_unusable_copy(postgres, tmp_path):
    live = postgres.new_database()
    refused = _restore_check(str(tmp_path / "x.dump"), "--into", live, "--compare", live)
    assert refused.returncode == 1 and "live database" in refused.stderr
    if shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL client tools are absent")
    env = {"DATABASE_URL": live, "ADVISORY_DATA_DIR": str(tmp_path)}
    run_cli(env, "backup", str(tmp_path / "no-admin.dump"))  # migrated, but no account yet
    result = _restore_check(str(tmp_path / "no-admin.dump"), "--into", postgres.empty_database())
    assert result.returncode == 1
    assert "NOT restorable" in result.stderr

"""`python -m advisory`: help, accounts, demo, and readable errors."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def run(args: list[str], data_dir, stdin: str = "", **env: str):  # type: ignore[no-untyped-def]
    environment = {**os.environ, "ADVISORY_DATA_DIR": str(data_dir), **env}
    if "DATABASE_URL" not in env:
        environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "advisory", *args],
        input=stdin,
        text=True,
        capture_output=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def test_help_lists_the_admin_commands(tmp_path):
    out = run(["--help"], tmp_path)
    assert out.returncode == 0
    for command in ("db", "user", "demo"):
        assert command in out.stdout


def test_user_add_reads_the_password_from_stdin_and_refuses_a_short_one(tmp_path):
    bad = run(
        ["user", "add", "nang", "--role", "member", "--password-stdin"], tmp_path, stdin="short\n"
    )
    assert bad.returncode == 2
    assert "at least 12 characters" in bad.stderr
    good = run(
        ["user", "add", "nang", "--role", "member", "--password-stdin"],
        tmp_path,
        stdin="a long enough passphrase\n",
    )
    assert good.returncode == 0, good.stderr
    assert "Created member account 'nang'." in good.stdout
    listed = run(["user", "list"], tmp_path)
    assert listed.stdout.startswith("nang\tmember\tactive")


def test_db_upgrade_with_a_wrong_database_url_prints_one_line_not_a_traceback(tmp_path):
    out = run(["db", "upgrade"], tmp_path, DATABASE_URL="postgresql://u:pw@127.0.0.1:9/x")
    assert out.returncode == 1
    assert out.stderr.startswith("error: Cannot connect to the database at")
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_demo_prints_one_time_passwords_for_one_account_per_role(tmp_path):
    out = run(["demo"], tmp_path)
    assert out.returncode == 0, out.stderr
    for username in ("demo-admin", "demo-director", "demo-member"):
        assert f"  {username}: " in out.stdout
    again = run(["demo"], tmp_path)
    assert again.returncode == 2
    assert "already loaded" in again.stderr

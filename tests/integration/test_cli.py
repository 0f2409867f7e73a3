"""`python -m advisory`: help, accounts, demo, and readable errors.

In-process: `main(argv)` with captured standard streams and a real SQLite file in a fresh data
folder. why (issue 11): a subprocess per command cost seconds each; one test below still runs
the real `python -m advisory` process, end to end.
"""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from advisory.cli import main
from tests.conftest import ROOT


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str


Run = Callable[..., Outcome]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run a command in-process against the SQLite file in `tmp_path` (its data folder)."""
    monkeypatch.setenv("ADVISORY_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)

    def _run(args: list[str], stdin: str = "", **env: str) -> Outcome:
        with monkeypatch.context() as m:
            for name, value in env.items():
                m.setenv(name, value)
            m.setattr(sys, "stdin", io.StringIO(stdin))
            try:
                code = main(args)
            except SystemExit as exc:  # --help and argparse refusals exit this way
                code = int(exc.code or 0)
        out = capsys.readouterr()
        return Outcome(code, out.out, out.err)

    return _run


def test_help_lists_the_admin_commands(run: Run):
    out = run(["--help"])
    assert out.returncode == 0
    for command in ("db", "user", "demo"):
        assert command in out.stdout


def test_user_add_reads_the_password_from_stdin_and_refuses_a_short_one(run: Run):
    bad = run(["user", "add", "nang", "--role", "member", "--password-stdin"], stdin="short\n")
    assert bad.returncode == 2
    assert "at least 12 characters" in bad.stderr
    good = run(
        ["user", "add", "nang", "--role", "member", "--password-stdin"],
        stdin="a long enough passphrase\n",
    )
    assert good.returncode == 0, good.stderr
    assert "Created member account 'nang', shown as 'nang'." in good.stdout
    listed = run(["user", "list"])
    assert listed.stdout.startswith("nang\tmember\tactive")


def test_user_add_keeps_the_display_name_given_and_says_so_when_none_is_given(run: Run):
    named = run(
        [
            "user",
            "add",
            "amina",
            "--role",
            "director",
            "--display-name",
            " Amina K ",
            "--password-stdin",
        ],
        stdin="a long enough passphrase\n",
    )
    assert named.returncode == 0, named.stderr
    assert named.stdout == "Created director account 'amina', shown as 'Amina K'.\n"
    unnamed = run(
        ["user", "add", "nang", "--role", "member", "--password-stdin"],
        stdin="a long enough passphrase\n",
    )
    assert unnamed.stdout.splitlines() == [
        "Created member account 'nang', shown as 'nang'.",
        "No --display-name was given: colleagues will see the username as the name "
        '(give one next time, for example --display-name "Amina K").',
    ]
    listed = run(["user", "list"]).stdout.splitlines()
    assert listed == ["amina\tdirector\tactive\tAmina K", "nang\tmember\tactive\tnang"]


def test_db_upgrade_with_a_wrong_database_url_prints_one_line_not_a_traceback(run: Run):
    out = run(["db", "upgrade"], DATABASE_URL="postgresql://u:pw@127.0.0.1:9/x")
    assert out.returncode == 1
    assert out.stderr.startswith("error: Cannot connect to the database at")
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_demo_prints_one_time_passwords_for_one_account_per_role(run: Run):
    out = run(["demo"])
    assert out.returncode == 0, out.stderr
    for username in ("demo-admin", "demo-director", "demo-member"):
        assert f"  {username}: " in out.stdout
    again = run(["demo"])
    assert again.returncode == 2
    assert "already loaded" in again.stderr


def test_the_real_command_line_prints_only_the_address_and_keeps_its_files_private(tmp_path):
    env = {
        **os.environ,
        "ADVISORY_DATA_DIR": str(tmp_path),
        "APP_URL": "https://advisory.example.org",
    }
    env.pop("DATABASE_URL", None)

    def real(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "advisory", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=120,
        )

    created = real("share", "create", "--label", "Funder", "--days", "7")
    assert created.returncode == 0, created.stderr
    match = re.fullmatch(
        r"https://advisory\.example\.org/\?share=([A-Za-z0-9_-]{43})\n", created.stdout
    )
    assert match is not None, created.stdout
    assert match.group(1) not in created.stderr
    listed = real("share", "list")
    assert listed.stdout.splitlines()[1].startswith("1\tactive\t")
    # why (issue 14): the database it made holds password hashes: private to this account.
    assert stat.S_IMODE((tmp_path / "advisory.db").stat().st_mode) == 0o600

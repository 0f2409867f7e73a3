"""`python -m advisory share ...` on SQLite and PostgreSQL: create prints the address once,
list / pause / resume / revoke, and bad input exits 2 with a message and writes nothing.

In-process (`main(argv)`); the real process is tested once, in test_cli.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from advisory.cli import main
from advisory.db import session_scope
from advisory.models import ShareLink
from advisory.services import share_links
from tests.factories import make_site

URL_RE = re.compile(r"^https://advisory\.example\.org/\?share=([A-Za-z0-9_-]{43})$")


@pytest.fixture
def cli_env(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Engine:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ADVISORY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("APP_URL", "https://advisory.example.org")
    for name in ("Riverside drop-in centre", "Harbour outreach"):
        make_site(engine, name)
    return engine


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["share", *args])
    except SystemExit as exc:  # argparse refuses bad input this way
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def _count(engine: Engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count(ShareLink.id)))


def test_create_prints_only_the_address_and_the_link_has_the_scope_asked_for(cli_env, capsys):
    code, out, err = run(
        capsys,
        "create",
        "--label",
        "Global Fund",
        "--days",
        "30",
        "--sites",
        "harbour outreach",
        "--sections",
        "attendance",
        "impact",
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
    )
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    token = URL_RE.match(lines[0]).group(1)
    assert token not in err
    assert re.match(
        r"^Created share link 1 for 'Global Fund'; it expires on \d{4}-\d\d-\d\d \d\d:\d\d UTC\. "
        r"The address below is shown only now\.$",
        err.strip(),
    )
    scope = share_links.resolve(cli_env, token)
    assert scope.site_names == ("Harbour outreach",)
    assert scope.sections == ("attendance", "impact")
    assert (str(scope.date_from), str(scope.date_to)) == ("2025-01-01", "2025-06-30")


def test_list_pause_resume_and_revoke(cli_env, capsys):
    code, out, _ = run(capsys, "create", "--label", "Comic Relief")
    token = URL_RE.match(out.strip()).group(1)
    code, out, _ = run(capsys, "list")
    assert code == 0
    header, row = out.splitlines()
    assert header.split("\t")[:4] == ["id", "status", "expires (UTC)", "views"]
    fields = row.split("\t")
    assert fields[0:2] == ["1", "active"]
    assert fields[3:7] == ["0", "never", "cli", "Comic Relief"]
    assert fields[7] == "Harbour outreach, Riverside drop-in centre"
    assert fields[8] == "recommendations,attendance,impact"
    assert token not in out
    for command, word, status in (
        ("pause", "paused", "paused"),
        ("resume", "resumed", "active"),
        ("revoke", "revoked", "revoked"),
    ):
        code, out, err = run(capsys, command, "1")
        assert (code, out, err) == (0, f"Share link 1 {word}.\n", "")
        listed = run(capsys, "list")[1].splitlines()[1].split("\t")
        assert listed[1] == status
    assert run(capsys, "revoke", "1") == (2, "", "error: This link is already revoked.\n")
    assert run(capsys, "revoke", "99") == (2, "", "error: There is no share link number 99.\n")


BAD_INPUT = (
    (["--label", "F", "--days", "400"], "must expire within 1 to 365 days; you entered 400"),
    (["--label", "F", "--days", "0"], "must expire within 1 to 365 days; you entered 0"),
    (["--label", "F", "--days", "abc"], "'abc' is not a whole number of days"),
    (["--label", "  "], "Enter a label saying who the link is for"),
    (["--days", "5"], "the following arguments are required: --label"),
    (["--label", "F", "--sites", "Nowhere"], "Unknown site(s): Nowhere. Sites are: Harbour"),
    (["--label", "F", "--sections", "minutes"], "invalid choice: 'minutes'"),
    (["--label", "F", "--from", "2025-13-01"], "'2025-13-01' is not a date"),
    (
        ["--label", "F", "--from", "2025-06-01", "--to", "2025-01-01"],
        "The start of the date range is after its end",
    ),
)


def test_bad_input_exits_2_with_a_message_and_writes_nothing(cli_env, capsys):
    for args, message in BAD_INPUT:
        code, out, err = run(capsys, "create", *args)
        assert (code, out) == (2, ""), args
        assert message in err
        assert "Traceback" not in err
    assert _count(cli_env) == 0

"""The e-mail digest through a real local SMTP server (aiosmtpd), from the command line.

`python -m advisory reminders send` runs in-process (advisory.cli.main) against a real SQLite
file; the server is aiosmtpd on a free loopback port, with a real login check.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from advisory import clock, migrate
from advisory.cli import main
from advisory.db import make_engine
from advisory.i18n import format_date
from advisory.services import recommendations as recs
from tests.conftest import free_port
from tests.integration.meetings_setup import TODAY, World, act, build_world, meeting, raise_one

USER, PASSWORD = "dashboard@example.org", "the-right-smtp-password"
MINUTES = "MINUTES-SECRET Aye said the night shelter is unsafe"
DESCRIPTION = "DESCRIPTION-SECRET asked by Nang"
LATE = TODAY - dt.timedelta(days=3)
SOON = TODAY + dt.timedelta(days=5)


@dataclass
class Inbox:
    """What the server received: one parsed message per DATA, and its envelope recipients."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        self.envelopes.append(list(envelope.rcpt_tos))
        return "250 OK"


def _check_login(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode(),
        auth_data.password.decode(),
    ) == (USER, PASSWORD)
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


@dataclass
class Server:
    port: int
    inbox: Inbox


def _serve(inbox: Inbox, **kwargs) -> Iterator[Server]:
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_check_login,
        auth_require_tls=False,
        **kwargs,
    )
    controller.start()
    try:
        yield Server(port, inbox)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    """A plain SMTP server (no TLS) that accepts the login USER / PASSWORD only."""
    yield from _serve(Inbox())


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI's data folder, migrated, with e-mail settings cleared from the environment."""
    monkeypatch.setenv("ADVISORY_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name in (
        "SMTP_HOST",
        "SMTP_PORT",
        "SMTP_SECURITY",
        "SMTP_USERNAME",
        "SMTP_PASSWORD",
        "SMTP_FROM",
        "SMTP_TIMEOUT_SECONDS",
        "REMINDER_RECIPIENTS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("APP_URL", "https://dashboard.example.org")
    return tmp_path


@pytest.fixture
def world(data_dir: Path) -> Iterator[World]:
    engine = make_engine(f"sqlite:///{data_dir / 'advisory.db'}")
    migrate.upgrade(engine)
    yield build_world(engine)
    engine.dispose()


def _seed(world: World) -> None:
    m = meeting(world, days_ago=60, minutes=MINUTES, place="Riverside DIC")
    raise_one(
        world,
        m.id,
        title="A women-only day",
        description=DESCRIPTION,
        due_on=LATE,
    )
    accepted = raise_one(world, m.id, title="Women staff at night", due_on=SOON)
    act(world, recs.respond, accepted, decision="accepted", rationale="")


def _configure(monkeypatch: pytest.MonkeyPatch, server: Server, **overrides: str) -> None:
    values = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(server.port),
        "SMTP_SECURITY": "none",
        "SMTP_USERNAME": USER,
        "SMTP_PASSWORD": PASSWORD,
        "SMTP_FROM": "Advisory Dashboard <dashboard@example.org>",
        "SMTP_TIMEOUT_SECONDS": "5",
        "REMINDER_RECIPIENTS": "Dina <dina@example.org>, ada@example.org",
    }
    values.update(overrides)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def _send(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["reminders", "send", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_digest_reaches_the_directors_with_titles_and_counts_and_nothing_private(
    world, smtp_server, monkeypatch, capsys
):
    _seed(world)
    _configure(monkeypatch, smtp_server)

    code, out, err = _send(capsys)
    sent_on = clock.today()  # the digest's day, not the import's (a run across midnight)

    assert (code, err) == (0, "")
    assert "dina@example.org" in out
    (received,) = smtp_server.inbox.messages
    assert smtp_server.inbox.envelopes == [["dina@example.org", "ada@example.org"]]
    assert received["Subject"] == "Our service: 2 recommendations need your attention"
    assert received["From"] == "Advisory Dashboard <dashboard@example.org>"
    assert received["To"] == "Dina <dina@example.org>, ada@example.org"
    text = received.get_content().replace("\r\n", "\n")
    assert text == (
        f"What needs your attention at Our service on {format_date(sent_on)}:\n"
        "\n"
        "1 waiting for your response:\n"
        f"- A women-only day (due {format_date(LATE)})\n"
        "\n"
        "1 due within 14 days:\n"
        f"- Women staff at night (due {format_date(SOON)})\n"
        "\n"
        "1 overdue:\n"
        f"- A women-only day (due {format_date(LATE)})\n"
        "\n"
        "Nothing done is waiting for the group's verification.\n"
        "\n"
        "Open the dashboard to respond: https://dashboard.example.org\n"
        "\n"
        "You receive this because your address is in the dashboard's reminder settings "
        "(REMINDER_RECIPIENTS). Ask the person who runs the dashboard to remove it.\n"
    )
    for private in ("MINUTES-SECRET", "DESCRIPTION-SECRET", "Aye", "Nang", "Zahra", "Dina"):
        assert private not in text


def test_a_refused_login_is_a_clear_message_without_the_password(
    world, smtp_server, monkeypatch, capsys
):
    _seed(world)
    _configure(monkeypatch, smtp_server, SMTP_PASSWORD="a-wrong-password")

    code, out, err = _send(capsys)

    assert code == 1
    assert out == ""
    assert err == (
        f"error: The mail server at 127.0.0.1:{smtp_server.port} refused the login for "
        f"'{USER}'. Check SMTP_USERNAME and SMTP_PASSWORD. Nothing was sent.\n"
    )
    assert "a-wrong-password" not in err
    assert smtp_server.inbox.messages == []


def test_an_unreachable_server_is_a_clear_message(world, monkeypatch, capsys):
    _seed(world)
    nobody = Server(free_port(), Inbox())  # nothing listens on this port
    _configure(monkeypatch, nobody)

    code, out, err = _send(capsys)

    assert code == 1
    assert err.startswith(f"error: Could not reach the mail server at 127.0.0.1:{nobody.port} (")
    assert err.endswith(
        "Check SMTP_HOST and SMTP_PORT, and that the server is running. Nothing was sent.\n"
    )
    assert PASSWORD not in err


def test_starttls_asked_of_a_server_without_it_is_a_clear_message(
    world, smtp_server, monkeypatch, capsys
):
    _seed(world)
    _configure(monkeypatch, smtp_server, SMTP_SECURITY="starttls")

    code, _out, err = _send(capsys)

    assert code == 1
    assert "does not offer STARTTLS. Check SMTP_PORT, or set SMTP_SECURITY to ssl" in err
    assert smtp_server.inbox.messages == []


def test_a_server_certificate_that_cannot_be_verified_is_refused(
    world, monkeypatch, capsys, tmp_path
):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    _seed(world)
    for server in _serve(Inbox(), tls_context=context):
        _configure(monkeypatch, server, SMTP_SECURITY="starttls")
        code, _out, err = _send(capsys)
        assert code == 1
        assert "has a certificate that could not be verified (self-signed certificate)" in err
        assert server.inbox.messages == []


def test_a_dry_run_prints_the_digest_and_sends_nothing(world, smtp_server, monkeypatch, capsys):
    _seed(world)
    _configure(monkeypatch, smtp_server)

    code, out, err = _send(capsys, "--dry-run")

    assert code == 0
    assert out.startswith("To: Dina <dina@example.org>, ada@example.org\nFrom: Advisory")
    assert "1 waiting for your response:\n- A women-only day" in out
    assert err == "Dry run: nothing was sent.\n"
    assert smtp_server.inbox.messages == []


def test_without_settings_the_digest_is_off_and_says_how_to_turn_it_on(world, capsys):
    _seed(world)

    code, out, err = _send(capsys)

    assert (code, out) == (1, "")
    assert err.startswith("error: The e-mail digest is off: set SMTP_HOST and REMINDER_RECIPIENTS")


def test_with_nothing_to_do_no_e_mail_is_sent(world, smtp_server, monkeypatch, capsys):
    _configure(monkeypatch, smtp_server)

    code, out, _err = _send(capsys)

    assert (code, out) == (0, "Nothing needs attention today; no e-mail was sent.\n")
    assert smtp_server.inbox.messages == []


def test_a_recipient_that_is_not_an_address_is_refused_before_connecting(
    world, smtp_server, monkeypatch, capsys
):
    _seed(world)
    _configure(monkeypatch, smtp_server, REMINDER_RECIPIENTS="dina@example.org, ada")

    code, _out, err = _send(capsys)

    assert code == 1
    assert err.startswith("error: REMINDER_RECIPIENTS holds 'ada', which is not an e-mail address.")
    assert smtp_server.inbox.messages == []

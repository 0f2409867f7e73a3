"""The e-mail digest's settings: environment, `[smtp]` in secrets.toml, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisory import config, mail

NAMES = tuple(config.SMTP_SECRET_KEYS)


@pytest.fixture(autouse=True)
def _no_smtp_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def _secrets(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(text)
    return path


def test_without_a_host_or_recipients_the_digest_is_off(tmp_path, monkeypatch):
    missing = tmp_path / "absent.toml"
    assert mail.settings(secrets_path=missing) is None
    monkeypatch.setenv("SMTP_HOST", "smtp.example.org")
    assert mail.settings(secrets_path=missing) is None


def test_secrets_toml_gives_the_settings_and_wins_over_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "env.example.org")
    monkeypatch.setenv("SMTP_PASSWORD", "from-the-environment")
    path = _secrets(
        tmp_path,
        '[smtp]\nhost = "smtp.example.org"\nsecurity = "SSL"\nusername = "dash@example.org"\n'
        'password = "from-secrets"\nrecipients = ["dina@example.org", "Ada <ada@example.org>"]\n',
    )
    s = mail.settings(secrets_path=path)
    assert s is not None
    assert (s.host, s.port, s.security, s.username, s.password, s.sender) == (
        "smtp.example.org",
        465,
        "ssl",
        "dash@example.org",
        "from-secrets",
        "dash@example.org",
    )
    assert s.recipients == ("dina@example.org", "Ada <ada@example.org>")
    assert "from-secrets" not in repr(s)


def test_the_default_port_follows_the_security_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("SMTP_FROM", "dash@example.org")
    monkeypatch.setenv("REMINDER_RECIPIENTS", "dina@example.org")
    for mode, port in (("starttls", 587), ("ssl", 465), ("none", 25)):
        monkeypatch.setenv("SMTP_SECURITY", mode)
        s = mail.settings(secrets_path=tmp_path / "absent.toml")
        assert s is not None and s.port == port


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SMTP_SECURITY", "tls", "SMTP_SECURITY is 'tls'; use one of starttls, ssl, none."),
        ("SMTP_PORT", "smtp", "SMTP_PORT must be a whole number; it is 'smtp'."),
        ("SMTP_PORT", "70000", "SMTP_PORT must be between 1 and 65535; it is 70000."),
        ("SMTP_FROM", "nobody", "Set SMTP_FROM to the digest's sender address"),
        ("REMINDER_RECIPIENTS", "dina@", "REMINDER_RECIPIENTS holds 'dina@', which is not"),
    ],
)
def test_unusable_settings_are_refused_with_a_message_naming_them(
    tmp_path, monkeypatch, name, value, message
):
    monkeypatch.setenv("SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("SMTP_FROM", "dash@example.org")
    monkeypatch.setenv("REMINDER_RECIPIENTS", "dina@example.org")
    monkeypatch.setenv(name, value)
    with pytest.raises(mail.MailError) as refused:
        mail.settings(secrets_path=tmp_path / "absent.toml")
    assert str(refused.value).startswith(message)


def test_a_secrets_file_that_is_not_toml_is_named(tmp_path):
    path = _secrets(tmp_path, "[smtp\nhost=")
    with pytest.raises(ValueError, match="is not valid TOML"):
        mail.settings(secrets_path=path)

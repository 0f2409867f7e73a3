"""Sending e-mail through the configured SMTP server (the reminder digest, issue 13).

Off unless SMTP_HOST and REMINDER_RECIPIENTS are set (advisory.config). Every way the server
can fail becomes a MailError whose message says what went wrong and what to check, and never
contains the password.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from advisory import config
from advisory.i18n import _

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class MailError(Exception):
    """The digest could not be sent (or the settings are unusable); the message says why."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str
    username: str | None
    password: str | None
    sender: str
    recipients: tuple[str, ...]
    timeout: float

    def __repr__(self) -> str:  # why: never print the password in a log or traceback
        return (
            f"MailSettings(host={self.host!r}, port={self.port}, security={self.security!r}, "
            f"username={self.username!r}, sender={self.sender!r}, "
            f"recipients={self.recipients!r})"
        )

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def _addresses(raw: str) -> tuple[str, ...]:
    """Addresses from 'a@x.org, Dina <dina@x.org>'; MailError naming one that is not one."""
    found = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        name, address = parseaddr(part)
        local, at, domain = address.rpartition("@")
        if not at or not local or "." not in domain:
            raise MailError(
                _(
                    "REMINDER_RECIPIENTS holds {part}, which is not an e-mail address. Write "
                    "addresses separated by commas, e.g. dina@example.org, ada@example.org."
                ).format(part=repr(part))
            )
        found.append(f"{name} <{address}>" if name else address)
    return tuple(found)


def settings(*, secrets_path: Path | None = None) -> MailSettings | None:
    """The configured mail settings; None when the digest is off (no host or no recipients).

    MailError when they are set but unusable (unknown security mode, port not a number,
    a recipient that is not an address, no sender).
    """

    def get(name: str) -> str | None:
        value = config.smtp_setting(name, secrets_path=secrets_path)
        return value.strip() if value else None

    host, recipients_raw = get("SMTP_HOST"), get("REMINDER_RECIPIENTS")
    if not host or not recipients_raw:
        return None
    security = (get("SMTP_SECURITY") or "starttls").lower()
    if security not in SECURITY_MODES:
        raise MailError(
            _("SMTP_SECURITY is {value}; use one of {modes}.").format(
                value=repr(security), modes=", ".join(SECURITY_MODES)
            )
        )
    port_raw = get("SMTP_PORT")
    try:
        port = int(port_raw) if port_raw else DEFAULT_PORTS[security]
    except ValueError:
        raise MailError(
            _("SMTP_PORT must be a whole number; it is {value}.").format(value=repr(port_raw))
        ) from None
    if not 0 < port < 65536:
        raise MailError(_("SMTP_PORT must be between 1 and 65535; it is {port}.").format(port=port))
    timeout_raw = get("SMTP_TIMEOUT_SECONDS") or "20"
    try:
        timeout = float(timeout_raw)
    except ValueError:
        raise MailError(
            _("SMTP_TIMEOUT_SECONDS must be a number; it is {value}.").format(
                value=repr(timeout_raw)
            )
        ) from None
    username = get("SMTP_USERNAME")
    sender = get("SMTP_FROM") or username
    if not sender or "@" not in parseaddr(sender)[1]:
        raise MailError(
            _("Set SMTP_FROM to the digest's sender address, e.g. dashboard@example.org.")
        )
    recipients = _addresses(recipients_raw)
    if not recipients:
        return None
    return MailSettings(
        host=host,
        port=port,
        security=security,
        username=username,
        password=config.smtp_setting("SMTP_PASSWORD", secrets_path=secrets_path),
        sender=sender,
        recipients=recipients,
        timeout=timeout,
    )


def _connect(s: MailSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if s.security == "ssl":
        return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
    client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
    if s.security == "starttls":
        client.ehlo()
        if not client.has_extn("starttls"):
            client.close()
            raise MailError(
                _(
                    "The mail server at {where} does not offer STARTTLS. Check SMTP_PORT, or "
                    "set SMTP_SECURITY to ssl (usually port 465)."
                ).format(where=s.where)
            )
        client.starttls(context=context)
        client.ehlo()
    return client


def send(s: MailSettings, message: EmailMessage) -> None:
    """Send `message` from s.sender to s.recipients; MailError with a clear message if not."""
    message["From"] = s.sender
    message["To"] = ", ".join(s.recipients)
    try:
        client = _connect(s)
        try:
            if s.username:
                client.login(s.username, s.password or "")
            client.send_message(message)
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
    except smtplib.SMTPAuthenticationError:
        raise MailError(
            _(
                "The mail server at {where} refused the login for {username}. Check "
                "SMTP_USERNAME and SMTP_PASSWORD."
            ).format(where=s.where, username=repr(s.username))
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(
            _(
                "The mail server at {where} does not accept a login on this connection. Check "
                "SMTP_SECURITY (starttls or ssl), or unset SMTP_USERNAME."
            ).format(where=s.where)
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(sorted(exc.recipients))
        raise MailError(
            _(
                "The mail server at {where} refused the recipients {refused}. Check "
                "REMINDER_RECIPIENTS."
            ).format(where=s.where, refused=refused)
        ) from None
    except smtplib.SMTPSenderRefused:
        raise MailError(
            _("The mail server at {where} refused the sender {sender}. Check SMTP_FROM.").format(
                where=s.where, sender=repr(s.sender)
            )
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(
            _(
                "The mail server at {where} has a certificate that could not be verified "
                "({reason}). Check SMTP_HOST is the server's own name."
            ).format(where=s.where, reason=exc.verify_message)
        ) from None
    except ssl.SSLError as exc:
        raise MailError(
            _(
                "A secure connection to the mail server at {where} failed ({reason}). Check "
                "SMTP_SECURITY and SMTP_PORT (starttls: usually 587, ssl: 465)."
            ).format(where=s.where, reason=exc.reason)
        ) from None
    except TimeoutError:
        raise MailError(
            _(
                "The mail server at {where} did not answer within {seconds} seconds. Check "
                "SMTP_HOST and SMTP_PORT, and that this machine may reach it."
            ).format(where=s.where, seconds=f"{s.timeout:g}")
        ) from None
    except smtplib.SMTPException as exc:
        raise MailError(
            _("The mail server at {where} refused the message: {error}").format(
                where=s.where, error=exc
            )
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise MailError(
            _(
                "Could not reach the mail server at {where} ({reason}). Check SMTP_HOST and "
                "SMTP_PORT, and that the server is running."
            ).format(where=s.where, reason=reason)
        ) from None

"""`python -m advisory reminders send [--dry-run]`: e-mail the directors what needs attention.

Meant for a daily timer (deploy/advisory-reminders.timer). The digest lists what waits for a
response, is due within 14 days, is overdue, or is done and waits for the group's
verification (advisory.services.reminders; words in advisory.digest), and is sent to
REMINDER_RECIPIENTS through the SMTP_* settings. When nothing needs attention no e-mail is
sent. `--dry-run` prints the e-mail instead of sending it (and works before SMTP is set up).
The e-mail is in the organisation's default language (Settings).

Exit status: 0 sent, dry run, or nothing to send; 1 e-mail is not set up, the mail server
failed (the message says why), or a database problem.
"""

from __future__ import annotations

import argparse
import sys

from advisory import actors, config, digest, i18n, mail
from advisory.cli.database import ready_engine
from advisory.services import languages, organisation, reminders

OFF = (
    "The e-mail digest is off: set SMTP_HOST and REMINDER_RECIPIENTS (and SMTP_FROM, "
    "SMTP_USERNAME, SMTP_PASSWORD as your mail server needs). See README, Configuration."
)


def cmd_send(args: argparse.Namespace) -> int:
    try:
        settings = mail.settings()
    except (mail.MailError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if settings is None and not args.dry_run:
        print(f"error: {OFF}", file=sys.stderr)
        return 1
    engine = ready_engine()
    attention = reminders.needs_attention(engine, actor=actors.CLI)
    name = organisation.settings(engine).name
    # The digest is written in the organisation's default language (Settings; issue 10): the
    # directors it goes to have no one browser to ask.
    with i18n.use(languages.default_language(engine)):
        message = digest.message(name, attention, app_url=config.app_url())
    if args.dry_run:
        if settings is None:
            print(OFF, file=sys.stderr)
        else:
            print(f"To: {', '.join(settings.recipients)}")
            print(f"From: {settings.sender}")
        print(f"Subject: {message['Subject']}")
        print()
        print(message.get_content(), end="")
        print("Dry run: nothing was sent.", file=sys.stderr)
        return 0
    assert settings is not None
    if not attention.total:
        print("Nothing needs attention today; no e-mail was sent.")
        return 0
    try:
        mail.send(settings, message)
    except mail.MailError as exc:
        print(f"error: {exc} Nothing was sent.", file=sys.stderr)
        return 1
    print(f"Sent {message['Subject']!r} to {', '.join(settings.recipients)} via {settings.where}.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "reminders", help="e-mail directors what needs their attention (for a daily timer)"
    )
    sub = group.add_subparsers(dest="reminders_command", required=True)
    send = sub.add_parser("send", help="send the digest to REMINDER_RECIPIENTS")
    send.add_argument(
        "--dry-run", action="store_true", help="print the e-mail instead of sending it"
    )
    send.set_defaults(func=cmd_send)

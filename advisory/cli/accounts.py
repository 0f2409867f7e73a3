"""`python -m advisory user add / list / reset`: accounts, made by the operator.

The commands act as the `cli` system actor (admin): whoever can run them on the server can
read the database anyway.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from advisory import actors
from advisory.cli.database import ready_engine
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.models import ROLES
from advisory.services import users


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (12+ characters): ")
    second = getpass.getpass("Repeat the password: ")
    if first != second:
        raise DomainError("The two passwords differ.")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    display_name = (args.display_name or "").strip()
    user = users.create_user(
        ready_engine(),
        username=args.username,
        display_name=display_name or args.username,
        role=args.role,
        password=password,
        actor=actors.CLI,
        must_change_password=args.temporary,
    )
    print(
        _("Created {role} account {username!r}, shown as {name!r}.").format(
            role=user.role, username=user.username, name=user.display_name
        )
    )
    if not display_name:
        # why (issue 13): the display name is what colleagues see next to every change; say
        # that it fell back to the username rather than doing it silently.
        print(
            _(
                "No --display-name was given: colleagues will see the username as the name "
                '(give one next time, for example --display-name "Amina K").'
            )
        )
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    for u in users.list_users(ready_engine()):
        state = "active" if u.active else "deactivated"
        print(f"{u.username}\t{u.role}\t{state}\t{u.display_name}")
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    password = _read_password(args)
    users.reset_password(
        ready_engine(), username=args.username, temporary_password=password, actor=actors.CLI
    )
    print(f"Password of {args.username!r} reset; it must be changed at next login.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    user = sub.add_parser("user", help="accounts: user add / list / reset")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--display-name",
        default=None,
        help='the name colleagues see (for example "Amina K"); without it, the username',
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    add.add_argument(
        "--temporary", action="store_true", help="the user must change the password at first login"
    )
    add.set_defaults(func=cmd_user_add)
    lst = user_sub.add_parser("list", help="list accounts")
    lst.set_defaults(func=cmd_user_list)
    reset = user_sub.add_parser("reset", help="set a temporary password")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    reset.set_defaults(func=cmd_user_reset, temporary=True)

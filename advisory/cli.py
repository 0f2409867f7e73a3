"""`python -m advisory ...`: the admin commands.

Exit status: 0 done, 1 configuration or database problem, 2 bad input (nothing written).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from sqlalchemy import Engine

from advisory import actors, migrate
from advisory.db import DatabaseConfigError, check_connection, make_engine, session_scope
from advisory.errors import DomainError
from advisory.models import ROLES

# Modules adding their own sub-commands: each has `register(subparsers)`.
PLUGIN_MODULES = (
    "advisory.cli_attendance",
    "advisory.cli_share",
    "advisory.cli_backup",
)


def _engine() -> Engine:
    engine = make_engine()
    check_connection(engine)
    return engine


def ready_engine() -> Engine:
    """Engine for a command that reads or writes data: connected and migrated."""
    engine = _engine()
    migrate.upgrade(engine)
    return engine


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    engine = _engine()
    migrate.upgrade(engine, args.revision)
    print(f"Database is at revision {args.revision}: {engine.url.render_as_string()}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (12+ characters): ")
    second = getpass.getpass("Repeat the password: ")
    if first != second:
        raise DomainError("The two passwords differ.")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    from advisory.services import users

    password = _read_password(args)
    engine = ready_engine()
    with session_scope(engine) as s:
        user = users.create_user(
            s,
            username=args.username,
            display_name=args.display_name or args.username,
            role=args.role,
            password=password,
            actor=actors.CLI,
            must_change_password=args.temporary,
        )
    print(f"Created {user.role} account {user.username!r}.")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from advisory.services import users

    with session_scope(ready_engine()) as s:
        for u in users.list_users(s):
            state = "active" if u.active else "deactivated"
            print(f"{u.username}\t{u.role}\t{state}\t{u.display_name}")
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    from advisory.services import users

    password = _read_password(args)
    with session_scope(ready_engine()) as s:
        users.reset_password(
            s, username=args.username, temporary_password=password, actor=actors.CLI
        )
    print(f"Password of {args.username!r} reset; it must be changed at next login.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from advisory import demo

    with session_scope(ready_engine()) as s:
        result = demo.load(s, by="cli")
    print("Demonstration data loaded: " + "; ".join(result.summary))
    if result.accounts:
        print("Demo accounts (passwords shown only now; write them down):")
        for username, password in result.accounts.items():
            print(f"  {username}: {password}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m advisory",
        description="Advisory Dashboard admin commands.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    db = sub.add_parser("db", help="database schema: db upgrade")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply migrations (default: to head)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=cmd_db_upgrade)

    user = sub.add_parser("user", help="accounts: user add / list / reset")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--display-name", default=None)
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

    demo = sub.add_parser("demo", help="load the demonstration data and demo accounts")
    demo.set_defaults(func=cmd_demo)

    for name in PLUGIN_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except DatabaseConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

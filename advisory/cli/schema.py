"""`python -m advisory db upgrade [REVISION]`: apply the migrations."""

from __future__ import annotations

import argparse

from advisory import migrate
from advisory.cli.database import connected_engine


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    engine = connected_engine()
    migrate.upgrade(engine, args.revision)
    print(f"Database is at revision {args.revision}: {engine.url.render_as_string()}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="database schema: db upgrade")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply migrations (default: to head)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=cmd_db_upgrade)

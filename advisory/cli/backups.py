"""`python -m advisory backup FILE` and `restore FILE`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from advisory import backup
from advisory.cli.database import ready_engine
from advisory.config import data_dir


def cmd_backup(args: argparse.Namespace) -> int:
    engine = ready_engine()
    default = data_dir() / "backups" / f"advisory-{dt.datetime.now():%Y%m%d-%H%M%S}"
    suffix = ".db" if engine.dialect.name == "sqlite" else ".dump"
    target = Path(args.file) if args.file else default.with_suffix(suffix)
    backup.backup(engine, target)
    counts = backup.row_counts(engine)
    print(f"Backup written to {target} ({sum(counts.values())} rows in {len(counts)} tables).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.yes:
        print("Restoring replaces every record in the database. Add --yes to go ahead.")
        return 2
    engine = ready_engine()
    backup.restore(engine, Path(args.file))
    counts = backup.row_counts(engine)
    print(f"Restored {sum(counts.values())} rows from {args.file}.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("backup", help="write a consistent backup (SQLite backup API / pg_dump)")
    b.add_argument("file", nargs="?", help="destination (default: data/backups/advisory-<time>)")
    b.set_defaults(func=cmd_backup)
    r = sub.add_parser("restore", help="replace the database's content with a backup")
    r.add_argument("file")
    r.add_argument("--yes", action="store_true", help="confirm replacing every record")
    r.set_defaults(func=cmd_restore)

"""Prove a backup can be restored: restore it into a scratch database and count its rows.

    cd /opt/advisory && sudo -u advisory .venv/bin/python -m deploy.restore_check \
        /var/lib/advisory/backups/advisory-20260101-023000.dump \
        --into postgresql+psycopg://advisory:...@127.0.0.1:5432/advisory_restore_check

The scratch database must exist and must not be the live one (createdb it first, drop it
after). The restore uses the same code as `python -m advisory restore` (pg_restore --clean),
then checks what a working copy needs: the schema at a known migration, at least one admin
account, and every table readable; it prints the row count of each table. With --compare
DATABASE_URL it also prints the live counts beside them (the live database has moved on since
the backup, so differences are expected; a table that is empty in the copy but not live is
worth a look). Exit status 0: restorable; 1: not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from advisory import backup
from advisory.db import make_engine


def check(dump: Path, into: str, compare: str | None = None) -> int:
    if compare and make_url(compare) == make_url(into):
        print("refusing: --into is the live database", file=sys.stderr)
        return 1
    engine = make_engine(into)
    try:
        backup.restore(engine, dump)
        counts = backup.row_counts(engine)
        with engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            admins = conn.execute(
                text("SELECT count(*) FROM app_user WHERE role = 'admin' AND active")
            ).scalar()
    finally:
        engine.dispose()
    live: dict[str, int] = {}
    if compare:
        live_engine = make_engine(compare)
        try:
            live = backup.row_counts(live_engine)
        finally:
            live_engine.dispose()
    for table, count in counts.items():
        beside = f"\tlive {live[table]}" if table in live else ""
        print(f"{table}\t{count}{beside}")
    print(f"schema revision {revision}; {admins} active admin account(s)")
    if not revision or not admins:
        print("NOT restorable: no schema revision or no active admin", file=sys.stderr)
        return 1
    print(f"{dump} restores: {sum(counts.values())} rows in {len(counts)} tables")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.restore_check", description=__doc__)
    parser.add_argument("dump", type=Path, help="a backup made by `python -m advisory backup`")
    parser.add_argument("--into", required=True, help="URL of an empty scratch database")
    parser.add_argument("--compare", help="URL of the live database, to print its counts")
    args = parser.parse_args(argv)
    return check(args.dump, args.into, args.compare)


if __name__ == "__main__":
    sys.exit(main())

"""Backups through each database's own API, and restores that can be checked.

SQLite: `sqlite3.Connection.backup` copies a consistent snapshot while the app runs (copying
the file alone misses what WAL mode keeps in advisory.db-wal). PostgreSQL: `pg_dump -Fc` and
`pg_restore`, which must be on PATH.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from advisory import models
from advisory.db import reads
from advisory.errors import DomainError


def _sqlite_path(engine: Engine) -> Path:
    return Path(engine.url.database or "")


def _libpq_url(engine: Engine) -> str:
    """The database address for pg_dump/pg_restore, WITHOUT the password (see _libpq_env)."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    # why URL.create: URL.set(password=None) means "leave the password as it is".
    bare = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False)


def _libpq_env(engine: Engine) -> dict[str, str]:
    """The environment for pg_dump/pg_restore, with the password in PGPASSWORD.

    why (issue 13): a password on the command line is readable by every account on the
    machine (``ps``, ``/proc/<pid>/cmdline``) for as long as the dump runs; the environment
    of a process is readable only by its owner and root.
    """
    env = dict(os.environ)
    password = engine.url.password
    if password:
        env["PGPASSWORD"] = str(password)
    return env


def _private_file(path: Path, *, exclusive: bool) -> None:
    """Create `path` readable by this account only, before anything is written into it.

    why (issue 14): a backup holds every minute, name and password hash; it is created 0600
    (and its folder 0700) whatever the umask of the caller.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise DomainError(f"{path} already exists; choose another file name.") from None
    os.close(fd)
    path.chmod(0o600)


def backup(engine: Engine, destination: Path) -> Path:
    """Write a consistent backup of the whole database to `destination` (mode 0600)."""
    if engine.dialect.name == "sqlite":
        _private_file(destination, exclusive=True)
        source = sqlite3.connect(_sqlite_path(engine))
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return destination
    if shutil.which("pg_dump") is None:
        raise DomainError("pg_dump is not installed; install PostgreSQL's client tools.")
    _private_file(destination, exclusive=False)
    subprocess.run(
        ["pg_dump", "-Fc", "-f", str(destination), _libpq_url(engine)],
        check=True,
        capture_output=True,
        env=_libpq_env(engine),
    )
    return destination


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's content with the backup at `source`."""
    if not source.exists():
        raise DomainError(f"No backup file at {source}.")
    if engine.dialect.name == "sqlite":
        engine.dispose()
        src = sqlite3.connect(source)
        dst = sqlite3.connect(_sqlite_path(engine))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return
    if shutil.which("pg_restore") is None:
        raise DomainError("pg_restore is not installed; install PostgreSQL's client tools.")
    engine.dispose()
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "-d",
            _libpq_url(engine),
            str(source),
        ],
        check=True,
        capture_output=True,
        env=_libpq_env(engine),
    )


@reads
def row_counts(session: Session) -> dict[str, int]:
    """Rows per table: compare before backup and after restore."""
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in models.Base.metadata.sorted_tables
    }

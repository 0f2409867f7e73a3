"""Shared fixtures: real databases (a SQLite file and a throwaway PostgreSQL 15 cluster)."""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import bcrypt
import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, make_url, text

from advisory import migrate, passwords

if TYPE_CHECKING:
    from playwright.sync_api import Browser
from advisory.db import make_engine
from tests.factories import build_demo_database, copy_database

# In CI, property tests use a fixed sequence of examples: a red build must be reproducible,
# and a submission must not be lost to a rare draw. Locally they keep exploring new examples.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

PG_BIN = Path("/usr/lib/postgresql/15/bin")
CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """A throwaway PostgreSQL cluster on loopback, owned by the postgres system user."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="advisory-pg-"))
        self.port = free_port()
        self._counter = itertools.count()
        self.template = "advisory_template"
        self._admin: Engine | None = None

    def _as_postgres(self, cmd: str) -> None:
        if os.geteuid() == 0:
            subprocess.run(["su", "postgres", "-c", cmd], check=True, capture_output=True)
        else:
            subprocess.run(["bash", "-c", cmd], check=True, capture_output=True)

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres")
        data = self.dir / "data"
        self._as_postgres(f"{PG_BIN}/initdb -D {data} -A trust -U postgres >/dev/null")
        opts = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(f"{PG_BIN}/pg_ctl -D {data} -o '{opts}' -l {self.dir}/log -w start")
        self._admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        self._execute(f"CREATE DATABASE {self.template}")
        engine = make_engine(self.url(self.template))
        migrate.upgrade(engine)
        engine.dispose()

    def _execute(self, sql: str) -> None:
        assert self._admin is not None, "the cluster is not started"
        with self._admin.connect() as conn:
            conn.execute(text(sql))

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, migrated database (copied from the migrated template: fast)."""
        name = f"t_{os.getpid()}_{next(self._counter)}"
        # FILE_COPY: copying the small template's files is faster here than PostgreSQL 15's
        # default of writing it all to the WAL (about 80 ms instead of 140 ms per test).
        self._execute(f"CREATE DATABASE {name} STRATEGY FILE_COPY TEMPLATE {self.template}")
        return self.url(name)

    def empty_database(self) -> str:
        """A fresh database with no tables (a restore target, a migration from nothing)."""
        name = f"t_{os.getpid()}_{next(self._counter)}_empty"
        self._execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by new_database, closing whatever still connects to it.

        why (issue 11): databases were never dropped; 157 of them made the cluster's final
        teardown the slowest step of the suite.
        """
        name = make_url(url).database
        assert name and name.startswith("t_"), f"not a test database: {name!r}"
        self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
        self._as_postgres(f"{PG_BIN}/pg_ctl -D {self.dir / 'data'} -m immediate stop")
        shutil.rmtree(self.dir, ignore_errors=True)


_SQLITE_TEMPLATE: list[Path] = []  # the migrated SQLite file of this process (xdist: per worker)


def migrated_sqlite(target: Path) -> Path:
    """Put a migrated, empty SQLite database at `target` and return `target`.

    why (issue 11): Alembic's upgrade of a new SQLite file took about 0.3 s, in hundreds of
    tests; copying the file one upgrade made (once per process) takes about 0.015 s and gives
    the same database. Tests of the migrations themselves still run Alembic.
    """
    if not _SQLITE_TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="advisory-sqlite-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = folder / "advisory.db"
        engine = make_engine(f"sqlite:///{template}")
        migrate.upgrade(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _SQLITE_TEMPLATE.append(template)
    copy_database(_SQLITE_TEMPLATE[0], target)
    target.chmod(0o600)  # as private as the app makes its own database
    return target


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 binaries are absent (make test installs Debian's postgresql)")
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the demo data, built once per session (per xdist worker).

    Read-only by convention: copy it into the test's folder with factories.copy_database.
    """
    return build_demo_database(tmp_path_factory.mktemp("demo") / "advisory.db")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'advisory.db'}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    path = make_url(sqlite_url).database
    assert path is not None
    migrated_sqlite(Path(path))
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database: a real SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{migrated_sqlite(tmp_path / 'advisory.db')}")
        yield eng
        eng.dispose()
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    url = cluster.new_database()
    eng = make_engine(url)
    yield eng
    eng.dispose()
    cluster.drop_database(url)


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a fresh data folder (SQLite file and cookie key) for AppTest."""
    monkeypatch.setenv("ADVISORY_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LOGIN_SLEEP_SECONDS", "0")
    monkeypatch.chdir(ROOT)
    migrated_sqlite(tmp_path / "advisory.db")
    return tmp_path


def wait_until(
    predicate: Callable[[], object], timeout: float = 10.0, interval: float = 0.1
) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


# why (issue 11): bcrypt at cost 12 takes about 0.25 s per hash or check, and the suite makes
# hundreds of accounts and logins; that was a large share of its time. Tests hash at cost 4
# (the same $2b$ format and the same code paths), and the dummy hash checked for unknown
# users has the same cost as the accounts' hashes, so "an unknown user costs one check like a
# wrong password" still compares like with like. The test of the stored cost itself asks for
# `real_password_cost`. Servers started by browser tests are separate processes: real cost.
QUICK_ROUNDS = 4
_QUICK_BCRYPT = SimpleNamespace(
    gensalt=lambda rounds=12, prefix=b"2b": bcrypt.gensalt(QUICK_ROUNDS, prefix),
    hashpw=bcrypt.hashpw,
    checkpw=bcrypt.checkpw,
)
_QUICK_DUMMY_HASH = bcrypt.hashpw(b"no-such-user-dummy-password", bcrypt.gensalt(QUICK_ROUNDS))


@pytest.fixture
def real_password_cost() -> None:
    """Request this to hash passwords at the production cost (12) in a test."""


@pytest.fixture(autouse=True)
def quick_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "real_password_cost" in request.fixturenames:
        return
    monkeypatch.setattr(passwords, "bcrypt", _QUICK_BCRYPT)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", _QUICK_DUMMY_HASH)


# One Chromium for the whole session, shared by tests/browser and tests/deploy: Playwright's
# sync API allows one running instance per thread.
@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is absent (make test installs it)")
    from playwright.sync_api import expect, sync_playwright

    # why: expect() waits 5 s by default. With two workers, their servers and Chromium on 2
    # cores, a click that switches page sometimes takes longer to draw (a CI run failed on
    # one, waiting for the page's heading). Waiting longer for what a test asserts changes
    # nothing it asserts; an assertion that is never true still fails.
    expect.set_options(timeout=20_000)
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()

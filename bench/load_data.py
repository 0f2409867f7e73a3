"""The load benchmark's data: the demo data plus 1,051,200 generated attendance rows.

- `prepare_database(url, env)`: migrates, loads the demo (`python -m advisory demo` in a child
  process, as an admin would) and adds 10 benchmark sites x 6 years x 8 services x 6 gender
  groups of daily counts straight into the attendance table (sqlite3 `executemany` on SQLite,
  `COPY` on PostgreSQL: seconds, not minutes; the rows are for the pages to read, not to test
  the importer);
- `write_import_csv(path)`: another 1,051,200 canonical rows for 10 other sites, imported
  *during* a load run with `python -m advisory import-attendance --create-missing`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert, select

from advisory import migrate
from advisory.db import make_engine, session_scope
from advisory.models import GENDER_GROUPS, Service, Site

ROOT = Path(__file__).resolve().parent.parent
DAYS = 6 * 365
BENCH_SITES = tuple(f"Bench site {i:02d}" for i in range(1, 11))
IMPORT_SITES = tuple(f"Import site {i:02d}" for i in range(1, 11))
RATES = (6.0, 1.0, 20.0, 0.3, 0.4, 2.0)  # per gender group, in GENDER_GROUPS order


def rows_per_set() -> int:
    return len(BENCH_SITES) * DAYS * 8 * len(GENDER_GROUPS)  # 1,051,200


def _dates(days: int) -> np.ndarray:
    end = dt.date.today() - dt.timedelta(days=1)
    return pd.date_range(end=end, periods=days, freq="D").strftime("%Y-%m-%d").to_numpy()


def load_demo(env: dict[str, str]) -> None:
    """`python -m advisory demo` against the database `env` points at."""
    proc = subprocess.run(
        [sys.executable, "-m", "advisory", "demo"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"demo load failed:\n{proc.stdout}\n{proc.stderr}")


def _columns(site_ids: list[int], service_ids: list[int], days: int, seed: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    dates = _dates(days)
    n_v, n_g = len(service_ids), len(GENDER_GROUPS)
    per_day = len(site_ids) * n_v * n_g
    n = days * per_day
    date_col = np.repeat(dates, per_day)
    site_col = np.tile(np.repeat(np.array(site_ids), n_v * n_g), days)
    service_col = np.tile(np.repeat(np.array(service_ids), n_g), days * len(site_ids))
    gender_col = np.tile(np.array(GENDER_GROUPS, dtype=object), n // n_g)
    visits = rng.poisson(np.tile(np.array(RATES), n // n_g))
    return list(
        zip(
            site_col.tolist(),
            service_col.tolist(),
            date_col.tolist(),
            gender_col.tolist(),
            visits.tolist(),
            strict=True,
        )
    )


def _add_sites(engine: Engine) -> tuple[list[int], list[int]]:
    with session_scope(engine) as s:
        s.execute(insert(Site), [{"name": n, "kind": "drop-in centre"} for n in BENCH_SITES])
        site_ids = list(s.scalars(select(Site.id).where(Site.name.in_(BENCH_SITES))))
        service_ids = list(s.scalars(select(Service.id).order_by(Service.id)))[:8]
    return site_ids, service_ids


INSERT = (
    "INSERT INTO attendance (site_id, service_id, period, period_start, gender, visits) "
    "VALUES (?, ?, 'day', ?, ?, ?)"
)


def _bulk_sqlite(engine: Engine, rows: list[tuple]) -> None:
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        cur.executemany(INSERT, rows)
        cur.execute("COMMIT")
    finally:
        conn.close()


def _bulk_postgres(engine: Engine, rows: list[tuple]) -> None:
    conn = engine.raw_connection()
    try:
        with conn.cursor() as cur:  # type: ignore[attr-defined]
            columns = "site_id, service_id, period, period_start, gender, visits"
            with cur.copy(f"COPY attendance ({columns}) FROM STDIN") as copy:
                for site_id, service_id, day, gender, visits in rows:
                    copy.write_row((site_id, service_id, "day", day, gender, visits))
        conn.commit()
        with conn.cursor() as cur:  # type: ignore[attr-defined]
            cur.execute("ANALYZE attendance")
        conn.commit()
    finally:
        conn.close()


def prepare_database(url: str, env: dict[str, str], *, days: int = DAYS) -> int:
    """Migrate, load the demo, add the generated rows; return how many rows were added."""
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        load_demo(env)
        site_ids, service_ids = _add_sites(engine)
        rows = _columns(site_ids, service_ids, days, seed=11)
        if engine.dialect.name == "sqlite":
            _bulk_sqlite(engine, rows)
        else:
            _bulk_postgres(engine, rows)
        return len(rows)
    finally:
        engine.dispose()


def write_import_csv(path: Path, *, days: int = DAYS) -> int:
    """Canonical CSV (date, site, service, gender, visits) for sites the database lacks."""
    from advisory.services.service_list import DEFAULT_SERVICES

    rng = np.random.default_rng(23)
    dates = _dates(days)
    n_s, n_v, n_g = len(IMPORT_SITES), len(DEFAULT_SERVICES), len(GENDER_GROUPS)
    per_day = n_s * n_v * n_g
    n = days * per_day
    frame = pd.DataFrame(
        {
            "date": np.repeat(dates, per_day),
            "site": np.tile(np.repeat(np.array(IMPORT_SITES, dtype=object), n_v * n_g), days),
            "service": np.tile(
                np.repeat(np.array(DEFAULT_SERVICES, dtype=object), n_g), days * n_s
            ),
            "gender": np.tile(np.array(GENDER_GROUPS, dtype=object), n // n_g),
            "visits": rng.poisson(np.tile(np.array(RATES), n // n_g)),
        }
    )
    frame.to_csv(path, index=False)
    return n

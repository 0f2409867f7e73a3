"""Benchmark: render the impact page (AppTest) with ~1,000,000 attendance rows in SQLite.

Generates 10 sites x 6 years x daily x 8 services x 6 gender groups (1,051,200 rows) straight
into a fresh database, adds a women-only Tuesday at the first site, and times the first run of
a fresh `AppTest` of pages/impact.py each time (median of 3 after one warm-up), beside a
one-line page in the same run (issue 13, item 5: impact within 3x the one-line page).

Two impact figures: `impact_page_1m_rows_s`, a visitor after the first (the analyses are
remembered until the data change, `advisory.services.impact_memo`), and
`impact_page_1m_rows_cold_s`, the first visitor after a data change (the memory forgotten
before each run: every model fit is made again).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SITES, YEARS, SERVICES = 10, 6, 8
GENDERS = ("woman", "trans_woman", "man", "trans_man", "non_binary", "not_recorded")
RATES = (4.0, 0.4, 14.0, 0.2, 0.2, 1.5)


def build_database(data_dir: Path) -> int:
    """Fill a migrated SQLite database; return the number of attendance rows."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert

    from advisory import migrate
    from advisory.actors import SystemActor
    from advisory.db import make_engine, session_scope
    from advisory.models import Adaptation, AttendanceRecord, OpenTime, Service, Site
    from advisory.services import users

    engine = make_engine(f"sqlite:///{data_dir / 'advisory.db'}")
    migrate.upgrade(engine)
    rng = np.random.default_rng(1)
    end = dt.date(2026, 11, 1)
    start = end - dt.timedelta(days=365 * YEARS)
    days = np.array([start + dt.timedelta(days=i) for i in range(365 * YEARS)])
    total = 0
    with session_scope(engine) as s:
        users.create_user(
            s,
            username="bench-admin",
            display_name="Bench",
            role="admin",
            password=secrets.token_urlsafe(16),
            actor=SystemActor("bench"),
        )
        sites = [Site(name=f"Site {i + 1}", kind="drop-in centre") for i in range(SITES)]
        services = [Service(name=f"Service {i + 1}") for i in range(SERVICES)]
        s.add_all([*sites, *services])
        s.flush()
        site_ids = [x.id for x in sites]
        service_ids = [x.id for x in services]
        s.add(
            Adaptation(
                name="Women-only Tuesday",
                type="women-only day or hours",
                site_id=site_ids[0],
                start_on=end - dt.timedelta(days=400),
                weekdays="1",
            )
        )
        mondays = [d for d in days if d.weekday() == 0]
        s.execute(
            insert(OpenTime),
            [
                {"site_id": sid, "period": "week", "period_start": d, "open_days": 5}
                for sid in site_ids
                for d in mondays
            ],
        )
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        for sid in site_ids:
            cur.execute("BEGIN")
            for svc in service_ids:
                for g, rate in zip(GENDERS, RATES, strict=True):
                    visits = rng.poisson(rate, size=len(days))
                    cur.executemany(
                        "INSERT INTO attendance (site_id, service_id, period, period_start, "
                        "gender, visits) VALUES (?, ?, 'day', ?, ?, ?)",
                        [
                            (sid, svc, d.isoformat(), g, int(v))
                            for d, v in zip(days, visits, strict=True)
                        ],
                    )
                    total += len(days)
            cur.execute("COMMIT")
    finally:
        conn.close()
    engine.dispose()
    _ = AttendanceRecord
    return total


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        rows = build_database(data_dir)
        os.environ["ADVISORY_DATA_DIR"] = str(data_dir)
        os.environ.pop("DATABASE_URL", None)
        os.chdir(ROOT)
        from streamlit.testing.v1 import AppTest

        from advisory.services import impact_memo
        from components import figure_memo

        one_line = data_dir / "one_line_page.py"
        one_line.write_text('import streamlit as st\nst.write("hello")\n')

        def first_run(path: Path, *, forget: bool = False) -> float:
            if forget:
                impact_memo.forget()
                figure_memo.forget()  # the first visitor after a change builds the charts too
            at = AppTest.from_file(str(path), default_timeout=120)
            at.session_state["authentication_status"] = True
            at.session_state["username"] = "bench-admin"
            started = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - started
            if at.exception:
                raise RuntimeError(f"{path.name} failed: {at.exception}")
            return elapsed

        page = ROOT / "pages" / "impact.py"
        first_run(one_line), first_run(page)  # warm-up: imports, the engine, migrations
        base, cold, warm = [], [], []
        for _ in range(3):
            base.append(first_run(one_line))
            cold.append(first_run(page, forget=True))
            warm.append(first_run(page))
        one = statistics.median(base)
        return {
            "impact_page_rows": float(rows),
            "one_line_page_s": one,
            "impact_page_1m_rows_s": statistics.median(warm),
            "impact_page_1m_rows_ratio": statistics.median(warm) / one,
            "impact_page_1m_rows_cold_s": statistics.median(cold),
            "impact_page_1m_rows_cold_ratio": statistics.median(cold) / one,
        }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value:.4g}")

"""Benchmark: every page's server-side time beside a one-line page (`python -m bench pages`).

What it measures (issue 13, item 5):
1. builds a SQLite database with the demonstration data (`python -m advisory demo`'s logic,
   `advisory.demo.load`) plus generated daily attendance for benchmark sites: 10 sites by
   default (1,051,200 rows, bench/load_data.py's shape), 100 with `--sites 100` (10,512,000
   rows, as a national network would hold), bulk-inserted with sqlite3 `executemany`;
2. for every page in the navigation, and the funder view through a share link to every
   site, runs the page in a fresh `AppTest` (first run of each AppTest, logged in as the demo
   admin, who may open every page), median of 3 timed runs after one warm-up run that imports
   the page's modules; each timed run is followed by one of a one-line page
   (`st.write("Hello")`), so figures are ratios to it and survive a loaded machine;
3. prints a table (page, seconds, ratio, limit, OK/over) to stderr and returns
   `page_<name>_1m_rows_ratio` (and, with `--sites 100`, the same at 1M first, then
   `page_<name>_10m_rows_ratio` and `page_<name>_10m_vs_1m`: the 10.5M time over the page's
   own 1M time, both as ratios to the one-line page measured in the same run).

`BENCH_PAGES=attendance,impact python -m bench pages` measures only the pages named (a quick
look while working on one page; `make bench` measures them all).

Limits: every page within 2x the one-line page, impact and the funder view within 3x; at
10.5M rows no page more than 2x its own 1M time.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench import load_data

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
DEFAULT_LIMIT = 2.0
LIMITS = {"impact": 3.0, "shared_view": 3.0}
SCALE_LIMIT = 2.0
SITES_PER_CHUNK = 10
ONE_LINE_PAGE = 'import streamlit as st\n\nst.write("Hello")\n'


@dataclass(frozen=True)
class PageCase:
    name: str
    path: str
    username: str = "demo-admin"
    share: bool = False


def page_cases() -> tuple[PageCase, ...]:
    """Every page of the navigation (components/navigation.py) and the funder view."""
    sys.path.insert(0, str(ROOT))
    from components.navigation import PAGES

    cases = [PageCase(spec.key, spec.path) for spec in PAGES]
    cases.append(PageCase("shared_view", "app.py", share=True))
    only = {n.strip() for n in os.environ.get("BENCH_PAGES", "").split(",") if n.strip()}
    return tuple(c for c in cases if not only or c.name in only)


def _add_attendance(engine, sites: int) -> int:
    """Bench sites with six years of daily counts by service and gender group, in chunks."""
    from sqlalchemy import insert, select

    from advisory.db import session_scope
    from advisory.models import GENDER_GROUPS, Service, Site

    names = [f"Bench site {i:03d}" for i in range(1, sites + 1)]
    with session_scope(engine) as s:
        s.execute(insert(Site), [{"name": n, "kind": "drop-in centre"} for n in names])
        site_ids = list(s.scalars(select(Site.id).where(Site.name.in_(names)).order_by(Site.id)))
        service_ids = list(s.scalars(select(Service.id).order_by(Service.id)))[:8]
    dates = load_data._dates(load_data.DAYS).tolist()
    rates = np.array(load_data.RATES)
    rng = np.random.default_rng(11)
    total = 0
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        for first in range(0, len(site_ids), SITES_PER_CHUNK):
            chunk = site_ids[first : first + SITES_PER_CHUNK]
            keys = [(site, svc, g) for site in chunk for svc in service_ids for g in GENDER_GROUPS]
            visits = rng.poisson(np.tile(rates, len(keys) // len(rates) * len(dates))).tolist()
            rows = [
                (site, svc, day, g, visits[i * len(keys) + k])
                for i, day in enumerate(dates)
                for k, (site, svc, g) in enumerate(keys)
            ]
            cur.execute("BEGIN IMMEDIATE")
            cur.executemany(load_data.INSERT, rows)
            cur.execute("COMMIT")
            total += len(rows)
    finally:
        conn.close()
    return total


def build_database(data_dir: Path, *, sites: int) -> tuple[int, str]:
    """Migrated SQLite file with the demo and `sites` bench sites; (rows added, share token)."""
    sys.path.insert(0, str(ROOT))
    from advisory import actors, demo, migrate
    from advisory.db import make_engine
    from advisory.services import share_links, users

    engine = make_engine(f"sqlite:///{data_dir / 'advisory.db'}")
    try:
        migrate.upgrade(engine)
        demo.load(engine, actor=actors.CLI)
        rows = _add_attendance(engine, sites)
        director = users.get_view(engine, "demo-director")
        assert director is not None
        link = share_links.create(engine, label="Page benchmark", actor=director)
        return rows, link.token
    finally:
        engine.dispose()


def _time_once(path: str, *, username: str | None, share: str | None) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(path, default_timeout=600)
    if share:
        at.query_params["share"] = share
    elif username:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["name"] = username
        at.session_state["roles"] = ["admin"]
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{path} failed: {at.exception[0].value}")
    shown = " ".join(str(e.value) for e in at.error)
    if "access" in shown or "not valid" in shown:
        raise RuntimeError(f"{path} refused the benchmark's visitor: {shown}")
    return elapsed


def _medians(path: str, one_line: str, *, username: str | None, share: str | None) -> tuple:
    """(page s, one-line page s), medians of RUNS, the two alternating so load hits both."""
    _time_once(path, username=username, share=share)  # warm-up: imports the page's modules
    _time_once(one_line, username=None, share=None)
    page, base = [], []
    for _ in range(RUNS):
        page.append(_time_once(path, username=username, share=share))
        base.append(_time_once(one_line, username=None, share=None))
    return statistics.median(page), statistics.median(base)


def measure(data_dir: Path, token: str, cases: tuple[PageCase, ...]) -> dict[str, tuple]:
    """{page name: (page s, one-line page s)} with the app pointed at `data_dir`."""
    os.environ["ADVISORY_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["LOGIN_SLEEP_SECONDS"] = "0"
    os.chdir(ROOT)
    one_line = data_dir / "one_line_page.py"
    one_line.write_text(ONE_LINE_PAGE)
    out: dict[str, tuple] = {}
    for case in cases:
        page_s, base_s = _medians(
            str(ROOT / case.path),
            str(one_line),
            username=None if case.share else case.username,
            share=token if case.share else None,
        )
        out[case.name] = (page_s, base_s)
        print(f"#   {case.name}: {page_s:.2f} s (one-line page {base_s:.2f} s)", file=sys.stderr)
    _dispose_app_engine()
    return out


def _dispose_app_engine() -> None:
    """Close the pool the pages opened (cached per process), so the folder can be removed."""
    from components import database

    database._engine.clear()


def _run_size(sites: int, cases: tuple[PageCase, ...]) -> tuple[int, dict[str, tuple]]:
    with tempfile.TemporaryDirectory(prefix="pages-bench-") as tmp:
        started = time.perf_counter()
        rows, token = build_database(Path(tmp), sites=sites)
        print(f"# {rows:,} rows built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        return rows, measure(Path(tmp), token, cases)


def _table(label: str, figures: dict[str, tuple], own_1m: dict[str, float] | None) -> str:
    lines = [
        f"Pages with {label} attendance rows (seconds, median of {RUNS} first runs):",
        f"{'page':<20}{'page s':>8}{'1-line s':>10}{'ratio':>8}{'limit':>7}  result",
    ]
    for name, (page_s, base_s) in figures.items():
        ratio = page_s / base_s
        limit = LIMITS.get(name, DEFAULT_LIMIT)
        verdict = "OK" if ratio <= limit else "over"
        extra = ""
        if own_1m is not None and name in own_1m:
            scale = ratio / own_1m[name]
            extra = f"  x{scale:.2f} own 1M ({'OK' if scale <= SCALE_LIMIT else 'over'})"
        lines.append(
            f"{name:<20}{page_s:>8.2f}{base_s:>10.2f}{ratio:>8.2f}{limit:>7.1f}  {verdict}{extra}"
        )
    return "\n".join(lines)


def run(sites: int = 10) -> dict[str, float]:
    cases = page_cases()
    results: dict[str, float] = {}
    rows, small = _run_size(10, cases)
    ratios_1m = {name: p / b for name, (p, b) in small.items()}
    results["pages_1m_rows"] = float(rows)
    for name, ratio in ratios_1m.items():
        results[f"page_{name}_1m_rows_ratio"] = ratio
    print(_table(f"{rows:,}", small, None), file=sys.stderr)
    if sites > 10:
        rows, large = _run_size(sites, cases)
        results["pages_10m_rows"] = float(rows)
        for name, (page_s, base_s) in large.items():
            results[f"page_{name}_10m_rows_ratio"] = page_s / base_s
            results[f"page_{name}_10m_vs_1m"] = page_s / base_s / ratios_1m[name]
        print(_table(f"{rows:,}", large, ratios_1m), file=sys.stderr)
    return results


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value:.4g}")

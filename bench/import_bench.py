"""Benchmark: import a 1,051,200-row canonical CSV with `import-attendance`, against a baseline.

The file: 10 sites x 6 years (2,190 days) daily x 8 services x 6 gender groups = 1,051,200 rows,
generated with numpy into a temporary folder (not timed).

- import: `python -m advisory import-attendance FILE` run through `advisory.cli.main` in a
  child process, against a migrated SQLite file (every validation rule, duplicate-key and
  existing-row checks, batch bookkeeping, one transaction);
- baseline: pandas `read_csv` of the same file plus a plain bulk insert (names mapped to ids,
  `sqlite3` executemany in one transaction, no validation at all) into a second copy of the
  same migrated SQLite database, with the same connection settings (WAL, synchronous=NORMAL,
  foreign keys on), also in a child process.

Each child times its own work (interpreter start-up and imports are not counted for either)
and reports its own peak resident memory (`getrusage(RUSAGE_SELF).ru_maxrss`), so the
import's figure is an honest whole-process peak. Both run `REPEATS` times, interleaved, and
the best time of each side is kept (the machine may be shared with other work).
Run: `python -m bench.import_bench` (or `make bench` for every benchmark). Each figure is
printed as `name: value` and merged into bench/results.json.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
SITES = tuple(f"Site {i:02d}" for i in range(1, 11))
DAYS = 2190  # 6 x 365
START = "2019-01-07"
GENDERS = ("woman", "trans_woman", "man", "trans_man", "non_binary", "not_recorded")
ROWS = len(SITES) * DAYS * 8 * len(GENDERS)  # 1,051,200
REPEATS = 2


def generate_csv(path: Path, *, days: int = DAYS, seed: int = 7) -> int:
    """Write the canonical CSV (date-major, like a real export). Returns the row count."""
    from advisory.services.attendance import DEFAULT_SERVICES

    rng = np.random.default_rng(seed)
    dates = pd.date_range(START, periods=days, freq="D").strftime("%Y-%m-%d").to_numpy()
    n_s, n_v, n_g = len(SITES), len(DEFAULT_SERVICES), len(GENDERS)
    per_day = n_s * n_v * n_g
    n = days * per_day
    date_col = np.repeat(dates, per_day)
    site_col = np.tile(np.repeat(np.array(SITES, dtype=object), n_v * n_g), days)
    service_col = np.tile(np.repeat(np.array(DEFAULT_SERVICES, dtype=object), n_g), days * n_s)
    gender_col = np.tile(np.array(GENDERS, dtype=object), days * n_s * n_v)
    rates = np.array([6.0, 1.0, 20.0, 0.3, 0.4, 2.0])
    visits = rng.poisson(np.tile(rates, n // n_g))
    frame = pd.DataFrame(
        {
            "date": date_col,
            "site": site_col,
            "service": service_col,
            "gender": gender_col,
            "visits": visits,
        }
    )
    frame.to_csv(path, index=False)
    return n


def _prepare_database(path: Path) -> str:
    """A migrated SQLite file with the benchmark's sites and the default services."""
    from advisory import migrate
    from advisory.db import make_engine, session_scope
    from advisory.models import Site
    from advisory.services import attendance

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as s:
        s.add_all(Site(name=name, kind="drop-in centre") for name in SITES)
        attendance.ensure_default_services(s)
    engine.dispose()
    return url


# --- the two children --------------------------------------------------------------------------


def _child_import(csv_path: str, url: str) -> dict:
    os.environ["DATABASE_URL"] = url
    from advisory import cli

    t0, c0 = time.perf_counter(), time.process_time()
    status = cli.main(["import-attendance", csv_path])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    if status != 0:
        raise SystemExit(f"import-attendance exited with {status}")
    return {"seconds": seconds, "cpu_seconds": cpu}


def _child_baseline(csv_path: str, db_path: str) -> dict:
    import sqlite3

    t0, c0 = time.perf_counter(), time.process_time()
    frame = pd.read_csv(csv_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    site_ids = dict(conn.execute("SELECT name, id FROM site").fetchall())
    service_ids = dict(conn.execute("SELECT name, id FROM service").fetchall())
    frame["site_id"] = frame["site"].map(site_ids)
    frame["service_id"] = frame["service"].map(service_ids)
    rows = list(
        zip(
            frame["site_id"].tolist(),
            frame["service_id"].tolist(),
            frame["date"].tolist(),
            frame["gender"].tolist(),
            frame["visits"].tolist(),
            strict=True,
        )
    )
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO attendance (site_id, service_id, period, period_start, gender, visits) "
        "VALUES (?, ?, 'day', ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    conn.close()
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0}


def _child_main(argv: list[str]) -> None:
    kind, csv_path, target = argv
    result = (
        _child_import(csv_path, target) if kind == "import" else _child_baseline(csv_path, target)
    )
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result))


def _run_child(kind: str, csv_path: Path, target: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.import_bench", "--child", kind, str(csv_path), target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT ") :])


def _count_rows(db_path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM attendance").fetchone()[0]
    finally:
        conn.close()


def run(*, days: int = DAYS, repeats: int = REPEATS) -> dict:
    """Generate the file, run both children `repeats` times (interleaved), return the figures.

    Times are the best of the repeats for each side (the machine may be shared: the best run
    is the one least disturbed); the peak memory is the highest of the import runs.
    """
    work = Path(tempfile.mkdtemp(prefix="advisory-import-bench-"))
    try:
        csv_path = work / "attendance.csv"
        n = generate_csv(csv_path, days=days)
        baseline_s, import_s, import_rss, baseline_rss = [], [], [], []
        baseline_cpu, import_cpu = [], []
        for i in range(repeats):
            import_db, baseline_db = work / f"import{i}.db", work / f"baseline{i}.db"
            import_url = _prepare_database(import_db)
            _prepare_database(baseline_db)
            baseline = _run_child("baseline", csv_path, str(baseline_db))
            imported = _run_child("import", csv_path, import_url)
            for db in (import_db, baseline_db):
                stored = _count_rows(db)
                if stored != n:
                    raise RuntimeError(f"{db.name} holds {stored} rows, expected {n}")
            baseline_s.append(baseline["seconds"])
            import_s.append(imported["seconds"])
            baseline_cpu.append(baseline["cpu_seconds"])
            import_cpu.append(imported["cpu_seconds"])
            import_rss.append(imported["peak_rss_mb"])
            baseline_rss.append(baseline["peak_rss_mb"])
            for db in (import_db, baseline_db):
                db.unlink()
        best_import, best_baseline = min(import_s), min(baseline_s)
        return {
            "import_rows": n,
            "import_seconds": round(best_import, 2),
            "baseline_seconds": round(best_baseline, 2),
            "import_rows_per_s": round(n / best_import),
            "baseline_rows_per_s": round(n / best_baseline),
            "import_vs_baseline_time_ratio": round(best_import / best_baseline, 3),
            # CPU time barely depends on what else the machine is doing: a steadier ratio.
            "import_vs_baseline_cpu_ratio": round(min(import_cpu) / min(baseline_cpu), 3),
            "import_peak_rss_mb": round(max(import_rss), 1),
            "baseline_peak_rss_mb": round(max(baseline_rss), 1),
            "import_bench_repeats": repeats,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_results(figures: dict) -> None:
    existing: dict = {}
    if RESULTS.exists():
        try:
            existing = json.loads(RESULTS.read_text())
        except ValueError:
            existing = {}
    existing.update(figures)
    RESULTS.write_text(json.dumps(existing, indent=2, sort_keys=True) + "\n")


def main() -> None:
    figures = run()
    for name, value in figures.items():
        print(f"{name}: {value}")
    write_results(figures)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child_main(sys.argv[2:])
    else:
        main()

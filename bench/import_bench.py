"""Benchmark: import 1,051,200 rows as canonical CSV, as Excel and as DHIS2, each against a
bare pandas + SQLite baseline; and how fast two hostile files are refused.

The data: 10 sites x 6 years (2,190 days) daily x 8 services x 6 gender groups = 1,051,200
rows, generated with numpy into a temporary folder (not timed), written three ways:
- a canonical CSV (date, site, service, gender, visits);
- the same rows as an .xlsx workbook the way Excel writes one (shared strings, dates as
  serial numbers with a date style), made by `bench.xlsx_writer`;
- the same rows as a DHIS2 data-value set (11 columns, codes for services, sites and gender
  groups), with the mapping CSV passed to `--mapping`.

For each: the import is `python -m advisory import-attendance FILE` run through
`advisory.cli.main` in a child process against a migrated SQLite file (every validation rule,
duplicate-key and existing-row checks, batch bookkeeping; checked in a read transaction, then
written in one write transaction); the baseline reads the same file with pandas' fastest
reader for it (`read_csv`; `read_excel(engine="calamine")`; `read_csv` then the codes mapped
with dicts) and inserts it bare (names mapped to ids, `sqlite3` executemany in one
transaction, no validation at all) into a second copy of the same database with the same
connection settings (WAL, synchronous=NORMAL, foreign keys on), also in a child process.

Each child times its own work (interpreter start-up and imports are not counted for either)
and reports its own peak resident memory (VmHWM from /proc: getrusage's ru_maxrss would carry
the parent's peak across fork and exec), so the import's figure is an honest whole-process
peak. Both run `REPEATS` times, interleaved, and
the best time of each side is kept (the machine may be shared with other work).

Hostile files (issue 14), each checked as a dry run in a child with the default settings:
- an .xlsx of about 740 KiB that unpacks to 2,000,000 rows without the required columns;
- a 300 MB CSV whose every row is wrong in four ways (millions of problems): refused by the
  size limit, and again with UPLOAD_MAX_MB raised to 400 so the row limit has to refuse it;
- and, under both limits, the 1,051,200-row CSV with every visits value wrong (each problem
  counted, the first 1,000 listed).

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

from bench.xlsx_writer import write_xlsx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
SITES = tuple(f"Site {i:02d}" for i in range(1, 11))
SERVICES = (
    "drop-in visit",
    "needle and syringe programme",
    "opioid agonist therapy",
    "outreach contact",
    "HIV/hepatitis testing",
    "sexual and reproductive health",
    "gender-based-violence referral",
    "other",
)  # the default services list (migration 0002)
DAYS = 2190  # 6 x 365
START = "2019-01-07"
GENDERS = ("woman", "trans_woman", "man", "trans_man", "non_binary", "not_recorded")
ROWS = len(SITES) * DAYS * len(SERVICES) * len(GENDERS)  # 1,051,200
REPEATS = 3
HOSTILE_XLSX_ROWS = 2_000_000  # the bomb: 737 KiB unpacking to 2 million rows
HOSTILE_CSV_BYTES = 300 * 1024 * 1024
PATHS = ("csv", "xlsx", "dhis2")


def _columns(days: int, seed: int) -> dict[str, np.ndarray]:
    """The benchmark's rows, date-major like a real export."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range(START, periods=days, freq="D").to_numpy().astype("datetime64[D]")
    n_s, n_v, n_g = len(SITES), len(SERVICES), len(GENDERS)
    per_day = n_s * n_v * n_g
    n = days * per_day
    rates = np.array([6.0, 1.0, 20.0, 0.3, 0.4, 2.0])
    return {
        "date": np.repeat(dates, per_day),
        "site": np.tile(np.repeat(np.array(SITES, dtype=object), n_v * n_g), days),
        "service": np.tile(np.repeat(np.array(SERVICES, dtype=object), n_g), days * n_s),
        "gender": np.tile(np.array(GENDERS, dtype=object), days * n_s * n_v),
        "visits": rng.poisson(np.tile(rates, n // n_g)),
    }


def generate_csv(path: Path, *, days: int = DAYS, seed: int = 7) -> int:
    """Write the canonical CSV. Returns the row count."""
    cols = _columns(days, seed)
    frame = pd.DataFrame({**cols, "date": pd.DatetimeIndex(cols["date"]).strftime("%Y-%m-%d")})
    frame.to_csv(path, index=False)
    return len(frame)


def generate_xlsx(path: Path, *, days: int = DAYS, seed: int = 7) -> int:
    cols = _columns(days, seed)
    write_xlsx(path, list(cols), list(cols.values()))
    return len(cols["date"])


def dhis2_codes() -> dict[str, dict[str, str]]:
    """kind -> name -> DHIS2 code (11 characters, like DHIS2's own ids)."""
    return {
        "dataelement": {name: f"deSrv{i:06d}" for i, name in enumerate(SERVICES)},
        "orgunit": {name: f"ouSite{i:05d}" for i, name in enumerate(SITES)},
        "categoryoptioncombo": {g: f"cocGen{i:05d}" for i, g in enumerate(GENDERS)},
    }


def generate_dhis2(path: Path, mapping: Path, *, days: int = DAYS, seed: int = 7) -> int:
    cols = _columns(days, seed)
    codes = dhis2_codes()
    frame = pd.DataFrame(
        {
            "dataelement": pd.Series(cols["service"]).map(codes["dataelement"]),
            "period": pd.DatetimeIndex(cols["date"]).strftime("%Y%m%d"),
            "orgunit": pd.Series(cols["site"]).map(codes["orgunit"]),
            "categoryoptioncombo": pd.Series(cols["gender"]).map(codes["categoryoptioncombo"]),
            "attributeoptioncombo": "HllvX50cXC0",
            "value": cols["visits"],
            "storedby": "admin",
            "lastupdated": "2025-01-02T10:00:00.000",
            "comment": "",
            "followup": "false",
            "deleted": "false",
        }
    )
    frame.to_csv(path, index=False)
    lines = ["kind,code,target"] + [
        f"{kind},{code},{name}" for kind, names in codes.items() for name, code in names.items()
    ]
    mapping.write_text("\n".join(lines) + "\n")
    return len(frame)


def generate_hostile_xlsx(path: Path) -> int:
    """A small workbook that unpacks to 2 million rows, none with the required columns (rows
    and cells without their optional `r` attributes compress about a thousand to one)."""
    write_xlsx(path, ["day"], [], compresslevel=9, repeat_rows=HOSTILE_XLSX_ROWS)
    return path.stat().st_size


def generate_hostile_csv(path: Path) -> int:
    """300 MB of rows each wrong four ways (date, site, gender, visits)."""
    row = b"someday,Nowhere,drop-in visit,lady,-1\n"
    block = row * (4 * 1024 * 1024 // len(row))
    with open(path, "wb") as fh:
        fh.write(b"date,site,service,gender,visits\n")
        written = 0
        while written < HOSTILE_CSV_BYTES:
            fh.write(block)
            written += len(block)
    return path.stat().st_size


def generate_bad_visits_csv(source: Path, path: Path) -> None:
    """The 1,051,200-row CSV with every visits value replaced by a word."""
    frame = pd.read_csv(source, dtype=str)
    frame["visits"] = "many"
    frame.to_csv(path, index=False)


def _prepare_database(path: Path) -> str:
    """A migrated SQLite file with the benchmark's sites (the services come with migration
    0002)."""
    from advisory import migrate
    from advisory.db import make_engine, session_scope
    from advisory.models import Site

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as s:
        s.add_all(Site(name=name, kind="drop-in centre") for name in SITES)
    engine.dispose()
    return url


# --- the children --------------------------------------------------------------------------------


def _child_import(fmt: str, path: str, url: str, mapping: str) -> dict:
    os.environ["DATABASE_URL"] = url
    from advisory import cli

    args = ["import-attendance", path]
    if fmt == "dhis2":
        args += ["--format", "dhis2", "--mapping", mapping]
    t0, c0 = time.perf_counter(), time.process_time()
    status = cli.main(args)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    if status != 0:
        raise SystemExit(f"import-attendance exited with {status}")
    return {"seconds": seconds, "cpu_seconds": cpu}


def _bare_insert(db_path: str, frame: pd.DataFrame) -> None:
    """Names to ids with dicts, then one executemany: no checks of any kind."""
    import sqlite3

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    site_ids = dict(conn.execute("SELECT name, id FROM site").fetchall())
    service_ids = dict(conn.execute("SELECT name, id FROM service").fetchall())
    rows = list(
        zip(
            frame["site"].map(site_ids).tolist(),
            frame["service"].map(service_ids).tolist(),
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


def _child_baseline(fmt: str, path: str, db_path: str) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    if fmt == "csv":
        frame = pd.read_csv(path)
    elif fmt == "xlsx":
        frame = pd.read_excel(path, engine="calamine")  # pandas' fastest .xlsx reader
        frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    else:
        raw = pd.read_csv(path)
        names = {k: {c: n for n, c in v.items()} for k, v in dhis2_codes().items()}
        period = raw["period"].astype(str)
        frame = pd.DataFrame(
            {
                "date": period.str[:4] + "-" + period.str[4:6] + "-" + period.str[6:],
                "site": raw["orgunit"].map(names["orgunit"]),
                "service": raw["dataelement"].map(names["dataelement"]),
                "gender": raw["categoryoptioncombo"].map(names["categoryoptioncombo"]),
                "visits": raw["value"],
            }
        )
    _bare_insert(db_path, frame)
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0}


def _child_refuse(fmt: str, path: str, url: str, max_mb: str) -> dict:
    """A dry run of a hostile file through the import service (as the page runs it)."""
    if max_mb:
        os.environ["UPLOAD_MAX_MB"] = max_mb
    from advisory.actors import SystemActor
    from advisory.db import make_engine
    from advisory.importers.report import ImportOptions
    from advisory.services.attendance_import import import_attendance

    engine = make_engine(url)
    t0 = time.perf_counter()
    report = import_attendance(
        engine,
        source=Path(path),
        file_name=Path(path).name,
        options=ImportOptions(format=fmt),
        actor=SystemActor("bench"),
        dry_run=True,
    )
    seconds = time.perf_counter() - t0
    if report.ok:
        raise SystemExit("the hostile file was not refused")
    return {
        "seconds": seconds,
        "problems": report.problem_count,
        "listed": len(report.problems),
        "first": report.problems[0].reason,
    }


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started (not its parent's)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_main(argv: list[str]) -> None:
    kind, fmt, path, target, extra = argv
    if kind == "import":
        result = _child_import(fmt, path, target, extra)
    elif kind == "baseline":
        result = _child_baseline(fmt, path, target)
    else:
        result = _child_refuse(fmt, path, target, extra)
    result["peak_rss_mb"] = _peak_rss_mb()
    print("RESULT " + json.dumps(result))


def _run_child(kind: str, fmt: str, path: Path, target: str, extra: str = "") -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "bench.import_bench", "--child", kind, fmt, str(path), target]
    proc = subprocess.run(
        [*cmd, extra], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} {fmt} child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT ") :])


def _count_rows(db_path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM attendance").fetchone()[0]
    finally:
        conn.close()


def _import_path(fmt: str, path: Path, mapping: Path, n: int, work: Path, repeats: int) -> dict:
    """Best times of `repeats` interleaved import and baseline runs of one file."""
    seen: dict[str, list[float]] = {k: [] for k in ("imp", "base", "imp_cpu", "base_cpu")}
    rss: dict[str, list[float]] = {"imp": [], "base": []}
    for i in range(repeats):
        import_db, baseline_db = work / f"{fmt}-import{i}.db", work / f"{fmt}-baseline{i}.db"
        import_url = _prepare_database(import_db)
        _prepare_database(baseline_db)
        baseline = _run_child("baseline", fmt, path, str(baseline_db))
        imported = _run_child("import", fmt, path, import_url, str(mapping))
        for db in (import_db, baseline_db):
            stored = _count_rows(db)
            if stored != n:
                raise RuntimeError(f"{db.name} holds {stored} rows, expected {n}")
            db.unlink()
        seen["imp"].append(imported["seconds"])
        seen["base"].append(baseline["seconds"])
        seen["imp_cpu"].append(imported["cpu_seconds"])
        seen["base_cpu"].append(baseline["cpu_seconds"])
        rss["imp"].append(imported["peak_rss_mb"])
        rss["base"].append(baseline["peak_rss_mb"])
    best_import, best_baseline = min(seen["imp"]), min(seen["base"])
    # The CSV figures keep their earlier names (import_seconds ...), the others are prefixed.
    p = "import" if fmt == "csv" else f"import_{fmt}"
    b = "baseline" if fmt == "csv" else f"baseline_{fmt}"
    return {
        f"{p}_seconds": round(best_import, 2),
        f"{b}_seconds": round(best_baseline, 2),
        f"{p}_rows_per_s": round(n / best_import),
        f"{p}_vs_baseline_time_ratio": round(best_import / best_baseline, 3),
        # CPU time barely depends on what else the machine is doing: a steadier ratio.
        f"{p}_vs_baseline_cpu_ratio": round(min(seen["imp_cpu"]) / min(seen["base_cpu"]), 3),
        f"{p}_peak_rss_mb": round(max(rss["imp"]), 1),
        f"{b}_peak_rss_mb": round(max(rss["base"]), 1),
    }


def _hostile(work: Path, csv_path: Path) -> dict:
    url = _prepare_database(work / "hostile.db")
    xlsx_path, big_csv, bad = work / "bomb.xlsx", work / "hostile.csv", work / "bad-visits.csv"
    kib = generate_hostile_xlsx(xlsx_path) / 1024
    bomb = _run_child("refuse", "xlsx", xlsx_path, url)
    mb = generate_hostile_csv(big_csv) / 1_048_576
    by_size = _run_child("refuse", "csv", big_csv, url)
    by_rows = _run_child("refuse", "csv", big_csv, url, "400")
    big_csv.unlink()
    generate_bad_visits_csv(csv_path, bad)
    every_row = _run_child("refuse", "csv", bad, url)
    return {
        "hostile_xlsx_kib": round(kib, 1),
        "hostile_xlsx_rows": HOSTILE_XLSX_ROWS,
        "hostile_xlsx_refused_seconds": round(bomb["seconds"], 3),
        "hostile_xlsx_peak_rss_mb": round(bomb["peak_rss_mb"], 1),
        "hostile_xlsx_reason": bomb["first"],
        "hostile_csv_mb": round(mb, 1),
        "hostile_csv_refused_seconds": round(by_size["seconds"], 3),
        "hostile_csv_reason": by_size["first"],
        "hostile_csv_400mb_limit_refused_seconds": round(by_rows["seconds"], 3),
        "hostile_csv_400mb_limit_reason": by_rows["first"],
        "bad_visits_1m_rows_refused_seconds": round(every_row["seconds"], 2),
        "bad_visits_1m_rows_problems_counted": every_row["problems"],
        "bad_visits_1m_rows_problems_listed": every_row["listed"],
        "bad_visits_1m_rows_peak_rss_mb": round(every_row["peak_rss_mb"], 1),
    }


def run(*, days: int = DAYS, repeats: int = REPEATS, paths: tuple[str, ...] = PATHS) -> dict:
    """Generate the files, run the import and baseline children `repeats` times for each path
    (interleaved), then the hostile files; return the figures.

    Times are the best of the repeats for each side (the machine may be shared: the best run
    is the one least disturbed); the peak memory is the highest of the import runs.
    """
    work = Path(tempfile.mkdtemp(prefix="advisory-import-bench-"))
    try:
        csv_path, mapping = work / "attendance.csv", work / "dhis2-mapping.csv"
        n = generate_csv(csv_path, days=days)
        figures: dict[str, object] = {"import_rows": n, "import_bench_repeats": repeats}
        files = {"csv": csv_path, "xlsx": work / "attendance.xlsx", "dhis2": work / "dhis2.csv"}
        if "xlsx" in paths:
            generate_xlsx(files["xlsx"], days=days)
        if "dhis2" in paths:
            generate_dhis2(files["dhis2"], mapping, days=days)
        for fmt in paths:
            figures.update(_import_path(fmt, files[fmt], mapping, n, work, repeats))
        figures.update(_hostile(work, csv_path))
        return figures
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

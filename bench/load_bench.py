"""Benchmark: many logged-in sessions rerunning real pages (`python -m bench load`).

What it does (issue 14, item 2):
1. builds the benchmark data: the demo (`python -m advisory demo`) plus 1,051,200 generated
   daily attendance rows (bench/load_data.py), in a SQLite file;
2. starts the app (`python -m serve app.py`, which is `streamlit run app.py` without Nagle's
   delay) and, beside it, a trivial one-line Streamlit app (`st.write("Hello")`) and pages of
   the app's size with none of its code (bench/load_servers.py SAME_SIZE_APP), with the same
   config, each its own server;
3. for N = 1, 5, 20, 50: N sessions, each logged in the way a browser that logged in is (the
   login cookie the app issues: an HS256 JWT {username, exp_date} signed with the app's key),
   rerun overview, recommendations, attendance and impact in turn, as fast as the server
   answers, for LOAD_SECONDS; then N sessions do the same against the trivial app. Each run
   is timed from the rerun request to the server's `script_finished` (bench/load_client.py);
   an exception element ("This app has encountered an error"), "page not found", a closed
   connection or a run that never finishes counts as an error;
   in the paced phases, N sessions also rerun the same-size pages: their p95 against the
   trivial app's (`load_sqlite_same_size_p95_ratio_nN`) is what Streamlit itself costs for
   pages this size, the floor under the app's ratio (`load_sqlite_p95_ratio_nN`);
4. the same with 20 sessions while `python -m advisory import-attendance` imports another
   1,051,200 rows into the same database (0 errors expected, readers not blocked);
5. when PostgreSQL 15 and nginx are installed: the same database on PostgreSQL, two app
   replicas behind nginx with deploy/nginx/advisory.conf (TLS, sticky sessions), N sessions
   through the proxy; and for comparison, the same proxy with every session pinned to one
   replica (runs/s should scale with the replicas).

Sessions are paced like people: after each run a session pauses for LOAD_PAUSE seconds on
average (default 3 s, drawn uniformly between half and one and a half times that, so sessions
do not march in step) before its next rerun, a busy person clicking through the pages. The
latency target (p95 at 20 sessions within 2x the trivial app's) is read from these paced
phases. Then, for LOAD_SATURATED session counts (default "20,50"), the same sessions run
closed-loop (no pause: the next rerun as soon as the last one finished): those figures are the
server's capacity (runs/s) and the latency when it is saturated, where p95 is simply N divided
by runs/s, so the app's saturated p95 against a one-line page's is their capacity ratio, not a
reader's experience; they must show 0 errors too. p50/p95 are over the timed runs (each
session's first run, which creates its Streamlit session, is a warm-up); errors count every
run, warm-up included. Before any phase one session visits every page once, as a server that
has been up a while has (the first impact run in a fresh process imports statsmodels, ~1.5 s).

Settings (environment): LOAD_SECONDS (default 20 per phase), LOAD_SESSIONS (default
"1,5,20,50"), LOAD_PAUSE (default 3), LOAD_SATURATED (default "20,50"; "" for none),
LOAD_REPLICAS=0 to skip the PostgreSQL/nginx part, LOAD_SQLITE=0 the SQLite part,
LOAD_IMPORT=0 the import run, LOAD_KEEP=1 keeps the work folder (server logs).
Figures are printed as `name: value` and merged into bench/results.json.
"""

from __future__ import annotations

import asyncio
import os
import random
import resource
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jwt
import numpy as np
import psutil

from bench import load_data
from bench.load_client import RunResult, StreamlitSession, first_visit_cookies, visit_main_page
from bench.load_servers import (
    ROOT,
    Server,
    free_port,
    nginx_available,
    start_proxy,
    start_replicas,
    start_streamlit,
    write_same_size_app,
    write_trivial_app,
)

# The overview is the default page: a browser shows it at "/" (Streamlit gives the default
# page the url path ""), so that is the address its reruns name.
PAGES = ("", "recommendations", "attendance", "impact")
USERS = ("demo-admin", "demo-director", "demo-member")
IMPORT_SESSIONS = 20
MAX_IMPORT_SECONDS = 600


def _seconds() -> float:
    return float(os.environ.get("LOAD_SECONDS", "20"))


def _session_counts() -> tuple[int, ...]:
    return tuple(int(n) for n in os.environ.get("LOAD_SESSIONS", "1,5,20,50").split(","))


def _pause() -> float:
    return float(os.environ.get("LOAD_PAUSE", "3"))


def _saturated_counts() -> tuple[int, ...]:
    return tuple(int(n) for n in os.environ.get("LOAD_SATURATED", "20,50").split(",") if n)


def login_cookie(username: str, key: str, *, days: float = 1.0) -> str:
    """The cookie a browser holds after logging in (components/auth.py honours it)."""
    return jwt.encode(
        {"username": username, "exp_date": time.time() + days * 86400}, key, algorithm="HS256"
    )


@dataclass
class Phase:
    """The runs of one phase (N sessions against one server for a fixed time)."""

    sessions: int
    elapsed: float = 0.0
    timed: list[RunResult] = field(default_factory=list)
    warmup: list[RunResult] = field(default_factory=list)
    client_cpu: float = 0.0
    replicas: dict[str, int] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # cores used, per process group
    rss_mb: dict[str, float] = field(default_factory=dict)  # memory at the end, per group
    measured: tuple[str, ...] = ()  # the groups that serve the runs being measured

    @property
    def errors(self) -> list[RunResult]:
        return [r for r in self.timed + self.warmup if not r.ok]

    def figures(self, prefix: str) -> dict[str, float]:
        seconds = np.array([r.seconds for r in self.timed if r.ok])
        ok = len(seconds) > 0
        return {
            f"{prefix}_runs_per_s": round(len(self.timed) / self.elapsed, 2) if self.elapsed else 0,
            f"{prefix}_p50_s": round(float(np.percentile(seconds, 50)), 3) if ok else -1.0,
            f"{prefix}_p95_s": round(float(np.percentile(seconds, 95)), 3) if ok else -1.0,
            f"{prefix}_errors": len(self.errors),
        }


class CpuMeter:
    """Cores used during a phase by each group of processes we started, and by the rest.

    why: the machine has 2 cores shared with other work; without this, a figure that does not
    scale cannot be told apart from a machine that was busy with something else.
    """

    def __init__(self, groups: dict[str, list[int]], measured: tuple[str, ...]) -> None:
        self.groups = groups
        self.measured = measured
        self._start: dict[str, float] = {}
        self._own0 = (0.0, 0.0)
        self._machine = 0.0
        self._wall = 0.0

    @staticmethod
    def _seconds(pids: list[int]) -> float:
        total = 0.0
        for pid in pids:
            try:
                root = psutil.Process(pid)
                for proc in [root, *root.children(recursive=True)]:
                    times = proc.cpu_times()
                    total += times.user + times.system
            except psutil.Error:
                continue
        return total

    def rss_mb(self) -> dict[str, float]:
        """Resident memory of each group now (the process and its children)."""
        sizes = {}
        for name, pids in self.groups.items():
            total = 0
            for pid in pids:
                try:
                    root = psutil.Process(pid)
                    total += sum(p.memory_info().rss for p in [root, *root.children(True)])
                except psutil.Error:
                    continue
            sizes[name] = round(total / 2**20, 1)
        return sizes

    @staticmethod
    def _busy() -> float:
        t = psutil.cpu_times()
        return t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0)

    @staticmethod
    def _own() -> tuple[float, float]:
        # This process (the load generator) and its children that have exited (the import).
        me = resource.getrusage(resource.RUSAGE_SELF)
        done = resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime, done.ru_utime + done.ru_stime

    def start(self) -> None:
        self._start = {name: self._seconds(pids) for name, pids in self.groups.items()}
        self._own0 = self._own()
        self._machine, self._wall = self._busy(), time.perf_counter()

    def stop(self) -> dict[str, float]:
        wall = time.perf_counter() - self._wall
        used = {
            name: (self._seconds(pids) - self._start[name]) / wall
            for name, pids in self.groups.items()
        }
        own = self._own()
        used["client"] = (own[0] - self._own0[0]) / wall
        if own[1] - self._own0[1] > 0.01 * wall:
            used["exited children"] = (own[1] - self._own0[1]) / wall
        machine = (self._busy() - self._machine) / wall
        used = {k: max(v, 0.0) for k, v in used.items()}  # processes that exited meanwhile
        used["other"] = max(machine - sum(used.values()), 0.0)
        used["machine"] = machine
        return {k: round(v, 2) for k, v in used.items()}


async def drive(
    base_url: str,
    sessions: int,
    seconds: float,
    *,
    pages: tuple[str, ...],
    cookies: Callable[[int], dict[str, str]],
    until: Callable[[], bool] | None = None,
    route: dict[str, str] | None = None,
    ready: asyncio.Event | None = None,
    meter: CpuMeter | None = None,
    pause: float = 0.0,
) -> Phase:
    """N sessions rerunning `pages` in turn for `seconds` (or until `until()` is true).

    `ready` is set once every session is connected and warmed up, when the timed runs start.
    With `pause`, each session waits between half and one and a half times `pause` seconds
    after a run before its next (a person reading the page); without, it reruns at once.
    """
    phase = Phase(sessions)

    async def open_session(i: int) -> StreamlitSession:
        jar = await asyncio.to_thread(first_visit_cookies, base_url, extra=route)
        session = StreamlitSession(base_url, cookies={**jar, **cookies(i)})
        await session.connect()
        replica = jar.get("advisory_replica", "")
        phase.replicas[replica] = phase.replicas.get(replica, 0) + 1
        phase.warmup.append(await session.run(pages[i % len(pages)]))
        return session

    opened = await asyncio.gather(*(open_session(i) for i in range(sessions)))
    if ready is not None:
        ready.set()
    if meter is not None:
        meter.start()
    cpu0, started = time.process_time(), time.perf_counter()
    deadline = started + seconds

    def more() -> bool:
        return (until() is False) if until is not None else time.perf_counter() < deadline

    async def loop(i: int, session: StreamlitSession) -> None:
        k = i
        rng = random.Random(i)  # the same pauses in every run of the benchmark
        if pause:
            await asyncio.sleep(rng.uniform(0, pause))  # sessions start spread out
        while more():
            k += 1
            result = await session.run(pages[k % len(pages)])
            phase.timed.append(result)
            if result.error and result.error.startswith(("connection closed", "no script")):
                await session.close()
                session = StreamlitSession(base_url, cookies=session.cookies)
                await session.connect()
            if pause:
                await asyncio.sleep(
                    min(rng.uniform(0.5, 1.5) * pause, max(deadline - time.perf_counter(), 0))
                )

    await asyncio.gather(*(loop(i, s) for i, s in enumerate(opened)))
    phase.elapsed = time.perf_counter() - started
    phase.client_cpu = (time.process_time() - cpu0) / phase.elapsed
    if meter is not None:
        phase.cpu = meter.stop()
        phase.rss_mb = meter.rss_mb()
        phase.measured = meter.measured
    await asyncio.gather(*(s.close() for s in opened), return_exceptions=True)
    return phase


def _report_errors(label: str, phase: Phase) -> None:
    seen: dict[str, int] = {}
    for r in phase.errors:
        text = (r.error or "")[:160]
        seen[text] = seen.get(text, 0) + 1
    for text, count in list(seen.items())[:5]:
        print(f"# {label}: {count} x {text}", file=sys.stderr)


def _phase(label: str, prefix: str, phase: Phase, figures: dict[str, float]) -> None:
    figures.update(phase.figures(prefix))
    _report_errors(label, phase)
    spread = ", ".join(f"{k or 'direct'}={v}" for k, v in sorted(phase.replicas.items()))
    print(
        f"# {label}: {len(phase.timed)} runs in {phase.elapsed:.1f} s, "
        f"client CPU {phase.client_cpu:.0%} of a core, sessions per replica: {spread}",
        file=sys.stderr,
    )
    if phase.cpu:
        cores = ", ".join(f"{k} {v:.2f}" for k, v in phase.cpu.items())
        print(f"# {label}: cores used: {cores} (of {psutil.cpu_count()})", file=sys.stderr)
        figures[f"{prefix}_server_cores"] = round(
            sum(v for k, v in phase.cpu.items() if k in phase.measured), 2
        )
        figures[f"{prefix}_other_cores"] = phase.cpu["other"]
    if phase.rss_mb:
        print(f"# {label}: memory (MB): {phase.rss_mb}", file=sys.stderr)
        measured = [
            v
            for k, v in phase.rss_mb.items()
            if k in phase.measured and k not in ("postgres", "nginx")
        ]
        figures[f"{prefix}_server_rss_mb"] = max(measured, default=0.0)
    figures["load_client_cpu_share_max"] = max(
        figures.get("load_client_cpu_share_max", 0.0), round(phase.client_cpu, 3)
    )


def _cookies(key: str) -> Callable[[int], dict[str, str]]:
    return lambda i: {"advisory_auth": login_cookie(USERS[i % len(USERS)], key)}


def _first_visit(url: str, key: str) -> None:
    """Open "/" once (see visit_main_page), check that app.py routes a logged-in run, and
    run every benchmarked page once (so no phase times a first import in a fresh process)."""
    visit_main_page(url)

    async def check() -> tuple[dict[str, str], RunResult]:
        async with StreamlitSession(url, cookies=_cookies(key)(0)) as session:
            result = await session.run("")
            # Read after the run: the run's navigation message replaces the page list.
            hashes = dict(session.hashes)
            for page in PAGES:
                await session.run(page)
            return hashes, result

    hashes, result = asyncio.run(check())
    if result.error or "attendance-import" not in hashes:
        raise RuntimeError(
            f"{url} is not routed by app.py: {result.error} {sorted(hashes)} {result.texts[:8]}"
        )


# --- SQLite: one server, the trivial app beside it, an import in progress ----------------------


def _sqlite_part(work: Path, figures: dict[str, float]) -> None:
    data_dir = work / "sqlite"
    data_dir.mkdir()
    key = secrets.token_urlsafe(32)
    env = {"ADVISORY_DATA_DIR": str(data_dir), "AUTH_COOKIE_KEY": key}
    env_clean = {**env, "DATABASE_URL": ""}
    started = time.perf_counter()
    rows = load_data.prepare_database(f"sqlite:///{data_dir / 'advisory.db'}", env_clean)
    print(f"# sqlite data: {rows} rows in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    figures["load_generated_rows"] = rows
    app = start_streamlit("app.py", name="app", env=env_clean, log_dir=work)
    trivial = start_streamlit(write_trivial_app(work), name="trivial", env=env_clean, log_dir=work)
    same_size = start_streamlit(
        write_same_size_app(work), name="same_size", env=env_clean, log_dir=work
    )
    try:
        _first_visit(app.url, key)
        _first_visit_same_size(same_size.url)
        for n in _session_counts():
            _compare(app, trivial, key, n, _pause(), f"load_sqlite_{{}}_n{n}", figures)
            _same_size_phase(same_size, n, _pause(), f"load_sqlite_same_size_n{n}", figures)
            t = figures[f"load_sqlite_trivial_n{n}_p95_s"]
            for name, ratio in (("app", "p95_ratio"), ("same_size", "same_size_p95_ratio")):
                p95 = figures[f"load_sqlite_{name}_n{n}_p95_s"]
                if p95 > 0 and t > 0:
                    figures[f"load_sqlite_{ratio}_n{n}"] = round(p95 / t, 2)
        for n in _saturated_counts():
            _compare(app, trivial, key, n, 0.0, f"load_sqlite_{{}}_saturated_n{n}", figures)
            a = figures[f"load_sqlite_app_saturated_n{n}_runs_per_s"]
            t = figures[f"load_sqlite_trivial_saturated_n{n}_runs_per_s"]
            if a > 0:
                figures[f"load_sqlite_capacity_ratio_n{n}"] = round(t / a, 2)
        if os.environ.get("LOAD_IMPORT", "1") != "0":
            _import_phase(work, app, env_clean, key, figures)
    finally:
        app.stop()
        trivial.stop()
        same_size.stop()
    _server_errors(app, figures, "load_sqlite_server_tracebacks")


def _compare(
    app: Server,
    trivial: Server,
    key: str,
    n: int,
    pause: float,
    prefix: str,
    figures: dict[str, float],
) -> None:
    """N sessions on the app's pages, then N on the trivial app, each with `pause`."""
    how = f"pause {pause:g} s" if pause else "saturated"
    meter = CpuMeter({"app": [app.process.pid], "trivial": [trivial.process.pid]}, ("app",))
    app_phase = asyncio.run(
        drive(app.url, n, _seconds(), pages=PAGES, cookies=_cookies(key), meter=meter, pause=pause)
    )
    _phase(f"app n={n} {how}", prefix.format("app"), app_phase, figures)
    meter = CpuMeter({"trivial": [trivial.process.pid], "app": [app.process.pid]}, ("trivial",))
    trivial_phase = asyncio.run(
        drive(
            trivial.url, n, _seconds(), pages=("",), cookies=_no_cookies, meter=meter, pause=pause
        )
    )
    _phase(f"trivial n={n} {how}", prefix.format("trivial"), trivial_phase, figures)


def _no_cookies(_session: int) -> dict[str, str]:
    return {}


def _first_visit_same_size(url: str) -> None:
    """Run each same-size page once (imports, first charts), checking that each is served."""
    visit_main_page(url)

    async def visit() -> list[RunResult]:
        async with StreamlitSession(url) as session:
            return [await session.run(page) for page in PAGES]  # "" first: learns the paths

    for result in asyncio.run(visit()):
        if not result.ok:
            raise RuntimeError(f"same-size page {result.page!r}: {result.error}")


def _same_size_phase(
    server: Server, n: int, pause: float, prefix: str, figures: dict[str, float]
) -> None:
    """N sessions on pages of the app's size with none of its code (SAME_SIZE_APP)."""
    meter = CpuMeter({"same_size": [server.process.pid]}, ("same_size",))
    phase = asyncio.run(
        drive(server.url, n, _seconds(), pages=PAGES, cookies=_no_cookies, meter=meter, pause=pause)
    )
    _phase(f"same-size pages n={n} pause {pause:g} s", prefix, phase, figures)


def _import_phase(
    work: Path, app: Server, env: dict[str, str], key: str, figures: dict[str, float]
) -> None:
    csv = work / "import.csv"
    rows = load_data.write_import_csv(csv)
    log = (work / "import.log").open("w")

    async def run() -> tuple[Phase, float, int, int]:
        done = False
        status, attempts = -1, 0

        async def import_until_done() -> None:
            # Like a person who is told "busy, try again": the import is retried until it
            # goes through (or MAX_IMPORT_SECONDS pass); each attempt is counted.
            nonlocal done, status, attempts
            deadline = time.perf_counter() + MAX_IMPORT_SECONDS
            try:
                while status != 0 and time.perf_counter() < deadline:
                    attempts += 1
                    process = await asyncio.create_subprocess_exec(
                        sys.executable,
                        "-m",
                        "advisory",
                        "import-attendance",
                        str(csv),
                        "--create-missing",
                        cwd=ROOT,
                        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                        stdout=log,
                        stderr=log,
                    )
                    status = await process.wait()
            finally:
                done = True

        # The sessions connect and warm up first; the import starts as the timed runs begin.
        ready = asyncio.Event()
        phase_task = asyncio.create_task(
            drive(
                app.url,
                IMPORT_SESSIONS,
                MAX_IMPORT_SECONDS,
                pages=PAGES,
                cookies=_cookies(key),
                until=lambda: done,
                ready=ready,
                meter=CpuMeter({"app": [app.process.pid]}, ("app",)),
            )
        )
        await ready.wait()
        started = time.perf_counter()
        await import_until_done()
        seconds = time.perf_counter() - started
        return await phase_task, seconds, status, attempts

    phase, seconds, status, attempts = asyncio.run(run())
    log.close()
    prefix = f"load_sqlite_import_n{IMPORT_SESSIONS}"
    _phase(f"app n={IMPORT_SESSIONS} during an import", prefix, phase, figures)
    ok = [r.seconds for r in phase.timed if r.ok]
    figures[f"{prefix}_max_s"] = round(max(ok), 3) if ok else -1.0
    figures["load_sqlite_import_rows"] = rows
    figures["load_sqlite_import_seconds"] = round(seconds, 1)
    figures["load_sqlite_import_exit_status"] = status
    figures["load_sqlite_import_attempts"] = attempts
    if status != 0:
        print(f"# import failed:\n{(work / 'import.log').read_text()[-2000:]}", file=sys.stderr)


# --- PostgreSQL: two replicas behind nginx ------------------------------------------------------


def replicas_available() -> tuple[bool, str]:
    from tests.conftest import PG_BIN

    if not (PG_BIN / "initdb").exists():
        return False, "PostgreSQL 15 binaries are absent"
    if not nginx_available():
        return False, "nginx is absent"
    if shutil.which("openssl") is None:
        return False, "openssl is absent"
    return True, ""


def _replica_part(work: Path, figures: dict[str, float]) -> None:
    from tests.conftest import PostgresCluster

    cluster = PostgresCluster()
    cluster.start()
    try:
        url = cluster.new_database()
        key, cookie_secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        pg_dir = work / "pg"
        pg_dir.mkdir()
        started = time.perf_counter()
        load_data.prepare_database(url, {"DATABASE_URL": url, "ADVISORY_DATA_DIR": str(pg_dir)})
        print(f"# postgres data in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        ports = (free_port(), free_port())
        proxy = start_proxy(ports)
        a, b = start_replicas(url, pg_dir, ports=ports, key=key, cookie_secret=cookie_secret)
        for replica in (a, b):
            _first_visit(replica.url, key)
        groups = {
            "replica a": [a.process.pid],
            "replica b": [b.process.pid],
            "postgres": [_postmaster_pid(cluster.dir)],
            "nginx": [proxy.process.pid],
        }
        try:
            counts = _session_counts()
            for n in counts:
                phase = asyncio.run(
                    drive(
                        proxy.url,
                        n,
                        _seconds(),
                        pages=PAGES,
                        cookies=_cookies(key),
                        meter=CpuMeter(groups, ("replica a", "replica b", "postgres", "nginx")),
                    )
                )
                _phase(f"two replicas n={n}", f"load_replicas_app_n{n}", phase, figures)
            for n in [c for c in counts if c >= 20]:
                phase = asyncio.run(
                    drive(
                        proxy.url,
                        n,
                        _seconds(),
                        pages=PAGES,
                        cookies=_cookies(key),
                        route={"advisory_replica": "a"},
                        meter=CpuMeter(groups, ("replica a", "postgres", "nginx")),
                    )
                )
                _phase(f"one replica n={n}", f"load_one_replica_app_n{n}", phase, figures)
                two = figures[f"load_replicas_app_n{n}_runs_per_s"]
                one = figures[f"load_one_replica_app_n{n}_runs_per_s"]
                if one:
                    figures[f"load_replicas_scaling_n{n}"] = round(two / one, 2)
        finally:
            proxy.stop()
            a.stop()
            b.stop()
        _server_errors(a, figures, "load_replicas_server_tracebacks")
        figures["load_replicas_server_tracebacks"] += _count_tracebacks(b)
    finally:
        cluster.stop()


def _postmaster_pid(cluster_dir: Path) -> int:
    return int((cluster_dir / "data" / "postmaster.pid").read_text().split()[0])


def _count_tracebacks(server: Server) -> int:
    return server.log.read_text(errors="replace").count("Traceback (most recent call last)")


def _server_errors(server: Server, figures: dict[str, float], name: str) -> None:
    figures[name] = _count_tracebacks(server)


def run() -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="advisory-load-bench-"))
    figures: dict[str, float] = {"load_seconds_per_phase": _seconds(), "load_pause_s": _pause()}
    try:
        if os.environ.get("LOAD_SQLITE", "1") != "0":
            _sqlite_part(work, figures)
        available, reason = replicas_available()
        if os.environ.get("LOAD_REPLICAS", "1") == "0":
            print("# replicas skipped (LOAD_REPLICAS=0)", file=sys.stderr)
        elif not available:
            print(f"# replicas skipped: {reason} (make system-deps)", file=sys.stderr)
        else:
            _replica_part(work, figures)
        return figures
    finally:
        if os.environ.get("LOAD_KEEP"):
            print(f"# kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    from bench.import_bench import write_results

    figures = run()
    for name, value in figures.items():
        print(f"{name}: {value}")
    write_results(figures)


if __name__ == "__main__":
    main()

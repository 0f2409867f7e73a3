"""Calibration of the impact verdicts on simulated series with a known truth (issue 9, the bar).

Run with ``python -m bench calibration`` (also part of ``make bench``). Seeded, BLAS on one
thread; ``CALIBRATION_WORKERS=2`` spreads the scenarios over two processes when the machine is
otherwise idle. Prints one row per scenario and the figures ``make bench`` records.

Every series has a trend (+5% a year), a seasonal swing of +/-20% at a random phase, and noise:

* ``poisson``: Poisson counts only;
* ``od``: extra variation between periods, log-normal with sd 0.2 (over-dispersion);
* ``od-ar0.3``/``od-ar0.6``: the same extra variation, running in AR(1) runs of busy and quiet
  periods with lag-1 correlation 0.3 or 0.6.

True effects: ``none``; ``x1.5`` from the start date; ``ramp``, reaching x1.5 in steps over 12
weeks (84 days, 3 months). Messy situations: gender recorded for more visits from the start
(not-recorded share 30% -> 5%); another adaptation x1.5 eight (or four) weeks earlier; a
women-only weekday where women only moved days, or only new women came; a comparison site
sharing the busy and quiet weeks.

Per scenario, over the runs that show a number with a likely range:

* ``bias``: exp(mean log(estimate / truth)) - 1 of the shown estimate;
* ``coverage``: share of runs whose shown likely range(s) contain the truth (the after-period
  ratio the model estimates: for the ramp, the average over the after period);

and over all runs:

* ``false``: share claiming a change that is not there ("went up"/"went down" with no true
  change, or the wrong direction), or for the weekday split the wrong mechanism;
* ``power``: share claiming the true change (or mechanism);
* ``can't tell``: share saying "we can't tell yet" (right where the data can't answer).

Targets (every scenario): false claims at most 5%; coverage at least 90% wherever a number is
shown; power at least 0.8 for x1.5 at 6 women a week with a 2-year baseline (AR 0).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from advisory.analysis import (
    DataState,
    ITSResult,
    Verdict,
    WeekdayConclusion,
    interrupted_time_series,
    weekday_effect,
)
from advisory.analysis.fitting import single_threaded_blas
from advisory.analysis.simulate import simulate_counts, simulate_means, simulate_recording

SEED = 20_261_209
REPLICATIONS = 200
TARGET_FALSE = 0.05
TARGET_COVERAGE = 0.90
TARGET_POWER = 0.80
START = {"W": "2021-01-04", "D": "2021-01-04", "M": "2021-01-01"}  # a Monday; a month start
PER_WEEK = {"W": 1.0, "D": 1.0 / 7.0, "M": 365.25 / 12 / 7}
RAMP = {"W": 12, "D": 84, "M": 3}
NOISE = {"poisson": (0.0, 0.0), "od": (0.2, 0.0), "od-ar0.3": (0.2, 0.3), "od-ar0.6": (0.2, 0.6)}
WEEKDAY_PROFILE = (1.0, 1.0, 1.0, 1.0, 1.2, 0.7, 0.0)  # closed on Sundays
TUESDAY = 1


@dataclass(frozen=True)
class Scenario:
    """One cell of the grid."""

    group: str
    freq: str = "W"
    before: int = 104
    after: int = 104
    rate: float = 6.0  # women's visits a week
    noise: str = "od"
    effect: str = "none"  # none, x1.5, ramp
    extra: str = ""  # "", recording, other8, other4, moved, new, comparison
    power_target: bool = False

    @property
    def name(self) -> str:
        unit = {"W": "wk", "D": "d", "M": "mo"}[self.freq]
        extra = f" {self.extra}" if self.extra else ""
        return (
            f"{self.group}: {self.rate:g}/wk {self.before}+{self.after}{unit} {self.noise} "
            f"{self.effect}{extra}"
        )

    @property
    def true_change(self) -> bool:
        return self.effect != "none"


def grid() -> list[Scenario]:
    """The scenario grid of issue 9."""
    out = []
    for effect in ("none", "x1.5", "ramp"):
        for rate in (2, 6, 12):
            for noise in NOISE:
                target = effect == "x1.5" and rate == 6 and noise in ("poisson", "od")
                out.append(
                    Scenario("core", rate=rate, noise=noise, effect=effect, power_target=target)
                )
    for noise in ("od", "od-ar0.6"):
        for effect in ("none", "x1.5"):
            out.append(Scenario("8-week baseline", before=8, after=8, noise=noise, effect=effect))
            out.append(Scenario("8-week baseline", before=8, after=26, noise=noise, effect=effect))
        for effect in ("none", "x1.5", "ramp"):
            out.append(Scenario("364-day baseline", "D", 364, 364, noise=noise, effect=effect))
            out.append(Scenario("24-month baseline", "M", 24, 24, noise=noise, effect=effect))
    for rate in (6, 12):
        for effect in ("none", "x1.5"):
            out.append(Scenario("recording", rate=rate, effect=effect, extra="recording"))
    for noise in ("od", "od-ar0.6"):
        for effect in ("none", "x1.5"):
            out.append(Scenario("other adaptation", noise=noise, effect=effect, extra="other8"))
    out.append(Scenario("other adaptation", effect="none", extra="other4"))
    for rate in (6, 12):
        for extra in ("moved", "new"):
            out.append(
                Scenario("weekday", "D", 364, 364, rate=rate, effect="x2 on Tuesdays", extra=extra)
            )
    for effect in ("none", "x1.5"):
        out.append(Scenario("comparison", noise="od-ar0.6", effect=effect, extra="comparison"))
    return out


@dataclass(frozen=True)
class Run:
    """One replication: what was shown and claimed."""

    shown: bool
    covered: bool
    log_error: float
    claim: str  # up, down, none, cant, or a weekday conclusion
    false_claim: bool
    true_claim: bool


@dataclass(frozen=True)
class Row:
    scenario: Scenario
    shown: float
    bias: float
    coverage: float
    false: float
    power: float | None
    cant_tell: float

    @property
    def failures(self) -> list[str]:
        out = []
        if self.false > TARGET_FALSE:
            out.append("false claims")
        if self.shown > 0 and not math.isnan(self.coverage) and self.coverage < TARGET_COVERAGE:
            out.append("coverage")
        if self.scenario.power_target and (self.power or 0.0) < TARGET_POWER:
            out.append("power")
        return out


def _rng_seed(scenario: Scenario, replication: int) -> int:
    key = zlib.crc32(scenario.name.encode())
    return int(np.random.SeedSequence([SEED, key, replication]).generate_state(1)[0])


def _ratio(scenario: Scenario) -> float:
    return 1.0 if scenario.effect == "none" else 1.5


def _series(scenario: Scenario, seed: int, **overrides: object) -> tuple[pd.Series, float]:
    """Counts for one replication and the true after-period ratio of this adaptation."""
    rng = np.random.default_rng(seed)
    freq = scenario.freq
    start = pd.Timestamp(START[freq])
    n = scenario.before + scenario.after
    index = pd.date_range(start, periods=n, freq={"W": "W-MON", "D": "D", "M": "MS"}[freq])
    sd, phi = NOISE[scenario.noise]
    kw: dict[str, Any] = {
        "base_rate": scenario.rate * PER_WEEK[freq],
        "trend_per_year": 0.05,
        "seasonal_amplitude": 0.2,
        "seasonal_phase": float(rng.uniform(0, 2 * np.pi)),
        "rate_ratio": _ratio(scenario),
        "intervention": index[scenario.before],
        "ramp_periods": RAMP[freq] if scenario.effect == "ramp" else 0,
    }
    if freq == "D":
        kw["weekday_profile"] = WEEKDAY_PROFILE
    kw.update(overrides)
    mean, cf = simulate_means(start, n, freq, **{k: v for k, v in kw.items() if k in _MEAN_KEYS})
    after = np.arange(n) >= scenario.before
    truth = float(mean[after].sum() / cf[after].sum())
    y = simulate_counts(
        start, n, freq, **kw, extra_sd=sd, autocorrelation=phi, seed=int(rng.integers(2**31))
    )
    return y, truth


_MEAN_KEYS = {
    "base_rate",
    "trend_per_year",
    "seasonal_amplitude",
    "seasonal_phase",
    "rate_ratio",
    "intervention",
    "weekday_profile",
    "adapted_weekdays",
    "displacement",
    "ramp_periods",
    "other_changes",
}


def _verdict_run(scenario: Scenario, result: ITSResult, truth: float) -> Run:
    ranges = result.likely_ranges
    shown = bool(ranges)
    covered = any(r.ci[0] <= truth <= r.ci[1] for r in ranges)
    log_error = math.log(result.after_ratio) - math.log(truth) if shown else math.nan
    verdict = result.verdict
    claim = {Verdict.UP: "up", Verdict.DOWN: "down", Verdict.NONE: "none"}.get(verdict, "cant")
    if truth > 1.0:
        false_claim, true_claim = verdict == Verdict.DOWN, verdict == Verdict.UP
    else:
        false_claim, true_claim = verdict.claims_change, False
    return Run(shown, covered, log_error, claim, false_claim, true_claim)


def replicate(scenario: Scenario, replication: int) -> Run:
    """Simulate one series of the scenario and analyse it as the dashboard does."""
    seed = _rng_seed(scenario, replication)
    label = "women's visits"
    if scenario.extra == "recording":
        women, truth = _series(scenario, seed)
        others, _ = _series(scenario, seed + 1, rate_ratio=1.0, base_rate=4 * scenario.rate)
        rec = simulate_recording(
            women,
            others,
            share_before=0.30,
            share_after=0.05,
            intervention=women.index[scenario.before],
            seed=seed + 2,
        )
        result = interrupted_time_series(
            rec["women"],
            women.index[scenario.before],
            label=label,
            not_recorded=rec["not_recorded"],
            all_visits=rec["all_visits"],
        )
        return _verdict_run(scenario, result, truth)
    if scenario.extra in ("other8", "other4"):
        weeks = 8 if scenario.extra == "other8" else 4
        first = pd.Timestamp(START["W"]) + pd.Timedelta(weeks=scenario.before - weeks)
        y, truth = _series(scenario, seed, other_changes=[(first, 1.5)])
        result = interrupted_time_series(
            y,
            y.index[scenario.before],
            label=label,
            other_starts=[first],
            other_names=["the earlier change"],
        )
        return _verdict_run(scenario, result, truth)
    if scenario.extra in ("moved", "new"):
        return _weekday_run(scenario, seed)
    if scenario.extra == "comparison":
        shocks = np.random.default_rng(seed + 3).standard_normal(scenario.before + scenario.after)
        y, truth = _series(scenario, seed, shocks=shocks)
        comp, _ = _series(scenario, seed + 1, shocks=shocks, rate_ratio=1.0)
        result = interrupted_time_series(
            y, y.index[scenario.before], label=label, comparison=comp.set_axis(y.index)
        )
        return _verdict_run(scenario, result, truth)
    y, truth = _series(scenario, seed)
    result = interrupted_time_series(y, y.index[scenario.before], label=label)
    return _verdict_run(scenario, result, truth)


def _weekday_run(scenario: Scenario, seed: int) -> Run:
    displacement = 1.0 if scenario.extra == "moved" else 0.0
    y, truth = _series(
        scenario, seed, rate_ratio=2.0, adapted_weekdays=[TUESDAY], displacement=displacement
    )
    result = weekday_effect(y, y.index[scenario.before], [TUESDAY], label="women's visits")
    shown = result.state != DataState.TOO_EARLY
    covered = result.net_ci[0] <= truth <= result.net_ci[1]
    log_error = math.log(result.net_change) - math.log(truth)
    right = WeekdayConclusion.MOVED_DAYS if displacement else WeekdayConclusion.NEW_VISITS
    wrong = WeekdayConclusion.NEW_VISITS if displacement else WeekdayConclusion.MOVED_DAYS
    conclusion = result.conclusion
    return Run(
        shown, covered, log_error, conclusion.value, conclusion == wrong, conclusion == right
    )


def summarise(scenario: Scenario, runs: Sequence[Run]) -> Row:
    shown = [r for r in runs if r.shown]
    errors = [r.log_error for r in shown if math.isfinite(r.log_error)]
    power = None
    if scenario.true_change:
        power = float(np.mean([r.true_claim for r in runs]))
    cant = [r.claim in ("cant", WeekdayConclusion.CANT_TELL.value) for r in runs]
    return Row(
        scenario=scenario,
        shown=len(shown) / len(runs),
        bias=math.exp(float(np.mean(errors))) - 1.0 if errors else math.nan,
        coverage=float(np.mean([r.covered for r in shown])) if shown else math.nan,
        false=float(np.mean([r.false_claim for r in runs])),
        power=power,
        cant_tell=float(np.mean(cant)),
    )


def run_scenario(scenario: Scenario, replications: int = REPLICATIONS) -> Row:
    with single_threaded_blas():
        runs = [replicate(scenario, i) for i in range(replications)]
    return summarise(scenario, runs)


def _run_one(args: tuple[Scenario, int]) -> Row:
    return run_scenario(*args)


def run_grid(
    scenarios: Iterable[Scenario], replications: int = REPLICATIONS, workers: int = 1
) -> list[Row]:
    jobs = [(s, replications) for s in scenarios]
    if workers <= 1:
        return [_run_one(job) for job in jobs]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return pool.map(_run_one, jobs, chunksize=1)


def _percent(x: float | None) -> str:
    return "   -  " if x is None or math.isnan(x) else f"{100 * x:5.1f}%"


def table(rows: Sequence[Row]) -> str:
    head = (
        f"{'scenario':58s} {'shown':>6s} {'bias':>7s} {'cover':>6s} {'false':>6s} "
        f"{'power':>6s} {'cant':>6s}  check"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        bias = "   -   " if math.isnan(r.bias) else f"{100 * r.bias:+6.1f}%"
        flags = ", ".join(r.failures) or "ok"
        lines.append(
            f"{r.scenario.name:58s} {_percent(r.shown)} {bias} {_percent(r.coverage)} "
            f"{_percent(r.false)} {_percent(r.power)} {_percent(r.cant_tell)}  {flags}"
        )
    return "\n".join(lines)


def run() -> dict[str, float]:
    """The full grid: prints the table, returns the figures for bench/results.json."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    workers = int(os.environ.get("CALIBRATION_WORKERS", "1"))
    started = time.perf_counter()
    rows = run_grid(grid(), REPLICATIONS, workers)
    elapsed = time.perf_counter() - started
    print(table(rows))
    failing = [r for r in rows if r.failures]
    target = [r.power for r in rows if r.scenario.power_target and r.power is not None]
    shown = [r.coverage for r in rows if r.shown > 0 and not math.isnan(r.coverage)]
    print(
        f"# {len(rows)} scenarios x {REPLICATIONS} replications in {elapsed:.0f} s "
        f"({workers} worker{'s' if workers > 1 else ''}); targets missed in {len(failing)}",
        file=sys.stderr,
    )
    return {
        "calibration_scenarios": float(len(rows)),
        "calibration_targets_missed": float(len(failing)),
        "calibration_max_false_claims": max(r.false for r in rows),
        "calibration_min_coverage": min(shown),
        "calibration_min_power_6_per_week_2y": min(target),
        "calibration_s": elapsed,
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value:.4g}")

"""Benchmark: the full set of analyses for one adaptation on 6 years of daily data for one site.

Run with ``python -m bench.its_bench``. ``run()`` returns the median wall time of several warm
runs (the first call in a fresh process also pays one-off import and BLAS start-up costs; that
cold time is printed separately by ``main``).
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import Any

import numpy as np
import pandas as pd

from advisory.analysis import before_after, interrupted_time_series, simulate_counts, weekday_effect

START = "2019-01-07"  # a Monday, so 313 whole weeks ending on Sundays
DAYS = 313 * 7
INTERVENTION = "2022-01-04"  # the first women-only Tuesday
WEEKDAY_PROFILE = [1.0, 1.0, 1.0, 1.0, 1.2, 0.6, 0.0]  # closed on Sundays
REPEATS = 5


def make_site_data(seed: int = 1) -> pd.DataFrame:
    """Daily women / men / not-recorded visits and open days for two sites (not timed)."""
    common: dict[str, Any] = {
        "trend_per_year": 0.03,
        "seasonal_amplitude": 0.15,
        "intervention": INTERVENTION,
    }
    common |= {"weekday_profile": WEEKDAY_PROFILE, "adapted_weekdays": [1]}

    def sim(base: float, rr: float, disp: float, od: float, s: int) -> pd.Series:
        return simulate_counts(
            START,
            DAYS,
            "D",
            base_rate=base,
            rate_ratio=rr,
            displacement=disp,
            overdispersion=od,
            seed=seed * 100 + s,
            **common,
        )

    frame = pd.DataFrame(
        {
            "women": sim(2.0, 1.8, 0.2, 0.1, 1),
            "men": sim(9.0, 0.0, 0.5, 0.1, 2),  # men are turned away on the women-only day
            "not_recorded": sim(0.4, 1.0, 0.0, 0.0, 3),
            "women_site_b": sim(2.5, 1.0, 0.0, 0.1, 4),
        }
    )
    # Bank-holiday style closures: no visits and no opening on a few days a year.
    rng = np.random.default_rng(seed)
    closed = rng.choice(DAYS, size=6 * 8, replace=False)
    frame["open"] = (frame.index.day_of_week != 6).astype(int)
    frame.iloc[closed, frame.columns.get_indexer(["women", "men", "not_recorded", "open"])] = 0
    return frame


def analyse_adaptation(daily: pd.DataFrame) -> dict[str, object]:
    """Every analysis the dashboard shows for one adaptation at one site."""
    weekly = daily.resample("W-SUN").sum()
    open_days = weekly["open"].clip(lower=1)  # a fully closed week would be left out in the app
    women = weekly["women"]
    out: dict[str, object] = {
        "primary": interrupted_time_series(
            women,
            INTERVENTION,
            exposure=open_days,
            label="women's visits",
            intervention_name="the women-only Tuesday",
        ),
        "weekday": weekday_effect(daily["women"], INTERVENTION, [1], label="women's visits"),
        "controlled": interrupted_time_series(
            women,
            INTERVENTION,
            exposure=open_days,
            comparison=weekly["women_site_b"],
            comparison_label="Site B",
            label="women's visits",
        ),
        "men": interrupted_time_series(
            weekly["men"], INTERVENTION, exposure=open_days, label="men's visits"
        ),
        "not_recorded": interrupted_time_series(
            weekly["not_recorded"], INTERVENTION, exposure=open_days, label="not-recorded visits"
        ),
        "before_after": before_after(women, INTERVENTION, window=12),
    }
    return out


def _time_once(daily: pd.DataFrame) -> float:
    start = time.perf_counter()
    analyse_adaptation(daily)
    return time.perf_counter() - start


def run() -> dict[str, float]:
    """Median seconds over warm repeats for the full analysis set (data generation not timed)."""
    daily = make_site_data()
    _time_once(daily)  # warm-up: lazy imports, BLAS threads
    times = [_time_once(daily) for _ in range(REPEATS)]
    return {"its_daily_6y_s": statistics.median(times)}


def main() -> None:
    daily = make_site_data()
    cold = _time_once(daily)
    result = run()
    print(f"its_daily_6y_s: {result['its_daily_6y_s']:.4f}")
    print(f"(first call in this process, incl. one-off warm-up: {cold:.4f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()

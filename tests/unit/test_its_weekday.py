"""The daily model tells new visits from women moving days."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from advisory.analysis import simulate_counts, weekday_effect

START = "2023-01-03"  # a Tuesday
PROFILE = [1.0, 1.0, 1.0, 1.0, 1.2, 0.7, 0.0]  # closed on Sundays


def daily(*, displacement: float, rate_ratio: float = 2.0, seed: int = 1) -> pd.Series:
    return simulate_counts(
        "2021-01-04",
        3 * 365,
        "D",
        base_rate=5,
        trend_per_year=0.05,
        seasonal_amplitude=0.15,
        rate_ratio=rate_ratio,
        intervention=START,
        overdispersion=0.03,
        seed=seed,
        weekday_profile=PROFILE,
        adapted_weekdays=[1],
        displacement=displacement,
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_a_rise_on_the_day_with_a_fall_elsewhere_reads_as_women_moving_days(seed):
    res = weekday_effect(daily(displacement=1.0, seed=seed), START, [1], label="women's visits")
    assert res.conclusion == "women moved days"
    assert res.on_day_ci[0] > 1 and res.other_days_ci[1] < 1
    assert "Women's visits on other days went down" in res.summary
    assert "looks like women moving days rather than new visits" in res.summary


@pytest.mark.parametrize("seed", [1, 2])
def test_a_rise_on_the_day_alone_reads_as_new_visits(seed):
    res = weekday_effect(daily(displacement=0.0, seed=seed), START, [1], label="women's visits")
    assert res.conclusion == "new visits"
    assert res.on_day_change == pytest.approx(2.0, rel=0.2)
    assert res.summary.startswith("Most of the rise was on Tuesdays (+")
    assert (
        "Women's visits on other days did not clearly change" in res.summary
        and "so this looks like new visits rather than women moving days." in res.summary
    )


def test_no_change_on_the_day_does_not_claim_a_rise():
    res = weekday_effect(daily(displacement=0.0, rate_ratio=1.0, seed=3), START, [1])
    assert res.conclusion in ("no clear change", "we can't tell yet")
    assert "rise" not in res.summary


def test_the_daily_model_matches_an_independent_statsmodels_fit_with_hac_errors():
    y = daily(displacement=0.5)
    res = weekday_effect(y, START, [1])
    open_days = y.index.day_of_week != 6
    yy, idx = y[open_days], y.index[open_days]
    t = np.flatnonzero(open_days).astype(float)
    post = (idx >= START).astype(float)
    tuesday = (idx.day_of_week == 1).astype(float)
    cols = {"const": 1.0, "time": t}
    for k in (1, 2):
        cols[f"sin{k}"] = np.sin(2 * np.pi * k * t / 365.25)
        cols[f"cos{k}"] = np.cos(2 * np.pi * k * t / 365.25)
    for d in range(1, 6):
        cols[f"dow{d}"] = (idx.day_of_week == d).astype(float)
    cols["post:on_day"] = post * tuesday
    cols["post:other_days"] = post * (1 - tuesday)
    X = pd.DataFrame(cols, index=idx)
    ref = sm.GLM(yy.to_numpy(), X, family=sm.families.Poisson()).fit(
        cov_type="HAC", cov_kwds={"maxlags": 21}
    )
    np.testing.assert_allclose(res.params[X.columns], ref.params, rtol=1e-6, atol=1e-8)
    ci = np.exp(ref.conf_int())
    np.testing.assert_allclose(res.on_day_ci, ci.loc["post:on_day"], rtol=1e-6)
    np.testing.assert_allclose(res.other_days_ci, ci.loc["post:other_days"], rtol=1e-6)


def test_too_few_weeks_after_the_change_means_we_cant_tell_yet():
    y = daily(displacement=0.0).loc[:"2023-02-10"]
    res = weekday_effect(y, START, [1])
    assert res.state == "too_early"
    assert res.conclusion == "we can't tell yet"
    assert "too early" in res.summary

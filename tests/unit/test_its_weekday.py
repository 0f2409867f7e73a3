"""The daily model tells new visits from women moving days."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from advisory.analysis import WeekdayConclusion, simulate_counts, weekday_effect

START = "2023-01-03"  # a Tuesday
PROFILE = [1.0, 1.0, 1.0, 1.0, 1.2, 0.7, 0.0]  # closed on Sundays


def daily(
    *, displacement: float, rate_ratio: float = 2.0, seed: int = 1, base_rate: float = 5
) -> pd.Series:
    return simulate_counts(
        "2021-01-04",
        3 * 365,
        "D",
        base_rate=base_rate,
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
def test_a_rise_on_the_day_with_a_fall_elsewhere_and_no_net_change_reads_as_moving_days(seed):
    res = weekday_effect(
        daily(displacement=1.0, seed=seed, base_rate=40), START, [1], label="women's visits"
    )
    assert res.conclusion == WeekdayConclusion.MOVED_DAYS == "women moved days"
    assert res.on_day_ci[0] > 1 and res.other_days_ci[1] < 1
    assert 0.9 <= res.net_ci[0] and res.net_ci[1] <= 1.1
    assert "On other days, women's visits went down" in res.summary
    assert "so this looks like women moving days rather than new visits." in res.summary


@pytest.mark.parametrize("seed", [1, 2])
def test_new_visits_rest_on_the_net_weekly_change_being_clearly_up(seed):
    res = weekday_effect(
        daily(displacement=0.0, seed=seed, base_rate=40), START, [1], label="women's visits"
    )
    assert res.conclusion == WeekdayConclusion.NEW_VISITS
    assert res.net_ci[0] > 1
    assert res.on_day_change == pytest.approx(2.0, rel=0.15)
    assert res.summary.startswith("Most of the rise was on Tuesdays (+")
    assert "Over the whole week, women's visits changed by +" in res.summary
    assert "so these look like new visits, not only women moving days." in res.summary


@pytest.mark.parametrize("seed", range(1, 9))
def test_women_only_moving_days_is_never_read_as_new_visits(seed):
    # The corrected rule (analysis.md, 2026-12): "other days did not clearly change" is not
    # evidence of new visits; with little data the answer is that we can't tell yet.
    res = weekday_effect(daily(displacement=1.0, seed=seed), START, [1], label="women's visits")
    assert res.conclusion != WeekdayConclusion.NEW_VISITS
    if res.conclusion == WeekdayConclusion.CANT_TELL:
        assert "we can't tell yet whether these are new visits or women moving days" in (
            res.summary
        )


def test_no_change_on_the_day_does_not_claim_a_rise():
    res = weekday_effect(daily(displacement=0.0, rate_ratio=1.0, seed=3), START, [1])
    assert res.conclusion in ("no clear change", "we can't tell yet")
    assert "rise" not in res.summary


def test_the_net_weekly_change_is_the_fitted_over_expected_total_with_a_delta_method_range():
    y = daily(displacement=0.5, base_rate=10)
    res = weekday_effect(y, START, [1])
    names = list(res.params.index)
    open_days = y.index.day_of_week != 6
    idx = y.index[open_days]
    after = idx >= START
    # Rebuild the design from the parameter names (same columns as the model).
    t = np.flatnonzero(open_days).astype(float)
    cols = {"const": np.ones(len(t)), "time": t}
    for k in (1, 2):
        cols[f"sin{k}"] = np.sin(2 * np.pi * k * t / 365.25)
        cols[f"cos{k}"] = np.cos(2 * np.pi * k * t / 365.25)
    for d in range(1, 6):
        cols[f"dow{d}"] = (idx.day_of_week == d).astype(float)
    tuesday = (idx.day_of_week == 1).astype(float)
    cols["post:on_day"] = after * tuesday
    cols["post:other_days"] = after * (1 - tuesday)
    X = np.column_stack([cols[n] for n in names])
    Xcf = X.copy()
    Xcf[:, names.index("post:on_day")] = 0
    Xcf[:, names.index("post:other_days")] = 0
    beta, V = res.params.to_numpy(), res.cov_params.to_numpy()
    fitted, expected = np.exp(X[after] @ beta).sum(), np.exp(Xcf[after] @ beta).sum()
    assert res.net_change == pytest.approx(fitted / expected, rel=1e-9)
    draws = np.random.default_rng(5).multivariate_normal(beta, V, 20_000)
    ratios = np.exp(draws @ X[after].T).sum(axis=1) / np.exp(draws @ Xcf[after].T).sum(axis=1)
    lo, hi = np.percentile(ratios, [2.5, 97.5])
    assert res.net_ci[0] == pytest.approx(lo, rel=0.02)
    assert res.net_ci[1] == pytest.approx(hi, rel=0.02)


def test_the_daily_model_matches_an_independent_statsmodels_fit_with_hac_errors():
    y = daily(displacement=0.5)
    res = weekday_effect(y, START, [1], variance="hac")
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

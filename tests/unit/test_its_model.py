"""The ITS estimates agree with statsmodels fits written out independently here."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from advisory.analysis import interrupted_time_series, simulate_counts

SICILY = Path(__file__).resolve().parents[1] / "data" / "sicily.csv"
BAN = "2005-01-01"
TOL = 1e-6


@pytest.fixture(scope="module")
def sicily() -> pd.DataFrame:
    d = pd.read_csv(SICILY)
    d.index = pd.to_datetime(d[["year", "month"]].assign(day=1))
    return d


def sicily_design(d: pd.DataFrame, harmonics: int, slope: str | None = None) -> pd.DataFrame:
    """Bernal 2017 model: time, smokban, harmonic(month, k, 12); time counted from 0."""
    t = np.arange(len(d), dtype=float)
    post = d["smokban"].to_numpy(dtype=float)
    cols: dict[str, np.ndarray | float] = {"const": 1.0, "time": t}
    for k in range(1, harmonics + 1):
        cols[f"sin{k}"] = np.sin(2 * np.pi * k * t / 12)
        cols[f"cos{k}"] = np.cos(2 * np.pi * k * t / 12)
    cols["post"] = post
    t0 = int(np.argmax(post))
    if slope == "centred":
        cols["slope"] = (t - t0) * post
    elif slope == "uncentred":
        cols["slope"] = t * post
    return pd.DataFrame(cols, index=d.index)


def reference(d: pd.DataFrame, harmonics: int, slope: str | None = None, **fit_kw):
    X = sicily_design(d, harmonics, slope)
    model = sm.GLM(
        d["aces"].to_numpy(), X, family=sm.families.Poisson(), offset=np.log(d["stdpop"])
    )
    return model.fit(**fit_kw)


def its(d: pd.DataFrame, **kw):
    return interrupted_time_series(d["aces"], BAN, exposure=d["stdpop"], **kw)


@pytest.mark.parametrize("harmonics", [0, 2])
def test_sicily_quasi_poisson_estimates_match_an_independent_statsmodels_fit(sicily, harmonics):
    ref = reference(sicily, harmonics, scale="X2")
    res = its(sicily, seasonality=harmonics, variance="quasi")
    assert res.seasonality == harmonics
    np.testing.assert_allclose(res.params[ref.params.index], ref.params, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(res.scale, ref.scale, rtol=TOL)
    names = list(ref.params.index)
    np.testing.assert_allclose(
        res.cov_params.loc[names, names], ref.cov_params(), rtol=TOL, atol=1e-12
    )
    ci = np.exp(ref.conf_int().loc["post"])
    np.testing.assert_allclose(res.level_change, np.exp(ref.params["post"]), rtol=TOL)
    np.testing.assert_allclose(res.level_change_ci, ci, rtol=TOL)


def test_sicily_level_change_with_harmonics_is_about_the_published_0_885(sicily):
    res = its(sicily)
    assert 0.885 <= res.level_change <= 0.89
    assert res.level_change_ci[1] < 1
    assert res.verdict == "went down"
    assert res.state == "estimate"
    assert res.n_before == 36 and res.n_after == 23 and res.frequency == "M"


def test_sicily_reproduces_the_published_estimate_to_3_decimals_under_every_variance(sicily):
    # Bernal, Cummins & Gasparrini (2017): RR 0.885 for the ban, seasons adjusted. Only the
    # interval depends on the variance option; the default ("auto") is never narrower.
    quasi = its(sicily, variance="quasi")
    for variance in ("auto", "quasi", "hac"):
        assert round(its(sicily, variance=variance).level_change, 3) == 0.885
    auto = its(sicily)
    assert auto.variance == "auto"
    assert auto.level_change_ci[0] <= quasi.level_change_ci[0]
    assert auto.level_change_ci[1] >= quasi.level_change_ci[1]
    assert auto.autocorrelation.factor >= 1.0


def test_hac_sensitivity_matches_statsmodels_newey_west(sicily):
    ref = reference(sicily, 2, cov_type="HAC", cov_kwds={"maxlags": 1})
    ci = tuple(np.exp(ref.conf_int().loc["post"]))
    np.testing.assert_allclose(its(sicily).sensitivity["hac"].level_change_ci, ci, rtol=TOL)
    main = its(sicily, variance="hac")
    np.testing.assert_allclose(main.level_change_ci, ci, rtol=TOL)
    assert set(main.sensitivity) == {"auto", "quasi", "negbin"}


def test_negative_binomial_fit_matches_statsmodels_at_the_reported_alpha(sicily):
    res = its(sicily, variance="negbin")
    X = sicily_design(sicily, 2)
    family = sm.families.NegativeBinomial(alpha=res.nb_alpha)
    ref = sm.GLM(sicily["aces"], X, family=family, offset=np.log(sicily["stdpop"])).fit()
    np.testing.assert_allclose(res.params[ref.params.index], ref.params, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(res.level_change_ci, np.exp(ref.conf_int().loc["post"]), rtol=1e-5)


def test_negative_binomial_alpha_recovers_a_known_overdispersion():
    y = simulate_counts(
        "2015-01-05",
        520,
        "W",
        base_rate=40,
        trend_per_year=0.02,
        seasonal_amplitude=0.2,
        rate_ratio=1.2,
        intervention="2020-01-06",
        overdispersion=0.1,
        seed=11,
    )
    res = interrupted_time_series(y, "2020-01-06")
    assert 0.06 < res.nb_alpha < 0.14


@pytest.mark.parametrize("harmonics", [0, 2])
def test_slope_change_is_centred_so_the_level_change_stays_at_the_start_date(sicily, harmonics):
    ref = reference(sicily, harmonics, "centred", scale="X2")
    res = its(sicily, seasonality=harmonics, slope_change=True, variance="quasi")
    np.testing.assert_allclose(res.params[ref.params.index], ref.params, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(res.level_change, np.exp(ref.params["post"]), rtol=TOL)
    np.testing.assert_allclose(res.slope_change, np.exp(ref.params["slope"]), rtol=TOL)
    np.testing.assert_allclose(res.slope_change_ci, np.exp(ref.conf_int().loc["slope"]), rtol=TOL)
    # The uncentred t*post puts its "level change" at time 0; moved to the start date (t0 = 36)
    # it equals ours, and it differs from ours by the slope over 36 months.
    wrong = reference(sicily, harmonics, "uncentred", scale="X2")
    at_t0 = np.exp(wrong.params["post"] + 36 * wrong.params["slope"])
    np.testing.assert_allclose(res.level_change, at_t0, rtol=TOL)
    assert np.exp(wrong.params["post"]) != pytest.approx(res.level_change, rel=1e-3)


def test_without_a_slope_the_after_period_ratio_is_the_level_change(sicily):
    res = its(sicily)
    assert res.after_ratio == pytest.approx(res.level_change, rel=1e-8)
    assert res.after_ratio_ci == pytest.approx(res.level_change_ci, rel=1e-6)
    # Poisson score equation for the step: fitted total after = observed total after.
    assert res.observed_after / res.expected_after == pytest.approx(res.level_change, rel=1e-6)


def test_expected_total_interval_agrees_with_simulating_the_parameters(sicily):
    res = its(sicily)
    post = sicily["smokban"].to_numpy() == 1
    X = sicily_design(sicily, 2)[res.params.index].to_numpy()[post]
    X[:, list(res.params.index).index("post")] = 0.0
    offset = np.log(sicily["stdpop"].to_numpy()[post])
    rng = np.random.default_rng(2017)
    draws = rng.multivariate_normal(res.params.to_numpy(), res.cov_params.to_numpy(), 20_000)
    totals = np.exp(draws @ X.T + offset).sum(axis=1)
    lo, hi = np.percentile(totals, [2.5, 97.5])
    assert res.expected_after_ci[0] == pytest.approx(lo, rel=0.01)
    assert res.expected_after_ci[1] == pytest.approx(hi, rel=0.01)
    assert res.difference_after == pytest.approx(res.observed_after - res.expected_after)


def test_frame_has_one_row_per_period_and_the_counterfactual_is_the_fit_before(sicily):
    res = its(sicily)
    f = res.frame
    expected_cols = {
        "observed",
        "fitted",
        "counterfactual",
        "counterfactual_lower",
        "counterfactual_upper",
        "post",
    }
    assert expected_cols <= set(f.columns)
    assert f.index.equals(sicily.index)
    assert (f["observed"].to_numpy() == sicily["aces"].to_numpy()).all()
    before = ~f["post"]
    np.testing.assert_allclose(f.loc[before, "counterfactual"], f.loc[before, "fitted"])
    assert (f["counterfactual_lower"] < f["counterfactual"]).all()
    assert (f["counterfactual"] < f["counterfactual_upper"]).all()
    assert f.loc[f["post"], "counterfactual"].sum() == pytest.approx(res.expected_after)
    assert int(f["post"].sum()) == res.n_after


def test_controlled_its_matches_a_stacked_statsmodels_fit(sicily):
    comparison = simulate_counts(
        "2002-01-01",
        len(sicily),
        "M",
        base_rate=600,
        trend_per_year=0.03,
        seasonal_amplitude=0.1,
        overdispersion=0.002,
        seed=5,
    )
    comparison.index = sicily.index
    comp_pop = pd.Series(np.linspace(3.0e5, 3.1e5, len(sicily)), index=sicily.index)
    res = its(sicily, comparison=comparison, comparison_exposure=comp_pop, variance="quasi")

    site_rows = sicily_design(sicily, 2)
    n = len(sicily)
    site = np.r_[np.ones(n), np.zeros(n)]
    t = np.r_[site_rows["time"], site_rows["time"]]
    post = np.r_[site_rows["post"], site_rows["post"]]
    X = pd.DataFrame(
        {
            "const": 1.0,
            "site": site,
            "time": t,
            "site:time": site * t,
            **{c: np.r_[site_rows[c], site_rows[c]] for c in ["sin1", "cos1", "sin2", "cos2"]},
            "post": post,
            "site:post": site * post,
        }
    )
    y = np.r_[sicily["aces"], comparison]
    offset = np.log(np.r_[sicily["stdpop"], comp_pop])
    ref = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(scale="X2")

    np.testing.assert_allclose(res.params[ref.params.index], ref.params, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(res.level_change, np.exp(ref.params["site:post"]), rtol=TOL)
    np.testing.assert_allclose(
        res.level_change_ci, np.exp(ref.conf_int().loc["site:post"]), rtol=TOL
    )
    np.testing.assert_allclose(res.comparison_change, np.exp(ref.params["post"]), rtol=TOL)
    np.testing.assert_allclose(
        res.comparison_change_ci, np.exp(ref.conf_int().loc["post"]), rtol=TOL
    )
    assert res.controlled
    assert {"comparison_observed", "comparison_fitted"} <= set(res.frame.columns)
    assert "hac" in res.sensitivity and "negbin" in res.sensitivity


def test_underdispersed_counts_never_get_narrower_intervals_than_plain_poisson():
    index = pd.date_range("2023-01-02", periods=40, freq="W-MON")
    y = pd.Series(np.where(np.arange(40) % 2 == 0, 20, 21), index=index)
    res = interrupted_time_series(y, index[20], seasonality=0, variance="quasi")
    t = np.arange(40.0)
    X = np.column_stack([np.ones(40), t, (t >= 20).astype(float)])
    ref = sm.GLM(y.to_numpy(), X, family=sm.families.Poisson()).fit()
    assert res.scale == 1.0
    np.testing.assert_allclose(res.level_change_ci, np.exp(ref.conf_int()[2]), rtol=TOL)
    auto = interrupted_time_series(y, index[20], seasonality=0)
    ref_lo, ref_hi = np.exp(ref.conf_int()[2])
    assert auto.level_change_ci[0] < ref_lo and auto.level_change_ci[1] > ref_hi


def test_daily_series_get_weekday_terms_and_closed_weekdays_are_left_out():
    y = simulate_counts(
        "2022-01-03",
        2 * 365,
        "D",
        base_rate=4,
        weekday_profile=[1, 1, 1, 1, 2, 1, 0],
        rate_ratio=1.3,
        intervention="2023-01-03",
        seed=3,
    )
    res = interrupted_time_series(y, "2023-01-03")
    assert res.frequency == "D"
    dow_terms = [n for n in res.params.index if n.startswith("dow")]
    assert dow_terms == ["dow1", "dow2", "dow3", "dow4", "dow5"]  # Monday baseline, no Sunday
    sundays = res.frame.index.day_of_week == 6
    assert (res.frame.loc[sundays, "fitted"] == 0).all()
    assert (res.frame.loc[~sundays, "fitted"] > 0).all()
    assert res.seasonality == 2
    assert 1.1 < res.level_change < 1.5


def test_seasonality_is_dropped_with_a_warning_when_there_is_less_than_a_year_before():
    y = simulate_counts("2024-01-01", 60, "W", base_rate=20, seed=1)
    res = interrupted_time_series(y, y.index[30])
    assert res.seasonality == 0
    assert any("less than a year" in w for w in res.warnings)
    assert "sin1" not in res.params.index
    quiet = interrupted_time_series(y, y.index[30], seasonality=0)
    assert not any("less than a year" in w for w in quiet.warnings)


def test_fitting_raises_no_python_warnings(sicily):
    weekly = simulate_counts(
        "2020-01-06",
        160,
        "W",
        base_rate=12,
        seasonal_amplitude=0.2,
        rate_ratio=1.3,
        intervention="2022-01-03",
        overdispersion=0.05,
        seed=2,
    )
    comparison = simulate_counts("2020-01-06", 160, "W", base_rate=10, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        its(sicily, slope_change=True)
        interrupted_time_series(weekly, "2022-01-03", comparison=comparison)
        interrupted_time_series(weekly, "2022-01-03", variance="negbin")

"""Residual autocorrelation widens the likely ranges, and is said in words (issue 9, item 3)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import linalg

from advisory.analysis import autocorrelation as ac
from advisory.analysis import interrupted_time_series, simulate_counts

START = "2023-01-02"


def arma_correlation(phi: float, theta: float, n: int) -> np.ndarray:
    rho1 = (1 + phi * theta) * (phi + theta) / (1 + 2 * phi * theta + theta**2)
    acf = np.r_[1.0, rho1 * phi ** np.arange(n - 1)]
    return linalg.toeplitz(acf)


@pytest.mark.parametrize(("phi", "theta"), [(0.0, 0.0), (0.6, 0.0), (0.6, -0.3), (-0.4, 0.5)])
def test_the_long_run_factor_is_the_sum_of_all_autocorrelations(phi, theta):
    R = arma_correlation(phi, theta, 3000)
    assert ac.lrv_factor(phi, theta) == pytest.approx(R[0].sum() * 2 - 1, rel=1e-6)
    if theta == 0:
        assert ac.lrv_factor(phi, 0.0) == pytest.approx((1 + phi) / (1 - phi))


@pytest.mark.parametrize(("phi", "theta"), [(0.7, -0.4), (0.3, 0.2), (-0.5, 0.1)])
def test_the_innovations_whitening_is_exact(phi, theta):
    n = 40
    # Covariance for unit innovation variance: the process variance is r0 (B&D 5.2).
    r0 = (1 + 2 * phi * theta + theta**2) / (1 - phi**2)
    cov = arma_correlation(phi, theta, n) * r0
    W, logdet = ac._whiten(np.eye(n), phi, theta)
    np.testing.assert_allclose(W @ cov @ W.T, np.eye(n), atol=1e-9)
    assert logdet == pytest.approx(np.linalg.slogdet(cov)[1], rel=1e-9)


def runs(seed: int, *, phi: float = 0.6, rate: float = 60, comparison_shocks=None):
    return simulate_counts(
        "2021-01-04",
        208,
        "W",
        base_rate=rate,
        extra_sd=0.2,
        autocorrelation=phi,
        seed=seed,
        shocks=comparison_shocks,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clear_runs_widen_the_ranges_and_are_said_in_words(seed):
    y = runs(seed)
    res = interrupted_time_series(y, START, label="women's visits")
    quasi = res.sensitivity["quasi"].level_change_ci
    assert res.autocorrelation.runs_found
    assert res.autocorrelation.factor > 1.5
    assert res.level_change_ci[0] < quasi[0] and res.level_change_ci[1] > quasi[1]
    assert any(w.startswith("Busy and quiet weeks come in runs here") for w in res.warnings)


def test_independent_counts_keep_the_standing_allowance_only():
    y = simulate_counts("2015-01-05", 520, "W", base_rate=30, seed=8)
    res = interrupted_time_series(y, "2020-01-06")
    assert res.autocorrelation.factor >= ac.MIN_FACTOR
    assert res.autocorrelation.factor < 1.6
    assert not any("come in runs" in w for w in res.warnings)


def test_a_comparison_site_sharing_the_busy_weeks_absorbs_them():
    shocks = np.random.default_rng(11).standard_normal(208)
    y = runs(12, comparison_shocks=shocks)
    comparison = runs(13, comparison_shocks=shocks)
    alone = interrupted_time_series(y, START)
    controlled = interrupted_time_series(y, START, comparison=comparison)
    assert alone.autocorrelation.factor > 2
    assert controlled.autocorrelation.factor < alone.autocorrelation.factor
    assert not any("Comparing with another site" in w for w in controlled.warnings)


def test_too_few_residuals_keep_the_standing_allowance():
    rng = np.random.default_rng(2)
    n = ac.MIN_RESIDUALS + 2  # intercept, trend and step leave one residual too few
    X = np.column_stack([np.ones(n), np.arange(n, dtype=float), np.arange(n) >= n // 2])
    z = rng.normal(size=n)
    few = ac.estimate(X, z, z)
    assert (few.factor, few.lr) == (ac.MIN_FACTOR, 0.0)
    X1 = np.column_stack([np.ones(n + 1), np.arange(n + 1.0), np.arange(n + 1) >= n // 2])
    z1 = rng.normal(size=n + 1)
    fitted = ac.estimate(X1, z1, z1)
    # One more residual and the grid is used: its best point is never (0, 0), the early answer.
    assert (fitted.phi, fitted.theta) != (0.0, 0.0)
    assert fitted.phi in ac._AXIS


def test_the_grid_criteria_side_by_side_equal_one_point_at_a_time():
    rng = np.random.default_rng(5)
    X = np.column_stack([np.ones(60), np.arange(60.0), rng.normal(size=60)])
    M = np.column_stack([X, rng.normal(size=60)])
    grid = ac._grid_criteria(M, 3)
    for i, j in [(0, 0), (3, 11), (7, 7), (13, 2), (13, 13)]:
        point = np.array([ac._AXIS[i], ac._AXIS[j]])
        assert grid[i, j] == pytest.approx(ac._reml_criterion(M, 3, point), rel=1e-9, abs=1e-9)

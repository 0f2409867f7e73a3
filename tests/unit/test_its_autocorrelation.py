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


def _design(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), np.arange(n, dtype=float), rng.normal(size=n)])
    return np.column_stack([X, rng.normal(size=n)])


@pytest.mark.parametrize("n", [13, 60, 400])
def test_the_grid_criteria_side_by_side_equal_one_point_at_a_time(n):
    M = _design(n, 5)
    grid = ac._grid_criteria(M, 3)
    for i in range(ac.GRID):
        for j in range(ac.GRID):
            point = np.array([ac._AXIS[i], ac._AXIS[j]])
            expected = ac._reml_criterion(M, 3, point)
            assert grid[i, j] == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_the_grid_criteria_are_the_same_in_blocks_of_any_size(monkeypatch):
    M = _design(200, 6)
    whole = ac._grid_criteria(M, 3)
    monkeypatch.setattr(ac, "BLOCK_DOUBLES", 200 * 4 * 25)  # blocks of 25 points
    np.testing.assert_allclose(ac._grid_criteria(M, 3), whole, rtol=1e-12)


def test_a_column_the_others_already_give_changes_nothing():
    M = _design(150, 7)
    X, z = M[:, :3], M[:, 3]
    full = ac.estimate(X, z, z)
    # A comparison step that is all ones, and a scaled copy of the trend.
    padded = np.column_stack([X, np.ones(150), 3.0 * X[:, 1]])
    same = ac.estimate(padded, z, z)
    assert same.factor == pytest.approx(full.factor, rel=1e-9)
    assert same.lr == pytest.approx(full.lr, rel=1e-9, abs=1e-9)


def test_a_long_series_with_strong_runs_gets_the_finer_grid():
    rng = np.random.default_rng(3)
    n = 730
    e = np.zeros(n + 200)
    shocks = rng.normal(size=n + 200)
    for t in range(1, n + 200):
        e[t] = 0.8 * e[t - 1] + shocks[t]
    X = np.column_stack([np.ones(n), np.arange(n, dtype=float)])
    z = e[200:]
    res = ac.estimate(X, z, z - X @ np.linalg.lstsq(X, z, rcond=None)[0])
    assert res.phi not in ac._AXIS  # the best point came from the finer grid
    assert res.runs_found
    assert res.factor > 4

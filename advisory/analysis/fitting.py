"""Fitting the Poisson GLM under each variance option, and what follows from a fit.

Variance options ("auto" is the default of every analysis):

* ``auto``: quasi-Poisson, widened for residual autocorrelation by the long-run variance
  factor of an ARMA(1,1) fitted to the residuals, with a t quantile for the uncertainty in
  both (:mod:`advisory.analysis.autocorrelation`);
* ``quasi``: quasi-Poisson (Pearson chi2 / residual df, floored at 1), normal quantiles;
* ``hac``: Newey-West (Driscoll-Kraay for stacked series), normal quantiles;
* ``negbin``: negative binomial at a moment estimate of alpha, normal quantiles.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import statsmodels.api as sm
from statsmodels.genmod.generalized_linear_model import GLM, GLMResults

from advisory.analysis import autocorrelation
from advisory.analysis.autocorrelation import NO_AUTOCORRELATION, Autocorrelation
from advisory.analysis.design import Design
from advisory.analysis.series import Frequency

VARIANCES: tuple[str, ...] = ("auto", "quasi", "hac", "negbin")
Z95 = 1.959963984540054
#: 80% power for a two-sided 5% test: z(0.975) + z(0.8).
Z80 = 0.8416212335729143
#: Newey-West lags: about three weeks' worth (the design asks for 2-4 weeks).
HAC_LAGS: dict[str, int] = {"D": 21, "W": 3, "M": 1}
NB_ALPHA_FLOOR = 1e-8


def check_options(seasonality: int, variance: str) -> None:
    """Refuse a seasonality that is not a whole number >= 0, or an unknown variance option."""
    if isinstance(seasonality, bool) or not isinstance(seasonality, int) or seasonality < 0:
        raise ValueError(f"seasonality must be a whole number of 0 or more; got {seasonality!r}.")
    if variance not in VARIANCES:
        raise ValueError(f"variance must be one of {', '.join(VARIANCES)}; got {variance!r}.")


@dataclass(frozen=True)
class Fit:
    params: np.ndarray
    cov: np.ndarray
    mu: np.ndarray
    scale: float
    alpha: float | None
    converged: bool
    #: Degrees of freedom of the quantile used for intervals (inf: normal).
    df: float = math.inf
    autocorrelation: Autocorrelation = NO_AUTOCORRELATION

    @property
    def quantile(self) -> float:
        return autocorrelation.quantile(self.df)


def _nb_alpha(y: np.ndarray, mu: np.ndarray) -> float:
    """NB2 dispersion by the Cameron & Trivedi (1990) auxiliary regression.

    Regress ((y - mu)^2 - y) / mu on mu without intercept: alpha = sum((y-mu)^2 - y) / sum(mu^2).
    A moment estimator: no extra likelihood optimisation that can fail on short or sparse
    series, and consistent whenever the mean model is right. Floored just above zero
    (under-dispersion: the NB fit then equals the Poisson fit).
    """
    alpha = float(np.sum((y - mu) ** 2 - y) / np.sum(mu**2))
    return max(alpha, NB_ALPHA_FLOOR)


def _result_to_fit(res: GLMResults, alpha: float | None = None) -> Fit:
    return Fit(
        params=np.asarray(res.params),
        cov=np.asarray(res.cov_params()),
        mu=np.asarray(res.mu),
        scale=float(res.scale),
        alpha=alpha,
        converged=bool(getattr(res, "converged", True)),
    )


@functools.cache
def _blas_controller() -> object | None:
    """threadpoolctl's controller when installed (found once: the library scan is slow)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def single_threaded_blas() -> contextlib.AbstractContextManager[object]:
    """Run BLAS/LAPACK on one thread while fitting, when threadpoolctl is installed.

    These matrices are small (a few thousand rows, under 30 columns): extra BLAS threads give
    nothing, and on a busy server they contend for cores and make each fit many times slower
    (measured: 0.04 s single-threaded vs 0.1-0.6 s for the benchmark on a loaded 2-core box).
    Without threadpoolctl, OPENBLAS_NUM_THREADS=1 set before start-up has the same effect.
    """
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")  # type: ignore[attr-defined]


def _fit_poisson(d: Design) -> tuple[GLM, GLMResults]:
    model = GLM(d.y, d.X, family=sm.families.Poisson(), offset=d.offset)
    if model.df_model + 1 < d.X.shape[1]:  # rank from statsmodels' own check
        raise ValueError(
            "These data cannot separate the trend, the seasons and the change from each other "
            "(the model is not identifiable); try seasonality=0 or a longer series."
        )
    return model, model.fit(scale="X2")


def fit_all(d: Design, freq: Frequency, variances: Sequence[str], stacked: bool) -> dict[str, Fit]:
    """Fit the model under each requested variance option.

    All options share the Poisson point estimates except negbin; the HAC fit starts from the
    Poisson estimates (converges at once).
    """
    with single_threaded_blas():
        model, poisson = _fit_poisson(d)
        fits: dict[str, Fit] = {}
        quasi = _quasi_fit(poisson)
        if "quasi" in variances:
            fits["quasi"] = quasi
        if "auto" in variances:
            fits["auto"] = _auto_fit(quasi, d, stacked)
        if "hac" in variances:
            lags = HAC_LAGS[freq]
            if stacked:
                # Driscoll-Kraay: sum scores over sites per period, then Newey-West over time.
                kw = {"cov_type": "hac-groupsum", "cov_kwds": {"time": d.time, "maxlags": lags}}
            else:
                kw = {"cov_type": "HAC", "cov_kwds": {"maxlags": lags}}
            fits["hac"] = _result_to_fit(model.fit(start_params=poisson.params, **kw))
        if "negbin" in variances:
            # alpha from the Poisson means (consistent for the mean model), then one NB fit.
            alpha = _nb_alpha(d.y, np.asarray(poisson.mu))
            family = sm.families.NegativeBinomial(alpha=alpha)
            nb_model = GLM(d.y, d.X, family=family, offset=d.offset)
            fits["negbin"] = _result_to_fit(nb_model.fit(start_params=poisson.params), alpha)
    return fits


def _quasi_fit(res: GLMResults) -> Fit:
    """Quasi-Poisson: Poisson estimates with covariance scaled by Pearson chi2 / df.

    A Pearson dispersion below 1 in short count series is mostly noise, so the scale is floored
    at 1: never claim more precision than plain Poisson.
    """
    fit = _result_to_fit(res)
    if fit.scale >= 1.0:
        return fit
    return replace(fit, cov=fit.cov / fit.scale, scale=1.0)


def _auto_fit(quasi: Fit, d: Design, stacked: bool) -> Fit:
    """Quasi-Poisson widened by the residual long-run variance factor, with t quantiles."""
    weights = quasi.mu
    sqrt_w = np.sqrt(weights)
    pearson = (d.y - weights) / sqrt_w
    if stacked:
        ac = _stacked_autocorrelation(d, pearson)
    else:
        X_w = d.X * sqrt_w[:, None]
        eta = np.log(weights)
        z_w = sqrt_w * (eta - d.offset + (d.y - weights) / weights)
        ac = autocorrelation.estimate(X_w, z_w, pearson)
    # why t with the residual df: the scale is estimated (quasi-likelihood's usual reference).
    df_scale = float(max(len(d.y) - d.X.shape[1], 1))
    return replace(quasi, cov=quasi.cov * ac.factor, df=df_scale, autocorrelation=ac)


def _stacked_autocorrelation(d: Design, pearson: np.ndarray) -> Autocorrelation:
    """Runs in the treated-minus-comparison residuals: what the site:post contrast sees.

    Shocks shared by both sites cancel in the difference (that is why a comparison site helps:
    measured, 0.96-0.97 coverage under shared AR(1) shocks), so only the rest widens the range.
    """
    treated = d.rows[d.treated]
    comp = d.rows[~d.treated]
    both = np.intersect1d(treated, comp)
    if len(both) < 3:
        return NO_AUTOCORRELATION
    r_t = dict(zip(treated.tolist(), pearson[d.treated], strict=True))
    r_c = dict(zip(comp.tolist(), pearson[~d.treated], strict=True))
    diff = np.array([r_t[t] - r_c[t] for t in both.tolist()])
    t0 = int(d.rows[d.treated & d.post].min())
    X = np.column_stack([np.ones(len(both)), both.astype(float), (both >= t0).astype(float)])
    # The contrast is modelled on the Pearson scale directly: weights 1, working response diff.
    return autocorrelation.estimate(X, diff, diff)


def coef_ci(fit: Fit, j: int) -> tuple[float, tuple[float, float], float]:
    b, se = float(fit.params[j]), float(math.sqrt(max(fit.cov[j, j], 0.0)))
    q = fit.quantile
    return math.exp(b), (math.exp(b - q * se), math.exp(b + q * se)), se


def _quad_diag(X: np.ndarray, V: np.ndarray) -> np.ndarray:
    return np.einsum("ij,jk,ik->i", X, V, X)


@dataclass(frozen=True)
class Counterfactual:
    fitted: np.ndarray
    cf: np.ndarray
    cf_lower: np.ndarray
    cf_upper: np.ndarray
    expected: float
    expected_ci: tuple[float, float]
    fitted_after: float
    ratio: float
    ratio_ci: tuple[float, float]
    ratio_se: float


def counterfactual(d: Design, fit: Fit) -> Counterfactual:
    """Predictions without the change, with delta-method intervals.

    Per period: exp(eta_cf +/- q se(eta_cf)). For the after-period total S = sum exp(eta_i) we
    use the delta method on log S (gradient sum_i mu_i x_i / S), which keeps the interval
    positive; likewise for log(fitted total / counterfactual total). Other adaptations' steps
    stay in the counterfactual: only this adaptation's own terms are taken out.
    """
    rows = d.treated
    X = d.X[rows]
    Xcf = X.copy()
    for name in d.effect:
        Xcf[:, d.column(name)] = 0.0
    off = d.offset[rows]
    q = fit.quantile
    fitted = np.exp(X @ fit.params + off)
    eta_cf = Xcf @ fit.params + off
    cf = np.exp(eta_cf)
    se_cf = np.sqrt(np.maximum(_quad_diag(Xcf, fit.cov), 0.0))
    post = d.post[rows]
    expected = float(cf[post].sum())
    g_cf = (cf[post, None] * Xcf[post]).sum(axis=0) / expected
    se_log_expected = float(math.sqrt(max(g_cf @ fit.cov @ g_cf, 0.0)))
    fitted_after = float(fitted[post].sum())
    g_fit = (fitted[post, None] * X[post]).sum(axis=0) / fitted_after
    g_ratio = g_fit - g_cf
    se_ratio = float(math.sqrt(max(g_ratio @ fit.cov @ g_ratio, 0.0)))
    ratio = fitted_after / expected
    return Counterfactual(
        fitted=fitted,
        cf=cf,
        cf_lower=np.exp(np.minimum(eta_cf - q * se_cf, 700.0)),
        cf_upper=np.exp(np.minimum(eta_cf + q * se_cf, 700.0)),
        expected=expected,
        expected_ci=(
            expected * math.exp(max(-q * se_log_expected, -700.0)),
            expected * math.exp(min(q * se_log_expected, 700.0)),
        ),
        fitted_after=fitted_after,
        ratio=ratio,
        ratio_ci=(
            ratio * math.exp(max(-q * se_ratio, -700.0)),
            ratio * math.exp(min(q * se_ratio, 700.0)),
        ),
        ratio_se=se_ratio,
    )

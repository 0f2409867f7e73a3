"""Seeded simulated attendance series with a known effect (tests, demo data, calibration)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

_WEEK_ANCHORS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def _date_index(start: date | str | pd.Timestamp, periods: int, freq: str) -> pd.DatetimeIndex:
    """Regular index; "W" is anchored on the start date's weekday, "M" means month starts."""
    first = pd.Timestamp(start)
    code = freq.upper()
    if code == "W":
        code = f"W-{_WEEK_ANCHORS[first.day_of_week]}"
    elif code in ("M", "MS"):
        code = "MS"
    elif code not in ("D", "ME") and not code.startswith("W-"):
        raise ValueError(f"freq must be 'D', 'W' (or 'W-XXX'), 'M'/'MS' or 'ME'; got {freq!r}.")
    return pd.date_range(first, periods=periods, freq=code)


def _profile(weekday_profile: Sequence[float] | None) -> np.ndarray:
    if weekday_profile is None:
        return np.ones(7)
    prof = np.asarray(weekday_profile, dtype=float)
    if prof.shape != (7,) or (prof < 0).any() or prof.sum() == 0:
        raise ValueError("weekday_profile needs 7 non-negative weights (Monday first).")
    return prof * 7 / prof.sum()  # mean 1, so base_rate stays the average per day


def simulate_means(
    start: date | str | pd.Timestamp,
    periods: int,
    freq: str,
    *,
    base_rate: float,
    trend_per_year: float = 0.0,
    seasonal_amplitude: float = 0.0,
    seasonal_phase: float = 0.0,
    rate_ratio: float = 1.0,
    intervention: date | str | pd.Timestamp | None = None,
    weekday_profile: Sequence[float] | None = None,
    adapted_weekdays: Sequence[int] | None = None,
    displacement: float = 0.0,
    ramp_periods: int = 0,
    other_changes: Sequence[tuple[date | str | pd.Timestamp, float]] = (),
) -> tuple[pd.Series, pd.Series]:
    """The mean per period with the effect, and without it (before any noise).

    The second series keeps ``other_changes`` (they are not this adaptation's effect): the
    truth an analysis of ``intervention`` should recover is ratio of their after-period sums.
    """
    if periods < 1 or base_rate <= 0 or rate_ratio < 0:
        raise ValueError("periods and base_rate must be positive; rate_ratio >= 0.")
    if not 0.0 <= seasonal_amplitude < 1.0 or not 0.0 <= displacement <= 1.0:
        raise ValueError("seasonal_amplitude must be in [0, 1) and displacement in [0, 1].")
    index = _date_index(start, periods, freq)
    years = np.asarray((index - index[0]).days, dtype=float) / 365.25
    angle = 2 * np.pi * np.asarray(index.day_of_year) / 365.25 + seasonal_phase
    mu = base_rate * (1.0 + trend_per_year) ** years * (1.0 + seasonal_amplitude * np.sin(angle))
    daily = freq.upper() == "D"
    prof = _profile(weekday_profile)
    dow = np.asarray(index.day_of_week)
    if daily:
        mu = mu * prof[dow]
    elif weekday_profile is not None or adapted_weekdays is not None:
        raise ValueError("weekday_profile and adapted_weekdays only apply to daily series.")
    for day, change_ratio in other_changes:
        mu = mu * np.where(np.asarray(index >= pd.Timestamp(day)), change_ratio, 1.0)
    if intervention is None:
        return pd.Series(mu, index=index), pd.Series(mu.copy(), index=index)
    post = np.asarray(index >= pd.Timestamp(intervention))
    ratio = np.full(periods, rate_ratio)
    if ramp_periods > 0:
        since = np.cumsum(post) - 1  # 0 in the first period after the start
        ratio = 1.0 + (rate_ratio - 1.0) * np.minimum((since + 1) / ramp_periods, 1.0)
    effect = _apply_effect(mu, post, dow, prof, ratio, adapted_weekdays, displacement)
    return pd.Series(effect, index=index), pd.Series(mu, index=index)


def simulate_counts(
    start: date | str | pd.Timestamp,
    periods: int,
    freq: str,
    *,
    base_rate: float,
    trend_per_year: float = 0.0,
    seasonal_amplitude: float = 0.0,
    rate_ratio: float = 1.0,
    intervention: date | str | pd.Timestamp | None = None,
    overdispersion: float = 0.0,
    seed: int = 0,
    weekday_profile: Sequence[float] | None = None,
    adapted_weekdays: Sequence[int] | None = None,
    displacement: float = 0.0,
    autocorrelation: float = 0.0,
    extra_sd: float = 0.0,
    seasonal_phase: float = 0.0,
    ramp_periods: int = 0,
    other_changes: Sequence[tuple[date | str | pd.Timestamp, float]] = (),
    shocks: np.ndarray | None = None,
) -> pd.Series:
    """Simulate counts per period with a known multiplicative effect.

    Mean per period: ``base_rate`` x (1 + ``trend_per_year``) ** years x
    (1 + ``seasonal_amplitude`` x sin(2 pi day-of-year / 365.25 + ``seasonal_phase``)) x
    weekday weight (daily only, ``weekday_profile`` Monday first, rescaled to average 1) x
    ``rate_ratio`` from ``intervention`` on (reached in steps over ``ramp_periods`` periods
    when given) x the ratio of each of ``other_changes`` (start, ratio) from its start.
    With ``adapted_weekdays`` (daily only) the ratio applies only on those days, and
    ``displacement`` (0-1) is the share of the extra on-day visits taken away from the other
    days of the week (1 = women only moved days, 0 = all new visits).

    Noise: ``extra_sd`` > 0 multiplies the mean by a log-normal AR(1) process (marginal sd
    ``extra_sd`` on the log scale, lag-1 correlation ``autocorrelation``, mean 1): runs of busy
    and quiet periods. ``shocks`` (standard normal, one per period) replaces its random draws,
    so that two sites can share the same busy and quiet weeks. ``overdispersion`` is the
    negative-binomial alpha of independent extra noise (variance mu + alpha mu^2; 0 = Poisson).
    Returns integer counts named "count".
    """
    if overdispersion < 0 or extra_sd < 0 or not -1 < autocorrelation < 1:
        raise ValueError("overdispersion and extra_sd must be >= 0; autocorrelation in (-1, 1).")
    mu, _ = simulate_means(
        start,
        periods,
        freq,
        base_rate=base_rate,
        trend_per_year=trend_per_year,
        seasonal_amplitude=seasonal_amplitude,
        seasonal_phase=seasonal_phase,
        rate_ratio=rate_ratio,
        intervention=intervention,
        weekday_profile=weekday_profile,
        adapted_weekdays=adapted_weekdays,
        displacement=displacement,
        ramp_periods=ramp_periods,
        other_changes=other_changes,
    )
    index, mean = mu.index, mu.to_numpy()
    rng = np.random.default_rng(seed)
    if extra_sd > 0:
        normal = rng.standard_normal(periods) if shocks is None else np.asarray(shocks)
        mean = mean * np.exp(ar1_process(normal, autocorrelation, extra_sd) - extra_sd**2 / 2)
    if overdispersion > 0:
        # Gamma-Poisson mixture = negative binomial with dispersion alpha.
        mean = rng.gamma(shape=1.0 / overdispersion, scale=overdispersion * mean)
    return pd.Series(rng.poisson(mean).astype(np.int64), index=index, name="count")


def ar1_process(normal: np.ndarray, phi: float, sd: float) -> np.ndarray:
    """A stationary AR(1) series with marginal sd ``sd`` from standard normal draws."""
    out = np.empty(len(normal))
    out[0] = sd * normal[0]
    innovation = sd * np.sqrt(1.0 - phi**2)
    for t in range(1, len(normal)):
        out[t] = phi * out[t - 1] + innovation * normal[t]
    return out


def simulate_recording(
    women: pd.Series,
    others: pd.Series,
    *,
    share_before: float,
    share_after: float,
    intervention: date | str | pd.Timestamp,
    seed: int = 0,
) -> pd.DataFrame:
    """Record each visit's gender or not: the not-recorded share moves at ``intervention``.

    ``women`` and ``others`` are true visits per period. Each visit goes unrecorded with the
    share of its period (independently, whatever the gender). Returns columns ``women``
    (visits recorded as women's), ``not_recorded`` and ``all_visits``.
    """
    rng = np.random.default_rng(seed)
    post = np.asarray(women.index >= pd.Timestamp(intervention))
    share = np.where(post, share_after, share_before)
    women_nr = rng.binomial(women.to_numpy(), share)
    others_nr = rng.binomial(others.to_numpy(), share)
    return pd.DataFrame(
        {
            "women": women.to_numpy() - women_nr,
            "not_recorded": women_nr + others_nr,
            "all_visits": women.to_numpy() + others.to_numpy(),
        },
        index=women.index,
    )


def _apply_effect(
    mu: np.ndarray,
    post: np.ndarray,
    dow: np.ndarray,
    prof: np.ndarray,
    rate_ratio: np.ndarray,
    adapted_weekdays: Sequence[int] | None,
    displacement: float,
) -> np.ndarray:
    mu = mu.copy()
    if adapted_weekdays is None:
        mu[post] *= rate_ratio[post]
        return mu
    days = sorted(set(adapted_weekdays))
    on = np.isin(dow, days)
    share_on = prof[days].sum()
    share_other = prof.sum() - share_on
    mu[post & on] *= rate_ratio[post & on]
    # Take displacement x (extra on-day visits) from the other days, in proportion to their size.
    factor = 1.0 - displacement * (rate_ratio - 1.0) * share_on / share_other
    mu[post & ~on] *= np.maximum(factor, 0.0)[post & ~on]
    return mu

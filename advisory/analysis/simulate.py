"""Seeded simulated attendance series with a known effect (tests, demo data, benchmark)."""

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
) -> pd.Series:
    """Simulate counts per period with a known multiplicative effect.

    Mean per period: ``base_rate`` x (1 + ``trend_per_year``) ** years x
    (1 + ``seasonal_amplitude`` x sin(2 pi day-of-year / 365.25)) x weekday weight (daily only,
    ``weekday_profile`` Monday first, rescaled to average 1) x ``rate_ratio`` from
    ``intervention`` on. With ``adapted_weekdays`` (daily only) the ratio applies only on those
    days, and ``displacement`` (0-1) is the share of the extra on-day visits taken away from the
    other days of the week (1 = women only moved days, 0 = all new visits).
    ``overdispersion`` is the negative-binomial alpha (variance mu + alpha mu^2; 0 = Poisson).
    Returns integer counts named "count".
    """
    if periods < 1 or base_rate <= 0 or rate_ratio < 0 or overdispersion < 0:
        raise ValueError("periods and base_rate must be positive; rate_ratio, overdispersion >= 0.")
    if not 0.0 <= seasonal_amplitude < 1.0 or not 0.0 <= displacement <= 1.0:
        raise ValueError("seasonal_amplitude must be in [0, 1) and displacement in [0, 1].")
    index = _date_index(start, periods, freq)
    years = np.asarray((index - index[0]).days, dtype=float) / 365.25
    season = 1.0 + seasonal_amplitude * np.sin(2 * np.pi * np.asarray(index.day_of_year) / 365.25)
    mu = base_rate * (1.0 + trend_per_year) ** years * season
    daily = freq.upper() == "D"
    prof = _profile(weekday_profile)
    dow = np.asarray(index.day_of_week)
    if daily:
        mu = mu * prof[dow]
    elif weekday_profile is not None or adapted_weekdays is not None:
        raise ValueError("weekday_profile and adapted_weekdays only apply to daily series.")
    post = (
        np.zeros(periods, dtype=bool)
        if intervention is None
        else np.asarray(index >= pd.Timestamp(intervention))
    )
    mu = _apply_effect(mu, post, dow, prof, rate_ratio, adapted_weekdays, displacement)
    rng = np.random.default_rng(seed)
    if overdispersion > 0:
        # Gamma-Poisson mixture = negative binomial with dispersion alpha.
        mu = rng.gamma(shape=1.0 / overdispersion, scale=overdispersion * mu)
    return pd.Series(rng.poisson(mu).astype(np.int64), index=index, name="count")


def _apply_effect(
    mu: np.ndarray,
    post: np.ndarray,
    dow: np.ndarray,
    prof: np.ndarray,
    rate_ratio: float,
    adapted_weekdays: Sequence[int] | None,
    displacement: float,
) -> np.ndarray:
    mu = mu.copy()
    if adapted_weekdays is None:
        mu[post] *= rate_ratio
        return mu
    days = sorted(set(adapted_weekdays))
    on = np.isin(dow, days)
    share_on = prof[days].sum()
    share_other = prof.sum() - share_on
    mu[post & on] *= rate_ratio
    # Take displacement x (extra on-day visits) from the other days, in proportion to their size.
    factor = 1.0 - displacement * (rate_ratio - 1.0) * share_on / share_other
    mu[post & ~on] *= max(factor, 0.0)
    return mu

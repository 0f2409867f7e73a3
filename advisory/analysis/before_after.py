"""Raw totals in equal windows either side of the start date: descriptive, never adjusted."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd

from advisory.analysis import wording
from advisory.analysis.results import BeforeAfter
from advisory.analysis.series import check_counts, detect_frequency, strip_tz, to_timestamp
from advisory.i18n import _

Z95 = 1.959963984540054


def poisson_ratio_ci(after: float, before: float) -> tuple[float, float]:
    """95% interval for the ratio of two Poisson counts observed over equal time.

    Conditional on the total, ``after`` is binomial with p = ratio / (1 + ratio); the Wilson
    score interval for p is mapped back through ratio = p / (1 - p).
    """
    n = after + before
    if n == 0:
        return (0.0, math.inf)
    p = after / n
    z2 = Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n**2)) / (1 + z2 / n)
    lo, hi = max(centre - half, 0.0), min(centre + half, 1.0)
    return (lo / (1 - lo), math.inf if hi >= 1 else hi / (1 - hi))


def before_after(
    counts: pd.Series, intervention: date | str | pd.Timestamp, *, window: int = 12
) -> BeforeAfter:
    """Raw totals in ``window`` periods before and after the start date, with a score interval.

    When fewer than ``window`` periods exist on a side, both windows shrink to the shorter side
    so they stay equal. Always labelled "raw totals, not adjusted for trend or season".
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a whole number of 1 or more; got {window!r}.")
    if not isinstance(counts, pd.Series):
        raise ValueError(f"The counts must be a pandas Series; got {type(counts).__name__}.")
    freq = detect_frequency(counts.index)
    index = strip_tz(counts.index)
    y = check_counts(counts, "counts")
    start = to_timestamp(intervention)
    if start <= index[0] or start > index[-1]:
        raise ValueError(
            f"The start date {start.date()} is not inside the series "
            f"({index[0].date()} to {index[-1].date()})."
        )
    t0 = int(index.searchsorted(start, side="left"))
    w = min(window, t0, len(y) - t0)
    before, after = int(y[t0 - w : t0].sum()), int(y[t0 : t0 + w].sum())
    ratio = after / before if before else (math.inf if after else math.nan)
    result = BeforeAfter(
        window=w,
        frequency=freq,
        before_total=before,
        after_total=after,
        ratio=ratio,
        ratio_ci=poisson_ratio_ci(after, before),
        before_start=index[t0 - w],
        before_end=index[t0 - 1],
        after_start=index[t0],
        after_end=index[t0 + w - 1],
        label=_("raw totals, not adjusted for trend or season"),
    )
    return replace(result, summary=wording.before_after_summary(result))

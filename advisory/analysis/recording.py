"""Did gender start being recorded differently at the change? (issue 9, item 1)

Incomplete sex data undercounts women, and services often start recording gender properly
when they start a women-focused change. Then "women's visits" rise because more visits are
*recorded* as women's: on simulated series where nothing changed, a fall in the not-recorded
share from 30% to 5% made "went up" appear in about half of the runs.

Two things are done with the visits whose gender was not recorded:

* a check for a shift in the not-recorded share at the start date: a quasi-binomial model of
  the share with a trend and a step, the step clear and at least
  :data:`~advisory.analysis.verdicts.RECORDING_SHIFT_MIN` (2 percentage points) of all visits;
* a sensitivity series that shares the not-recorded visits out to women in their proportion
  before the change (women's share of the visits whose gender *was* recorded). If the change
  only changed recording, this series does not move.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from advisory.analysis.design import Design
from advisory.analysis.fitting import Z95, single_threaded_blas
from advisory.analysis.series import Series, check_aligned, check_counts
from advisory.analysis.verdicts import RECORDING_SHIFT_MIN


@dataclass(frozen=True)
class RecordingInputs:
    """Not-recorded and all visits on the rows the model uses, and women's earlier share."""

    not_recorded: np.ndarray  # per period, whole series
    all_visits: np.ndarray
    share_before: float  # not-recorded share of all visits before the start
    share_after: float
    women_share: float  # women's share of recorded visits before the start


def inputs(
    s: Series, counts: np.ndarray, not_recorded: pd.Series, all_visits: pd.Series | None
) -> RecordingInputs:
    """Validate the not-recorded and all-visits series against the counts."""
    if all_visits is None:
        raise ValueError(
            "not_recorded needs all_visits too (every visit at the site, whatever the gender), "
            "to work out what share of visits had no gender recorded."
        )
    check_aligned(not_recorded, s.index, "not-recorded series")
    check_aligned(all_visits, s.index, "all-visits series")
    nr = check_counts(not_recorded, "not-recorded visits")
    total = check_counts(all_visits, "all visits")
    if (nr > total).any() or (counts > total - nr).any():
        first = s.index[(nr > total) | (counts > total - nr)][0]
        raise ValueError(
            "The all-visits series must include the counted and the not-recorded visits; "
            f"at {first.date()} it is smaller."
        )
    used = ~s.closed & ~s.phasing_in
    before = used & (np.arange(len(nr)) < s.t0)
    after = used & (np.arange(len(nr)) >= s.t0)
    recorded_before = float((total - nr)[before].sum())

    def share(rows: np.ndarray) -> float:
        return float(nr[rows].sum() / total[rows].sum()) if total[rows].sum() > 0 else 0.0

    women = float(counts[before].sum() / recorded_before) if recorded_before > 0 else 0.0
    return RecordingInputs(nr, total, share(before), share(after), women)


def adjusted_counts(counts: np.ndarray, rec: RecordingInputs) -> np.ndarray:
    """Counts with the not-recorded visits shared out in women's proportion before the start."""
    return counts + rec.women_share * rec.not_recorded


def share_shift(d: Design, rec: RecordingInputs) -> tuple[bool, tuple[float, float] | None]:
    """Whether the not-recorded share clearly moved at the start, and the odds-ratio range.

    Model: quasi-binomial, logit link, intercept + trend + step, on the rows the ITS uses.
    """
    rows = d.rows[d.treated]
    nr, total = rec.not_recorded[rows], rec.all_visits[rows]
    ok = total > 0
    if abs(rec.share_after - rec.share_before) < RECORDING_SHIFT_MIN or ok.sum() < 6:
        return False, None
    if nr[ok].sum() == 0 or nr[ok].sum() == total[ok].sum():
        return False, None
    t = rows[ok].astype(float)
    post = d.post[d.treated][ok].astype(float)
    if post.min() == post.max():
        return False, None
    X = np.column_stack([np.ones(ok.sum()), t, post])
    endog = np.column_stack([nr[ok], total[ok] - nr[ok]])
    with single_threaded_blas():
        res = sm.GLM(endog, X, family=sm.families.Binomial()).fit(scale="X2")
    b = float(res.params[2])
    se = float(math.sqrt(max(res.cov_params()[2, 2], 0.0)))
    ci = (math.exp(b - Z95 * se), math.exp(b + Z95 * se))
    return bool(ci[0] > 1.0 or ci[1] < 1.0), ci

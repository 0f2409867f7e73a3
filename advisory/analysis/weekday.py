"""The weekday split: on the adapted day(s), on the other days, and the net weekly change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from advisory.analysis import wording
from advisory.analysis.design import MIN_DAYS_WEEKDAY, usable_harmonics, weekday_design
from advisory.analysis.fitting import check_options, coef_ci, counterfactual, fit_all
from advisory.analysis.results import WeekdayResult
from advisory.analysis.series import prepare
from advisory.analysis.verdicts import DataState, WeekdayConclusion, state_for, weekday_conclusion
from advisory.i18n import _


def weekday_effect(
    daily: pd.Series,
    intervention: date | str | pd.Timestamp,
    weekdays: list[int],
    *,
    exposure: pd.Series | None = None,
    seasonality: int = 2,
    label: str | None = None,
    variance: str = "auto",
    closed: pd.Series | None = None,
) -> WeekdayResult:
    """Split a change into the adapted weekday(s) and the other days with one daily model.

    Model: weekday effects + trend + annual Fourier terms (with a full year of baseline) +
    post x adapted_day + post x other_days, Poisson GLM; ``variance`` as for
    :func:`interrupted_time_series` ("auto" by default; "hac" is Newey-West over 3 weeks).
    ``weekdays`` use Monday=0 ... Sunday=6. The net weekly change over all days comes from the
    same model (delta method): "new visits" only when it is clearly up; "women moved days" only
    when the other days clearly fell while the net change is little or none. Weekdays with no
    visits at all (closed), days with ``exposure`` 0 and days ``closed`` marks (holidays) are
    left out of the model.
    """
    label = label if label is not None else _("visits")
    check_options(seasonality, variance)
    s = prepare(daily, intervention, exposure, closed=closed)
    if s.freq != "D":
        raise ValueError("weekday_effect needs daily counts (one row per day).")
    days = _check_weekdays(weekdays)
    if min(s.t0, len(s.y) - s.t0) < MIN_DAYS_WEEKDAY:
        raise ValueError(
            f"weekday_effect needs at least {MIN_DAYS_WEEKDAY} days on each side of the start "
            f"date; there are {s.t0} before and {len(s.y) - s.t0} after."
        )
    dow = np.asarray(s.index.day_of_week)
    on = np.isin(dow, days)
    open_ = ~s.closed
    if s.y[: s.t0][(on & open_)[: s.t0]].sum() == 0:
        raise ValueError(
            "There were no visits on the adapted weekday(s) before the start date (perhaps the "
            "service was closed then), so a change on that day can't be expressed as a ratio; "
            "use the weekly model instead."
        )
    other_after = s.y[s.t0 :][(~on & open_)[s.t0 :]].sum()
    if other_after == 0 or s.y[: s.t0][(~on & open_)[: s.t0]].sum() == 0:
        raise ValueError("There are no visits on the other days on one side of the start date.")

    harmonics = usable_harmonics(seasonality, "D", s.t0)
    d = weekday_design(s, on, harmonics)
    on_rows = on[d.rows]
    fit = fit_all(d, "D", (variance,), stacked=False)[variance]
    on_rr, on_ci, _unused = coef_ci(fit, d.column("post:on_day"))
    off_rr, off_ci, _unused = coef_ci(fit, d.column("post:other_days"))

    cfx = counterfactual(d, fit)  # both steps out: the net change over all days
    extra = cfx.fitted - cfx.cf
    extra_on = float(extra[d.post & on_rows].sum())
    extra_off = float(extra[d.post & ~on_rows].sum())

    n_before_w, n_after_w = s.t0 // 7, (len(s.y) - s.t0) // 7
    state = state_for(n_before_w, n_after_w)
    conclusion = (
        WeekdayConclusion.CANT_TELL
        if state == DataState.TOO_EARLY
        else weekday_conclusion(on_ci, off_ci, cfx.ratio_ci)
    )
    warn: list[str] = []
    if seasonality and not harmonics:
        warn.append(wording.no_seasonality_warning("D"))
    if state == DataState.EARLY_SIGNAL:
        warn.append(wording.early_signal_warning(n_after_w, "W"))
    if s.closed.any():
        warn.append(wording.closures_warning(int(s.closed.sum()), "D"))
    result = WeekdayResult(
        on_day_change=on_rr,
        on_day_ci=on_ci,
        other_days_change=off_rr,
        other_days_ci=off_ci,
        conclusion=conclusion,
        summary="",
        weekdays=tuple(days),
        state=state,
        n_before_weeks=n_before_w,
        n_after_weeks=n_after_w,
        extra_on_day=extra_on,
        extra_other_days=extra_off,
        warnings=warn,
        label=label,
        params=pd.Series(fit.params, index=d.names),
        cov_params=pd.DataFrame(fit.cov, index=d.names, columns=d.names),
        net_change=cfx.ratio,
        net_ci=cfx.ratio_ci,
    )
    return replace(result, summary=wording.weekday_summary(result))


def _check_weekdays(weekdays: Sequence[int]) -> list[int]:
    days = sorted(set(weekdays))
    if not days or any(not isinstance(x, int | np.integer) or not 0 <= x <= 6 for x in days):
        raise ValueError(f"weekdays must be numbers from 0 (Monday) to 6 (Sunday); got {weekdays}.")
    if len(days) == 7:
        raise ValueError("weekdays cannot be every day of the week: nothing would be left over.")
    return [int(x) for x in days]

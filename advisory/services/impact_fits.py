"""One interrupted time series fit for an adaptation, as an outcome the impact pages show.

Shared by the detail analysis (:mod:`advisory.services.impact`) and the table of all
adaptations (:mod:`advisory.services.impact_overview`); the statistics live in
:func:`advisory.analysis.interrupted_time_series`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from advisory.analysis import ITSResult, interrupted_time_series
from advisory.i18n import _
from advisory.services.impact_series import (
    AdaptationInfo,
    Exposure,
    OtherWindow,
    SiteSeries,
    other_names,
)


@dataclass
class Outcome:
    """One analysed series: a result, or the plain reason there is none."""

    label: str
    result: ITSResult | None
    reason: str | None = None


def fit(
    label: str,
    counts: pd.Series,
    info: AdaptationInfo,
    *,
    exposure: Exposure | None = None,
    comparison: pd.Series | None = None,
    comparison_exposure: pd.Series | None = None,
    comparison_label: str | None = None,
    other_changes: Sequence[str] = (),
    others: Sequence[OtherWindow] = (),
    not_recorded: pd.Series | None = None,
    all_visits: pd.Series | None = None,
    phase_in: int = 0,
    k: int = 5,
) -> Outcome:
    """Fit the model; a series the model refuses is an Outcome with the plain reason."""
    try:
        result = interrupted_time_series(
            counts,
            info.start_on,
            exposure=exposure.days if exposure is not None else None,
            closed=exposure.closed if exposure is not None else None,
            comparison=comparison,
            comparison_exposure=comparison_exposure,
            comparison_label=comparison_label or _("the comparison site"),
            label=label,
            intervention_name=info.name,
            other_changes=list(other_changes),
            other_starts=[day for day, _name, _rest in others],
            other_names=[name for _day, name, _rest in others],
            other_ends=[last for _day, _name, last in others],
            not_recorded=not_recorded,
            all_visits=all_visits,
            phase_in=phase_in,
            small_count_threshold=k,
        )
    except ValueError as exc:
        return Outcome(label=label, result=None, reason=str(exc))
    return Outcome(label=label, result=result)


def women_outcome(
    site: SiteSeries,
    info: AdaptationInfo,
    windows: list[OtherWindow],
    *,
    phase_in: int,
    k: int,
) -> Outcome:
    return fit(
        _("women's visits"),
        site.women,
        info,
        exposure=site.exposure,
        other_changes=other_names(windows),
        others=windows,
        not_recorded=site.not_recorded,
        all_visits=site.total,
        phase_in=phase_in,
        k=k,
    )

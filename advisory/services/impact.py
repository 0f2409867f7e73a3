"""Impact of an adaptation: the analyses of analysis.md, assembled for one adaptation.

Series are aggregated in SQL (:mod:`advisory.services.impact_series`, never all rows into
pandas); each model fit is :mod:`advisory.services.impact_fits`; the table of all adaptations
is :mod:`advisory.services.impact_overview` (`overview` and `OverviewRow` are re-exported
here); the statistics live in `advisory.analysis`.

The headline is always the primary model (women's visits at the site against their own
earlier pattern); the weekday split, the comparison site and the raw totals are read against
it (issue 13, item 4: one impact sentence, the other sections say how they relate to it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from advisory import clock
from advisory.analysis import (
    BeforeAfter,
    WeekdayResult,
    before_after,
    weekday_effect,
)
from advisory.db import reads
from advisory.i18n import _
from advisory.models import Site
from advisory.services import adaptations, attendance
from advisory.services.impact_fits import Outcome, fit, women_outcome
from advisory.services.impact_overview import (  # noqa: F401 - re-exported for callers
    ImpactChoices,
    OverviewRow,
    choices,
    data_version,
    overview,
)
from advisory.services.impact_series import (
    BASELINE_WEEKS,
    MEN,
    NOT_RECORDED,
    TYPICAL_DAY_FOR_CLOSURE,
    WOMEN,
    AdaptationInfo,
    Exposure,
    OtherWindow,
    SiteSeries,
    analysis_window,
    exposure_of,
    not_recorded_share_sentence,
    other_names,
    other_windows,
    site_series,
)

__all__ = [
    "BASELINE_WEEKS",
    "AdaptationInfo",
    "ImpactChoices",
    "ImpactReport",
    "Outcome",
    "OverviewRow",
    "adaptation_info",
    "analyse",
    "choices",
    "data_version",
    "overview",
]


@dataclass
class ImpactReport:
    adaptation: AdaptationInfo
    freq: str
    primary: Outcome
    weekday: WeekdayResult | None
    weekday_reason: str | None
    controlled: Outcome | None
    comparison_pre: pd.DataFrame | None
    secondary: list[Outcome]
    share: pd.Series  # women's share of all visits, context only
    descriptive: BeforeAfter | None
    descriptive_reason: str | None
    not_recorded: str | None
    other_adaptations: list[str]
    other_marks: list[tuple[dt.date, str]]
    warnings: list[str] = field(default_factory=list)

    @property
    def headline(self) -> Outcome:
        """The outcome the headline verdict is read from: always the primary model.

        why (issue 13, item 4): a lay reader met three answers on one page (the headline from
        the comparison model, the weekday split, the raw totals). Now there is one headline;
        the comparison site, the weekday split and the raw totals each say how they relate to
        it (`advisory.analysis.wording.comparison_relation` and the others).
        """
        return self.primary

    def analysis_table(self) -> pd.DataFrame:
        """Per-period table for download: observed, fitted and expected for each outcome."""
        columns = {}
        for outcome in (self.primary, self.controlled, *self.secondary):
            if outcome is None or outcome.result is None:
                continue
            f = outcome.result.frame
            for col in (
                "observed",
                "fitted",
                "counterfactual",
                "counterfactual_lower",
                "counterfactual_upper",
            ):
                if col in f:
                    columns[f"{outcome.label}: {col}"] = f[col]
        table = pd.DataFrame(columns)
        table.index.name = "period_start"
        return table.round(2)


@reads
def adaptation_info(session: Session, adaptation_id: int) -> AdaptationInfo:
    """The adaptation to analyse; NotFound when there is no such adaptation."""
    return adaptations.get_adaptation(session, adaptation_id)


@reads
def analyse(
    session: Session,
    *,
    adaptation_id: int,
    freq: str = "week",
    service_ids: list[int] | None = None,
    comparison_site_id: int | None = None,
    window: int = 12,
    k: int = 5,
    today: dt.date | None = None,
    phase_in: int = 0,
) -> ImpactReport:
    """Every analysis the impact page shows for one adaptation.

    ``phase_in`` leaves out that many periods right after the start (changes that take time).
    """
    info = adaptation_info(session, adaptation_id)
    freq = attendance.normalise_freq(freq)
    if freq == "day":
        raise ValueError(_("Choose week or month for the impact analysis."))
    start, end = analysis_window(session, info.site_id, info, freq, today or clock.today())
    warnings: list[str] = []
    windows = other_windows(session, info, start, end)
    marks = [(day, name) for day, name, _unused in windows]
    others = other_names(windows)

    site = site_series(session, info.site_id, freq, start, end, service_ids, warnings)
    women = site.women
    primary = women_outcome(site, info, windows, phase_in=phase_in, k=k)

    secondary = []
    for label, genders in (
        (_("men's visits"), MEN),
        (_("visits with gender not recorded"), NOT_RECORDED),
    ):
        series = site.by_gender[list(genders)].sum(axis=1).astype("int64")
        series.index.freq = site.by_gender.index.freq
        secondary.append(
            fit(
                label,
                series,
                info,
                exposure=site.exposure,
                other_changes=others,
                others=windows,
                phase_in=phase_in,
                k=k,
            )
        )

    share = (women / site.total.replace(0, np.nan)).rename(_("women's share of all visits"))

    weekday, weekday_reason = None, None
    if info.weekdays:
        weekday, weekday_reason = _weekday(
            session, info, start, min(info.end_on or end, end), service_ids
        )

    controlled, comparison_pre = None, None
    if comparison_site_id is not None and comparison_site_id != info.site_id:
        controlled, comparison_pre = _controlled(
            session,
            info,
            site,
            comparison_site_id,
            (freq, start, end),
            service_ids,
            windows,
            phase_in=phase_in,
            k=k,
        )

    descriptive, descriptive_reason = None, None
    try:
        descriptive = before_after(women, info.start_on, window=window)
    except ValueError as exc:
        descriptive_reason = str(exc)

    return ImpactReport(
        adaptation=info,
        freq=freq,
        primary=primary,
        weekday=weekday,
        weekday_reason=weekday_reason,
        controlled=controlled,
        comparison_pre=comparison_pre,
        secondary=secondary,
        share=share,
        descriptive=descriptive,
        descriptive_reason=descriptive_reason,
        not_recorded=not_recorded_share_sentence(site.by_gender, info.start_on),
        other_adaptations=others,
        other_marks=marks,
        warnings=warnings,
    )


def _weekday(
    session: Session,
    info: AdaptationInfo,
    start: dt.date,
    end: dt.date,
    service_ids: list[int] | None,
) -> tuple[WeekdayResult | None, str | None]:
    """The daily split, with days that had no records at all (holidays) left out."""
    by_gender = attendance.series_by_gender(
        session, site_id=info.site_id, freq="day", service_ids=service_ids, start=start, end=end
    )
    daily = by_gender[list(WOMEN)].sum(axis=1).astype("int64")
    everyone = by_gender.sum(axis=1)
    weekday = np.asarray(daily.index.day_of_week)
    typical = everyone.groupby(weekday).transform(
        lambda s: s[s > 0].median() if (s > 0).any() else 0
    )
    closed = (everyone == 0) & (typical >= TYPICAL_DAY_FOR_CLOSURE)
    try:
        result = weekday_effect(
            daily,
            info.start_on,
            list(info.weekdays),
            label=_("women's visits"),
            closed=closed.astype(bool),
        )
    except ValueError as exc:
        return None, str(exc)
    return result, None


def _controlled(
    session: Session,
    info: AdaptationInfo,
    site: SiteSeries,
    comparison_site_id: int,
    span: tuple[str, dt.date, dt.date],
    service_ids: list[int] | None,
    windows: list[OtherWindow],
    *,
    phase_in: int,
    k: int,
) -> tuple[Outcome, pd.DataFrame]:
    freq, start, end = span
    comp_site = session.get(Site, comparison_site_id)
    comp_name = comp_site.name if comp_site else _("the comparison site")
    # Only the periods both sites have data for.
    comp_start, comp_end = analysis_window(
        session, comparison_site_id, info, freq, end + dt.timedelta(days=1)
    )
    women = site.women
    both = (women.index >= pd.Timestamp(comp_start)) & (women.index <= pd.Timestamp(comp_end))

    def part(series: pd.Series) -> pd.Series:
        cut = series[both]
        cut.index.freq = women.index.freq
        return cut

    target = part(women)
    comparison = attendance.series_by_gender(
        session,
        site_id=comparison_site_id,
        freq=freq,
        service_ids=service_ids,
        start=start,
        end=end,
    ).reindex(target.index, fill_value=0)
    comp = comparison[list(WOMEN)].sum(axis=1).astype("int64")
    comp.index.freq = women.index.freq
    comp_exposure = exposure_of(session, comparison_site_id, freq, comparison.sum(axis=1), [])
    own = site.exposure
    exposure = Exposure(part(own.days) if own.days is not None else None, part(own.closed))
    # The comparison's own closed weeks leave its own rows (as 0 exposure); its open days, when
    # it records them, are its offset.
    comp_days = comp_exposure.days
    if comp_days is None and comp_exposure.closed.any():
        comp_days = (~comp_exposure.closed).astype(float)
    outcome = fit(
        _("women's visits"),
        target,
        info,
        exposure=exposure,
        comparison=comp,
        comparison_exposure=comp_days,
        comparison_label=comp_name,
        other_changes=other_names(windows),
        others=windows,
        not_recorded=part(site.not_recorded),
        all_visits=part(site.total),
        phase_in=phase_in,
        k=k,
    )
    # The table and headings name the comparison; the sentences take it from the result.
    outcome.label = _("women's visits relative to {site}").format(site=comp_name)
    pre = target.index < pd.Timestamp(info.start_on)
    comparison_pre = pd.DataFrame({info.site_name: target[pre], comp_name: comp[pre]})
    return outcome, comparison_pre

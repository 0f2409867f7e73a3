"""Impact of an adaptation: the analyses of analysis.md, assembled for one adaptation.

Series are aggregated in SQL by `advisory.services.attendance` (never all rows into pandas);
the statistics live in `advisory.analysis`. "Women" here means women and trans women
together (product.md: the group is women who use drugs, trans women included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.analysis import (
    BeforeAfter,
    ITSResult,
    WeekdayResult,
    before_after,
    interrupted_time_series,
    not_recorded_sentence,
    weekday_effect,
)
from advisory.analysis.wording import format_percent, format_range
from advisory.models import Adaptation, Site
from advisory.services import adaptations, attendance

WOMEN = ("woman", "trans_woman")
MEN = ("man",)
NOT_RECORDED = ("not_recorded",)
BASELINE_WEEKS = 104  # at most two years before the start: enough for seasons, recent enough
FREQ_CODES = {"week": "W", "month": "M"}


# The adaptation as the analyses see it: the same plain view the Adaptations page uses.
AdaptationInfo = adaptations.AdaptationView


@dataclass
class Outcome:
    """One analysed series: a result, or the plain reason there is none."""

    label: str
    result: ITSResult | None
    reason: str | None = None


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


def adaptation_info(session: Session, adaptation_id: int) -> AdaptationInfo:
    """The adaptation to analyse; NotFound when there is no such adaptation."""
    return adaptations.get_adaptation(session, adaptation_id)


def _window(
    session: Session, site_id: int, info: AdaptationInfo, freq: str, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The analysis window: whole periods with data at `site_id`, up to two years before.

    why: a week with no records before the first or after the last import is not a week with
    no visits; counting it as zero would invent a fall or a rise. Only the records that feed
    `freq` count (monthly records cannot fill a weekly series).
    """
    start = info.start_on - dt.timedelta(weeks=BASELINE_WEEKS)
    end = min(info.end_on or today, today)
    span = attendance.covered_span(session, site_id=site_id, freq=freq)
    if span is not None:
        first, last = span
        first_full = attendance.period_start(first, freq)
        if first_full < first:  # the first period is cut short: start at the next one
            first_full = attendance.period_start(first_full + dt.timedelta(days=32), freq)
        start = max(start, first_full)
        end = min(end, last + dt.timedelta(days=1))
    # Only whole periods: the period holding `end` is still being counted (or cut short).
    end = attendance.period_start(end, freq) - dt.timedelta(days=1)
    return start, end


def _series(
    session: Session,
    info: AdaptationInfo,
    freq: str,
    genders,
    start,
    end,
    service_ids,
    site_id: int | None = None,
) -> pd.Series:
    fn = attendance.weekly_series if freq == "week" else attendance.monthly_series
    return fn(
        session,
        site_id=site_id or info.site_id,
        genders=list(genders),
        service_ids=service_ids,
        start=start,
        end=end,
    )


def _exposure(
    session: Session, site_id: int, freq: str, index: pd.DatetimeIndex, warnings: list[str]
) -> pd.Series | None:
    if len(index) == 0:
        return None
    days = attendance.open_days(
        session, site_id=site_id, freq=freq, start=index[0].date(), end=index[-1].date()
    )
    days = days.reindex(index)
    if days.isna().any() or (days <= 0).any():
        if days.notna().any():
            warnings.append(
                "Open days are missing for some periods, so the estimate is not adjusted for "
                "how many days the site was open."
            )
        return None
    return days


def _fit(
    label: str,
    counts: pd.Series,
    info: AdaptationInfo,
    *,
    exposure=None,
    comparison=None,
    comparison_exposure=None,
    comparison_label="the comparison site",
    other_changes=(),
    k: int = 5,
) -> Outcome:
    try:
        result = interrupted_time_series(
            counts,
            info.start_on,
            exposure=exposure,
            comparison=comparison,
            comparison_exposure=comparison_exposure,
            comparison_label=comparison_label,
            label=label,
            intervention_name=info.name,
            other_changes=list(other_changes),
            small_count_threshold=k,
        )
    except ValueError as exc:
        return Outcome(label=label, result=None, reason=str(exc))
    return Outcome(label=label, result=result)


def _other_adaptations(
    session: Session, info: AdaptationInfo, start: dt.date, end: dt.date
) -> list[tuple[dt.date, str]]:
    """Other adaptations at the same site in force during the analysis window."""
    rows = session.scalars(
        select(Adaptation).where(Adaptation.site_id == info.site_id, Adaptation.id != info.id)
    )
    return sorted(
        (a.start_on, a.name)
        for a in rows
        if a.start_on <= end and (a.end_on is None or a.end_on >= start)
    )


def _not_recorded_sentence(all_visits: pd.DataFrame, start_on: dt.date) -> str | None:
    if all_visits.empty:
        return None
    total = all_visits.sum(axis=1)
    nr = all_visits["not_recorded"]
    before = total.index < pd.Timestamp(start_on)
    if total[before].sum() == 0 or total[~before].sum() == 0:
        return None
    return not_recorded_sentence(
        float(nr[before].sum() / total[before].sum()),
        float(nr[~before].sum() / total[~before].sum()),
    )


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
) -> ImpactReport:
    """Every analysis the impact page shows for one adaptation."""
    info = adaptation_info(session, adaptation_id)
    freq = attendance.normalise_freq(freq)
    if freq == "day":
        raise ValueError("Choose week or month for the impact analysis.")
    start, end = _window(session, info.site_id, info, freq, today or clock.today())
    warnings: list[str] = []
    marks = _other_adaptations(session, info, start, end)
    others = [f"{name} (from {day:%d %b %Y})" for day, name in marks]

    by_gender = attendance.series_by_gender(
        session, site_id=info.site_id, freq=freq, service_ids=service_ids, start=start, end=end
    )
    women = by_gender[list(WOMEN)].sum(axis=1).astype("int64")
    women.index.freq = by_gender.index.freq
    exposure = _exposure(session, info.site_id, freq, women.index, warnings)
    primary = _fit("women's visits", women, info, exposure=exposure, other_changes=others, k=k)

    secondary = []
    for label, genders in (
        ("men's visits", MEN),
        ("visits with gender not recorded", NOT_RECORDED),
    ):
        series = by_gender[list(genders)].sum(axis=1).astype("int64")
        series.index.freq = by_gender.index.freq
        secondary.append(_fit(label, series, info, exposure=exposure, other_changes=others, k=k))

    total = by_gender.sum(axis=1)
    share = (women / total.replace(0, np.nan)).rename("women's share of all visits")

    weekday, weekday_reason = None, None
    if info.weekdays:
        daily_end = min(info.end_on or end, end)
        daily = attendance.daily_series(
            session,
            site_id=info.site_id,
            genders=list(WOMEN),
            service_ids=service_ids,
            start=start,
            end=daily_end,
        )
        try:
            weekday = weekday_effect(
                daily, info.start_on, list(info.weekdays), label="women's visits"
            )
        except ValueError as exc:
            weekday_reason = str(exc)

    controlled, comparison_pre = None, None
    if comparison_site_id is not None and comparison_site_id != info.site_id:
        comp_site = session.get(Site, comparison_site_id)
        # Only the periods both sites have data for.
        comp_start, comp_end = _window(
            session, comparison_site_id, info, freq, end + dt.timedelta(days=1)
        )
        both = (women.index >= pd.Timestamp(comp_start)) & (women.index <= pd.Timestamp(comp_end))
        target = women[both]
        target.index.freq = women.index.freq
        comp = _series(
            session, info, freq, WOMEN, start, end, service_ids, site_id=comparison_site_id
        ).reindex(target.index, fill_value=0)
        comp.index.freq = women.index.freq
        comp_exposure = _exposure(session, comparison_site_id, freq, comp.index, [])
        own_exposure = exposure[both] if exposure is not None else None
        use_exposure = own_exposure if comp_exposure is not None else None
        controlled = _fit(
            "women's visits",
            target,
            info,
            exposure=use_exposure,
            comparison=comp,
            comparison_exposure=comp_exposure if use_exposure is not None else None,
            comparison_label=comp_site.name if comp_site else "the comparison site",
            other_changes=others,
            k=k,
        )
        # The table and headings name the comparison; the sentences take it from the result.
        controlled.label = (
            f"women's visits relative to {comp_site.name if comp_site else 'comparison'}"
        )
        pre = target.index < pd.Timestamp(info.start_on)
        comparison_pre = pd.DataFrame(
            {
                info.site_name: target[pre],
                (comp_site.name if comp_site else "comparison"): comp[pre],
            }
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
        not_recorded=_not_recorded_sentence(by_gender, info.start_on),
        other_adaptations=others,
        other_marks=marks,
        warnings=warnings,
    )


@dataclass(frozen=True)
class OverviewRow:
    adaptation_id: int
    name: str
    site: str
    start_on: dt.date
    state: str
    change: str  # e.g. "+48% (likely range +25% to +90%)"
    verdict: str
    other_changes: tuple[str, ...] = ()  # other adaptations at the site within the window


def overview(session: Session, *, k: int = 5, today: dt.date | None = None) -> list[OverviewRow]:
    """One row per adaptation: women's change at its site, with its likely range."""
    rows = []
    ids = session.scalars(select(Adaptation.id).order_by(Adaptation.start_on)).all()
    for adaptation_id in ids:
        info = adaptation_info(session, adaptation_id)
        # Weekly where the site reports days or weeks; monthly where it reports months only.
        weekly = attendance.covered_span(session, site_id=info.site_id, freq="week")
        freq = "week" if weekly is not None else "month"
        start, end = _window(session, info.site_id, info, freq, today or clock.today())
        women = _series(session, info, freq, WOMEN, start, end, None)
        warnings: list[str] = []
        exposure = _exposure(session, info.site_id, freq, women.index, warnings)
        others = tuple(
            f"{name} (from {day:%d %b %Y})"
            for day, name in _other_adaptations(session, info, start, end)
        )
        outcome = _fit("women's visits", women, info, exposure=exposure, other_changes=others, k=k)
        r = outcome.result
        head = (info.id, info.name, info.site_name, info.start_on)
        if r is None:
            rows.append(OverviewRow(*head, "no data", outcome.reason or "", "", others))
        elif r.state == "too_early":
            rows.append(OverviewRow(*head, r.state, "", r.verdict, others))
        else:
            change = f"{format_percent(r.level_change)} ({format_range(r.level_change_ci)})"
            rows.append(OverviewRow(*head, r.state, change, r.verdict, others))
    return rows

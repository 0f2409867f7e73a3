"""Impact of an adaptation: the analyses of analysis.md, assembled for one adaptation.

Series are aggregated in SQL by `advisory.services.attendance` (never all rows into pandas);
the statistics live in `advisory.analysis`. "Women" here means women and trans women
together (product.md: the group is women who use drugs, trans women included).

What the checks of issue 9 get from here: the site's visits with gender not recorded and all
its visits (the recording-change check), the start dates of the other adaptations at the site
in the window (one step each), the open days with closed weeks as zero, and the weeks with no
records at all marked closed (left out, not read as nobody coming).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.analysis import (
    BeforeAfter,
    DataState,
    ITSResult,
    WeekdayResult,
    before_after,
    interrupted_time_series,
    not_recorded_sentence,
    weekday_effect,
)
from advisory.analysis.wording import (
    caveat_flags,
    format_percent,
    format_range,
    open_days_assumed_warning,
    public_reasons,
)
from advisory.models import Adaptation, Site
from advisory.services import adaptations, attendance

WOMEN = ("woman", "trans_woman")
MEN = ("man",)
NOT_RECORDED = ("not_recorded",)
BASELINE_WEEKS = 104  # at most two years before the start: enough for seasons, recent enough
FREQ_CODES = {"week": "W", "month": "M"}
#: A period with no records at all for any gender is taken as closed (or its records lost)
#: when the site's typical total is at least this much: then nobody coming is not plausible.
TYPICAL_TOTAL_FOR_CLOSURE = 10
#: The same for one day of the weekday model (per open day).
TYPICAL_DAY_FOR_CLOSURE = 5


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

    @property
    def headline(self) -> Outcome:
        """The outcome the verdict is read from: the comparison-site model when one is chosen.

        why: shocks the two sites share (weather, police, paydays) cancel in the comparison, so
        its ranges stay honest when weeks come in runs (issue 9: 0.96-0.97 coverage).
        """
        if self.controlled is not None and self.controlled.result is not None:
            return self.controlled
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


@dataclass(frozen=True)
class _Exposure:
    """Open days per period (None when the site records none) and the periods taken as closed."""

    days: pd.Series | None
    closed: pd.Series


def _exposure(
    session: Session,
    site_id: int,
    freq: str,
    totals: pd.Series,
    warnings: list[str],
) -> _Exposure:
    """Open days with closed periods kept as 0, and periods with no records at all as closed.

    why (issue 9, item 6): one week with zero open days used to drop the open-days offset for
    the whole series, and the warning then said open days were "missing". Now a week with no
    open days is closed (left out), a week with visits but no open-days record gets the site's
    usual number, and the rest keep their own.
    """
    index = totals.index
    typical_total = float(totals[totals > 0].median()) if (totals > 0).any() else 0.0
    no_records = (totals == 0) & (typical_total >= TYPICAL_TOTAL_FOR_CLOSURE)
    closed = pd.Series(no_records.to_numpy(dtype=bool), index=index)
    if len(index) == 0:
        return _Exposure(None, closed)
    days = attendance.open_days(
        session, site_id=site_id, freq=freq, start=index[0].date(), end=index[-1].date()
    ).reindex(index)
    known = days[(days > 0) & (totals > 0)]
    if known.empty:
        return _Exposure(None, closed)
    usual = float(known.median())
    unknown = (days.isna() | (days <= 0)) & (totals > 0)
    if unknown.any():
        warnings.append(open_days_assumed_warning(int(unknown.sum()), usual))
    filled = days.where(~unknown, usual).fillna(0.0)
    filled[closed] = 0.0
    filled.index.freq = index.freq
    return _Exposure(filled.astype(float), closed & (filled == 0))


def _fit(
    label: str,
    counts: pd.Series,
    info: AdaptationInfo,
    *,
    exposure: _Exposure | None = None,
    comparison=None,
    comparison_exposure=None,
    comparison_label="the comparison site",
    other_changes=(),
    others: Sequence[tuple[dt.date, str, dt.date | None]] = (),
    not_recorded: pd.Series | None = None,
    all_visits: pd.Series | None = None,
    phase_in: int = 0,
    k: int = 5,
) -> Outcome:
    try:
        result = interrupted_time_series(
            counts,
            info.start_on,
            exposure=exposure.days if exposure is not None else None,
            closed=exposure.closed if exposure is not None else None,
            comparison=comparison,
            comparison_exposure=comparison_exposure,
            comparison_label=comparison_label,
            label=label,
            intervention_name=info.name,
            other_changes=list(other_changes),
            other_starts=[day for day, _, _ in others],
            other_names=[name for _, name, _ in others],
            other_ends=[last for _, _, last in others],
            not_recorded=not_recorded,
            all_visits=all_visits,
            phase_in=phase_in,
            small_count_threshold=k,
        )
    except ValueError as exc:
        return Outcome(label=label, result=None, reason=str(exc))
    return Outcome(label=label, result=result)


def _other_windows(
    session: Session, info: AdaptationInfo, start: dt.date, end: dt.date
) -> list[tuple[dt.date, str, dt.date | None]]:
    """(start, name, end or None) of the other adaptations in force during the window."""
    rows = session.scalars(
        select(Adaptation).where(Adaptation.site_id == info.site_id, Adaptation.id != info.id)
    )
    return sorted(
        (
            (a.start_on, a.name, a.end_on)
            for a in rows
            if a.start_on <= end and (a.end_on is None or a.end_on >= start)
        ),
        key=lambda item: (item[0], item[1]),
    )


def _other_names(windows: Sequence[tuple[dt.date, str, dt.date | None]]) -> list[str]:
    """ "Childcare corner (from 03 Nov 2025)": how the caveat names the other adaptations."""
    return [f"{name} (from {day:%d %b %Y})" for day, name, _ in windows]


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


@dataclass(frozen=True)
class _Site:
    """One site's series in the window, as the women's analyses need them."""

    by_gender: pd.DataFrame
    women: pd.Series
    not_recorded: pd.Series
    total: pd.Series
    exposure: _Exposure


def _site_series(
    session: Session,
    site_id: int,
    freq: str,
    start: dt.date,
    end: dt.date,
    service_ids: list[int] | None,
    warnings: list[str],
) -> _Site:
    by_gender = attendance.series_by_gender(
        session, site_id=site_id, freq=freq, service_ids=service_ids, start=start, end=end
    )

    def column_sum(genders: tuple[str, ...] | list[str]) -> pd.Series:
        series = by_gender[list(genders)].sum(axis=1).astype("int64")
        series.index.freq = by_gender.index.freq
        return series

    total = column_sum(list(by_gender.columns))
    exposure = _exposure(session, site_id, freq, total, warnings)
    return _Site(by_gender, column_sum(WOMEN), column_sum(NOT_RECORDED), total, exposure)


def _women_outcome(
    site: _Site,
    info: AdaptationInfo,
    windows: list[tuple[dt.date, str, dt.date | None]],
    *,
    phase_in: int,
    k: int,
) -> Outcome:
    return _fit(
        "women's visits",
        site.women,
        info,
        exposure=site.exposure,
        other_changes=_other_names(windows),
        others=windows,
        not_recorded=site.not_recorded,
        all_visits=site.total,
        phase_in=phase_in,
        k=k,
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
    phase_in: int = 0,
) -> ImpactReport:
    """Every analysis the impact page shows for one adaptation.

    ``phase_in`` leaves out that many periods right after the start (changes that take time).
    """
    info = adaptation_info(session, adaptation_id)
    freq = attendance.normalise_freq(freq)
    if freq == "day":
        raise ValueError("Choose week or month for the impact analysis.")
    start, end = _window(session, info.site_id, info, freq, today or clock.today())
    warnings: list[str] = []
    windows = _other_windows(session, info, start, end)
    marks = [(day, name) for day, name, _ in windows]
    others = _other_names(windows)

    site = _site_series(session, info.site_id, freq, start, end, service_ids, warnings)
    women = site.women
    primary = _women_outcome(site, info, windows, phase_in=phase_in, k=k)

    secondary = []
    for label, genders in (
        ("men's visits", MEN),
        ("visits with gender not recorded", NOT_RECORDED),
    ):
        series = site.by_gender[list(genders)].sum(axis=1).astype("int64")
        series.index.freq = site.by_gender.index.freq
        secondary.append(
            _fit(
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

    share = (women / site.total.replace(0, np.nan)).rename("women's share of all visits")

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
        not_recorded=_not_recorded_sentence(site.by_gender, info.start_on),
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
            label="women's visits",
            closed=closed.astype(bool),
        )
    except ValueError as exc:
        return None, str(exc)
    return result, None


def _controlled(
    session: Session,
    info: AdaptationInfo,
    site: _Site,
    comparison_site_id: int,
    span: tuple[str, dt.date, dt.date],
    service_ids: list[int] | None,
    windows: list[tuple[dt.date, str, dt.date | None]],
    *,
    phase_in: int,
    k: int,
) -> tuple[Outcome, pd.DataFrame]:
    freq, start, end = span
    comp_site = session.get(Site, comparison_site_id)
    comp_name = comp_site.name if comp_site else "the comparison site"
    # Only the periods both sites have data for.
    comp_start, comp_end = _window(
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
    comp_exposure = _exposure(session, comparison_site_id, freq, comparison.sum(axis=1), [])
    own = site.exposure
    exposure = _Exposure(part(own.days) if own.days is not None else None, part(own.closed))
    # The comparison's own closed weeks leave its own rows (as 0 exposure); its open days, when
    # it records them, are its offset.
    comp_days = comp_exposure.days
    if comp_days is None and comp_exposure.closed.any():
        comp_days = (~comp_exposure.closed).astype(float)
    outcome = _fit(
        "women's visits",
        target,
        info,
        exposure=exposure,
        comparison=comp,
        comparison_exposure=comp_days,
        comparison_label=comp_name,
        other_changes=_other_names(windows),
        others=windows,
        not_recorded=part(site.not_recorded),
        all_visits=part(site.total),
        phase_in=phase_in,
        k=k,
    )
    # The table and headings name the comparison; the sentences take it from the result.
    outcome.label = f"women's visits relative to {comp_name}"
    pre = target.index < pd.Timestamp(info.start_on)
    comparison_pre = pd.DataFrame({info.site_name: target[pre], comp_name: comp[pre]})
    return outcome, comparison_pre


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
    #: Why the verdict is "we can't tell yet" and what to keep in mind, as short phrases.
    caveats: tuple[str, ...] = ()
    #: Data quality: gender not recorded before and after, closed or missing periods.
    quality: tuple[str, ...] = ()
    #: The reasons as whole sentences without any count (safe for a share link).
    public_reasons: tuple[str, ...] = ()


def overview(
    session: Session, *, k: int = 5, today: dt.date | None = None, phase_in: int = 0
) -> list[OverviewRow]:
    """One row per adaptation: women's change at its site, its likely range and its caveats.

    The same analysis as the detail page's women's visits (same checks, same words).
    """
    rows = []
    ids = session.scalars(select(Adaptation.id).order_by(Adaptation.start_on)).all()
    for adaptation_id in ids:
        info = adaptation_info(session, adaptation_id)
        # Weekly where the site reports days or weeks; monthly where it reports months only.
        weekly = attendance.covered_span(session, site_id=info.site_id, freq="week")
        freq = "week" if weekly is not None else "month"
        start, end = _window(session, info.site_id, info, freq, today or clock.today())
        warnings: list[str] = []
        site = _site_series(session, info.site_id, freq, start, end, None, warnings)
        windows = _other_windows(session, info, start, end)
        others = tuple(_other_names(windows))
        outcome = _women_outcome(site, info, windows, phase_in=phase_in, k=k)
        r = outcome.result
        head = (info.id, info.name, info.site_name, info.start_on)
        if r is None:
            rows.append(OverviewRow(*head, "no data", outcome.reason or "", "", others))
            continue
        flags = caveat_flags(r)
        quality = tuple(q for q in (_not_recorded_sentence(site.by_gender, info.start_on),) if q)
        quality += tuple(warnings)
        extra = {"caveats": tuple(flags), "quality": quality, "public_reasons": public_reasons(r)}
        if r.state == DataState.TOO_EARLY:
            rows.append(OverviewRow(*head, r.state.value, "", r.verdict.value, others, **extra))
        else:
            change = f"{format_percent(r.after_ratio)} ({format_range(r.after_ratio_ci)})"
            if not r.likely_ranges:
                change = ""
            rows.append(OverviewRow(*head, r.state.value, change, r.verdict.value, others, **extra))
    return rows

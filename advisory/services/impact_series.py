"""The series the impact analyses read, aggregated in SQL: the analysis window, one site's
visits by gender, open days with closed periods, and the other adaptations in the window.

Split from :mod:`advisory.services.impact` (issue 11): this module reads the database, the
analyses in `advisory.analysis` never do. "Women" means women and trans women together
(product.md: the group is women who use drugs, trans women included).

What the checks of issue 9 get from here: the site's visits with gender not recorded and all
its visits (the recording-change check), the start dates of the other adaptations at the site
in the window (one step each), the open days with closed weeks as zero, and the weeks with no
records at all marked closed (left out, not read as nobody coming).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.analysis import not_recorded_sentence
from advisory.analysis.wording import open_days_assumed_warning
from advisory.i18n import _, format_date
from advisory.models import Adaptation
from advisory.services import adaptations, attendance

WOMEN = ("woman", "trans_woman")
MEN = ("man",)
NOT_RECORDED = ("not_recorded",)
BASELINE_WEEKS = 104  # at most two years before the start: enough for seasons, recent enough
#: A period with no records at all for any gender is taken as closed (or its records lost)
#: when the site's typical total is at least this much: then nobody coming is not plausible.
TYPICAL_TOTAL_FOR_CLOSURE = 10
#: The same for one day of the weekday model (per open day).
TYPICAL_DAY_FOR_CLOSURE = 5

# The adaptation as the analyses see it: the same plain view the Adaptations page uses.
AdaptationInfo = adaptations.AdaptationView
#: (start, name, end or None) of another adaptation in force during the window.
OtherWindow = tuple[dt.date, str, dt.date | None]


def analysis_window(
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


@dataclass(frozen=True)
class Exposure:
    """Open days per period (None when the site records none) and the periods taken as closed."""

    days: pd.Series | None
    closed: pd.Series


def exposure_of(
    session: Session,
    site_id: int,
    freq: str,
    totals: pd.Series,
    warnings: list[str],
) -> Exposure:
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
        return Exposure(None, closed)
    days = attendance.open_days(
        session, site_id=site_id, freq=freq, start=index[0].date(), end=index[-1].date()
    ).reindex(index)
    known = days[(days > 0) & (totals > 0)]
    if known.empty:
        return Exposure(None, closed)
    usual = float(known.median())
    unknown = (days.isna() | (days <= 0)) & (totals > 0)
    if unknown.any():
        warnings.append(open_days_assumed_warning(int(unknown.sum()), usual))
    filled = days.where(~unknown, usual).fillna(0.0)
    filled[closed] = 0.0
    filled.index.freq = index.freq
    return Exposure(filled.astype(float), closed & (filled == 0))


def other_windows(
    session: Session, info: AdaptationInfo, start: dt.date, end: dt.date
) -> list[OtherWindow]:
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


def other_names(windows: Sequence[OtherWindow]) -> list[str]:
    """ "Childcare corner (from 03 Nov 2025)": how the caveat names the other adaptations."""
    return [
        _("{name} (from {day})").format(name=name, day=format_date(day, "dd MMM y"))
        for day, name, _unused in windows
    ]


def not_recorded_share_sentence(all_visits: pd.DataFrame, start_on: dt.date) -> str | None:
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
class SiteSeries:
    """One site's series in the window, as the women's analyses need them."""

    by_gender: pd.DataFrame
    women: pd.Series
    not_recorded: pd.Series
    total: pd.Series
    exposure: Exposure


def site_series(
    session: Session,
    site_id: int,
    freq: str,
    start: dt.date,
    end: dt.date,
    service_ids: list[int] | None,
    warnings: list[str],
) -> SiteSeries:
    by_gender = attendance.series_by_gender(
        session, site_id=site_id, freq=freq, service_ids=service_ids, start=start, end=end
    )

    def column_sum(genders: tuple[str, ...] | list[str]) -> pd.Series:
        series = by_gender[list(genders)].sum(axis=1).astype("int64")
        series.index.freq = by_gender.index.freq
        return series

    total = column_sum(list(by_gender.columns))
    exposure = exposure_of(session, site_id, freq, total, warnings)
    return SiteSeries(by_gender, column_sum(WOMEN), column_sum(NOT_RECORDED), total, exposure)

"""Attendance trends as a funder may see them: one table per site, single counts, no totals.

Each count is protected on its own (1..k-1 written "<k"), and no sum of them is shown
anywhere in a shared output (see :mod:`advisory.services.share_content`), which is what makes
primary suppression enough here. The period length is chosen once per site
(:func:`shared_granularity`) and used by the funder view and the shareable report alike.
The internal report uses :func:`exact_rows` instead (authenticated, exact numbers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory import privacy
from advisory.db import reads
from advisory.i18n import N_, _, format_number
from advisory.models import GENDER_GROUPS, AttendanceRecord
from advisory.periods import PANDAS_FREQ, RECORDS_FITTING, bucket_sql, period_start
from advisory.services.attendance import GENDER_LABELS
from advisory.services.shared_output import (
    Granularity,
    ProtectedTable,
    as_date,
    period_label,
    site_names,
)

# Column names, translated where the tables are built: _(ALL_VISITS).
ALL_VISITS = N_("All visits")
WOMEN_SHARE = N_("Women, share of visits (%)")


@dataclass(frozen=True)
class AttendanceTrend:
    site: str
    granularity: Granularity
    table: ProtectedTable  # rows periods; columns gender groups (internal: + total and %)


@reads
def attendance_counts(
    session: Session,
    *,
    site_id: int,
    freq: Granularity,
    start: dt.date | None = None,
    end: dt.date | None = None,
    genders: Sequence[str] = GENDER_GROUPS,
) -> pd.DataFrame:
    """Visits per period (week, month or quarter) and gender group at one site, summed in SQL.

    Only records whose own period starts inside [start, end] count (a scope's first day is
    not widened to the start of its week or month). Every period from the first to the last
    period with records is present (gaps between filled with 0); columns are ``genders`` in
    order; an empty frame if there are no records.

    Remembered for the rest of ``session`` (``session.info``): a funder view and its reports
    ask for the same counts several times in one read-only unit of work.
    """
    if freq not in ("week", "month", "quarter"):
        raise ValueError("freq must be week, month or quarter.")
    memo = session.info.setdefault("share_content.attendance_counts", {})
    key = (site_id, freq, start, end, tuple(genders))
    if key not in memo:
        memo[key] = _attendance_counts(
            session, site_id=site_id, freq=freq, start=start, end=end, genders=genders
        )
    return memo[key].copy()


def _attendance_counts(
    session: Session,
    *,
    site_id: int,
    freq: Granularity,
    start: dt.date | None,
    end: dt.date | None,
    genders: Sequence[str],
) -> pd.DataFrame:
    sql_freq = "month" if freq == "quarter" else freq
    a = AttendanceRecord
    bucket = bucket_sql(session.get_bind().dialect.name, a.period_start, sql_freq).label("bucket")
    q = (
        select(bucket, a.gender, func.sum(a.visits))
        .where(
            a.site_id == site_id,
            a.period.in_(RECORDS_FITTING[sql_freq]),
            a.gender.in_(list(genders)),
        )
        .group_by(bucket, a.gender)
    )
    if start is not None:
        q = q.where(a.period_start >= start)
    if end is not None:
        q = q.where(a.period_start <= end)
    columns = list(genders)
    totals: dict[pd.Timestamp, dict[str, int]] = {}
    for b, g, v in session.execute(q):
        day = pd.Timestamp(as_date(b))
        totals.setdefault(day, {})[str(g)] = int(v or 0)
    if not totals:
        return pd.DataFrame(
            columns=columns, index=pd.DatetimeIndex([], name="period_start"), dtype="int64"
        )
    wide = pd.DataFrame.from_dict(totals, orient="index").reindex(columns=columns)
    wide = wide.fillna(0).astype("int64").sort_index()
    if freq == "quarter":
        wide = privacy.aggregate_to(wide, "quarter")
    # From the first to the last period with records: no invented zeros at either end.
    first = period_start(wide.index.min().date(), freq)
    last = period_start(wide.index.max().date(), freq)
    index = pd.date_range(first, last, freq=PANDAS_FREQ[freq], name="period_start")
    wide = wide.reindex(index, fill_value=0).astype("int64")
    wide.columns.name = None
    return wide


@reads
def shared_granularity(
    session: Session,
    *,
    site_id: int,
    k: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Granularity:
    """The period length every shared output uses for this site and range: months, or
    quarters when more than half of the non-zero monthly counts would be hidden.

    why never weeks (issue 13): a weekly table of six years is 300 rows a funder scrolls
    past on a phone, and choosing needed a second pass over every weekly record.
    """
    monthly = attendance_counts(session, site_id=site_id, freq="month", start=start, end=end)
    if monthly.empty:
        return "month"
    chosen = privacy.choose_shared_granularity(monthly, k)
    return "month" if chosen == "week" else chosen


def protect_cells(counts: pd.DataFrame, k: int, granularity: Granularity) -> ProtectedTable:
    """Protect a periods x gender-groups table for sharing: each count on its own, no totals.

    Counts of 1..k-1 become "<k" (:func:`advisory.privacy.suppress_series`, column by column);
    zeros and counts of k or more are shown. Safe only because no sum of these counts is shown
    anywhere in a shared output (see the module docstring).
    """
    index = [period_label(p, granularity) for p in counts.index]
    display: dict[str, list[str]] = {}
    numbers: dict[str, pd.Series] = {}
    hidden_any = False
    for gender in counts.columns:
        series = privacy.suppress_series(counts[gender], k)
        display[_(GENDER_LABELS[gender])] = series.display().tolist()
        numbers[_(GENDER_LABELS[gender])] = series.as_numbers()
        hidden_any = hidden_any or bool(series.hidden.any())
    shown = pd.DataFrame(display, index=index, dtype="str")
    numbers_frame = pd.DataFrame(numbers, index=counts.index, dtype="float64")
    if counts.empty:
        shown = pd.DataFrame(columns=[_(GENDER_LABELS[g]) for g in counts.columns], dtype="str")
        numbers_frame = shown.astype("float64")
    note = privacy.suppression_note(k, secondary=False)
    return ProtectedTable(shown, numbers_frame, note, hidden_any)


def exact_rows(counts: pd.DataFrame, granularity: Granularity) -> ProtectedTable:
    """Exact counts with an "All visits" total and the women's share (authenticated use only)."""
    labels = [_(GENDER_LABELS[g]) for g in counts.columns]
    all_visits, women_share, women_label = _(ALL_VISITS), _(WOMEN_SHARE), _(GENDER_LABELS["woman"])
    frame = counts.copy()
    frame.columns = labels
    frame[all_visits] = frame.sum(axis=1)
    women = frame[women_label] if women_label in frame else 0
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = (100.0 * women / frame[all_visits].replace(0, np.nan)).astype("float64")
    numbers = frame.astype("float64")
    numbers[women_share] = pct
    display = pd.DataFrame(
        {
            **{c: [format_number(int(v)) for v in frame[c]] for c in [*labels, all_visits]},
            women_share: ["" if pd.isna(p) else f"{p:.0f}%" for p in pct],
        },
        dtype="str",
    )
    display.index = [period_label(p, granularity) for p in counts.index]
    return ProtectedTable(display, numbers, "", False)


@reads
def attendance_trends(
    session: Session,
    *,
    site_ids: Sequence[int],
    date_from: dt.date | None,
    date_to: dt.date | None,
    k: int,
) -> tuple[AttendanceTrend, ...]:
    """One protected table per site (never a table across sites: see the module docstring)."""
    names = site_names(session, site_ids)
    trends = []
    for site_id in site_ids:
        granularity = shared_granularity(
            session, site_id=site_id, k=k, start=date_from, end=date_to
        )
        counts = attendance_counts(
            session, site_id=site_id, freq=granularity, start=date_from, end=date_to
        )
        trends.append(
            AttendanceTrend(
                site=names.get(site_id, _("A removed site")),
                granularity=granularity,
                table=protect_cells(counts, k, granularity),
            )
        )
    return tuple(trends)

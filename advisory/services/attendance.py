"""Attendance series: visits per day, week or month at a site, by gender group and service.

Every query here aggregates in SQL (GROUP BY a day, week or month bucket from
`advisory.periods.bucket_sql`) and hands pandas only the aggregated rows: a site with six years
of daily data by service and gender group is hundreds of thousands of rows, a weekly series is
about 300.

Series conventions (used by the impact analysis, issue 5):
- weeks start on Monday, months on the 1st; indexes are `DatetimeIndex`es of those starts;
- periods inside the range with no records are filled with 0 (use `open_days` and
  `attendance_completeness.missing_periods` to tell a closed week from a week with no data);
- `day` records count in their day, week and month; `week` records count in the week (and
  the month) of their Monday; `month` records only count in monthly series.

The rest of attendance lives beside this module: `service_list` (the services list),
`attendance_completeness`, `attendance_import` (files), `tally` (the weekly grid and open
days), `import_batches` (history and undo), `attendance_export`, `dhis2_mappings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory.db import reads
from advisory.i18n import N_
from advisory.models import GENDER_GROUPS, AttendanceRecord, OpenTime, Site
from advisory.periods import (  # noqa: F401 - normalise_freq and period_start: used through this module by impact
    PANDAS_FREQ,
    RECORDS_FITTING,
    bucket_sql,
    normalise_freq,
    period_start,
)

# Display names of the stored gender keys; translate where shown: _(GENDER_LABELS[key]).
GENDER_LABELS: dict[str, str] = {
    "woman": N_("Women"),
    "trans_woman": N_("Trans women"),
    "man": N_("Men"),
    "trans_man": N_("Trans men"),
    "non_binary": N_("Non-binary"),
    "not_recorded": N_("Not recorded"),
}


def as_date(value: object) -> dt.date:
    """A date column's value as a date (SQLite hands back text, PostgreSQL dates)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _genders(gender: str | Iterable[str] | None, genders: str | Iterable[str] | None) -> list[str]:
    if gender is not None and genders is not None:
        raise ValueError("Pass gender or genders, not both.")
    chosen = genders if genders is not None else gender
    if chosen is None:
        return list(GENDER_GROUPS)
    values = [chosen] if isinstance(chosen, str) else list(chosen)
    unknown = [g for g in values if g not in GENDER_GROUPS]
    if unknown:
        raise ValueError(f"Unknown gender group(s) {unknown}; use {', '.join(GENDER_GROUPS)}.")
    return values


def _full_index(freq: str, first: dt.date, last: dt.date) -> pd.DatetimeIndex:
    first, last = period_start(first, freq), period_start(last, freq)
    index = pd.date_range(first, last, freq=PANDAS_FREQ[freq], name="period_start")
    return index


def _series(
    session: Session,
    *,
    freq: str,
    site_id: int,
    gender: str | Iterable[str] | None,
    genders: str | Iterable[str] | None,
    service_ids: Sequence[int] | None,
    start: dt.date | None,
    end: dt.date | None,
) -> pd.Series:
    freq = normalise_freq(freq)
    chosen = _genders(gender, genders)
    a = AttendanceRecord
    bucket = bucket_sql(_dialect(session), a.period_start, freq).label("bucket")
    q = (
        select(bucket, func.sum(a.visits))
        .where(a.site_id == site_id, a.gender.in_(chosen), a.period.in_(RECORDS_FITTING[freq]))
        .group_by(bucket)
        .order_by(bucket)
    )
    if service_ids is not None:
        q = q.where(a.service_id.in_(list(service_ids)))
    if start is not None:
        q = q.where(a.period_start >= period_start(start, freq))
    if end is not None:
        q = q.where(a.period_start <= end)
    rows = session.execute(q).all()
    values = {pd.Timestamp(as_date(b)): int(v or 0) for b, v in rows}
    if start is None and end is None and not values:
        empty = pd.DatetimeIndex([], name="period_start")
        return pd.Series([], index=empty, dtype="int64", name="visits")
    first = start or min(values).date()
    last = end or max(values).date()
    index = _full_index(freq, first, last)
    series = pd.Series(values, dtype="int64").reindex(index, fill_value=0)
    series.index.name = "period_start"
    series.name = "visits"
    if freq != "day":
        series.index.freq = PANDAS_FREQ[freq]
    return series


@reads
def daily_series(
    session: Session,
    *,
    site_id: int,
    gender: str | Iterable[str] | None = None,
    genders: str | Iterable[str] | None = None,
    service_ids: Sequence[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.Series:
    """Visits per day at a site (day records only), summed over the gender group(s) and
    services chosen (None: all), zeros filled from `start` (or the first record) to `end`
    (or the last record). Index: DatetimeIndex named period_start; values int64."""
    return _series(
        session,
        freq="day",
        site_id=site_id,
        gender=gender,
        genders=genders,
        service_ids=service_ids,
        start=start,
        end=end,
    )


@reads
def weekly_series(
    session: Session,
    *,
    site_id: int,
    gender: str | Iterable[str] | None = None,
    genders: str | Iterable[str] | None = None,
    service_ids: Sequence[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.Series:
    """Visits per week (weeks start on Monday; day and week records), zeros filled.

    `start`/`end` are snapped to the Monday of their week. Index freq is W-MON.
    """
    return _series(
        session,
        freq="week",
        site_id=site_id,
        gender=gender,
        genders=genders,
        service_ids=service_ids,
        start=start,
        end=end,
    )


@reads
def monthly_series(
    session: Session,
    *,
    site_id: int,
    gender: str | Iterable[str] | None = None,
    genders: str | Iterable[str] | None = None,
    service_ids: Sequence[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.Series:
    """Visits per calendar month (day, week and month records), zeros filled. Index freq MS."""
    return _series(
        session,
        freq="month",
        site_id=site_id,
        gender=gender,
        genders=genders,
        service_ids=service_ids,
        start=start,
        end=end,
    )


@reads
def series_by_gender(
    session: Session,
    *,
    site_id: int,
    freq: str = "week",
    service_ids: Sequence[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """Visits per period with one column per gender group (all six, zeros filled)."""
    freq = normalise_freq(freq)
    a = AttendanceRecord
    bucket = bucket_sql(_dialect(session), a.period_start, freq).label("bucket")
    q = (
        select(bucket, a.gender, func.sum(a.visits))
        .where(a.site_id == site_id, a.period.in_(RECORDS_FITTING[freq]))
        .group_by(bucket, a.gender)
    )
    if service_ids is not None:
        q = q.where(a.service_id.in_(list(service_ids)))
    if start is not None:
        q = q.where(a.period_start >= period_start(start, freq))
    if end is not None:
        q = q.where(a.period_start <= end)
    rows = [(pd.Timestamp(as_date(b)), str(g), int(v or 0)) for b, g, v in session.execute(q)]
    if not rows and (start is None or end is None):
        return pd.DataFrame(
            columns=list(GENDER_GROUPS),
            index=pd.DatetimeIndex([], name="period_start"),
            dtype="int64",
        )
    frame = pd.DataFrame(rows, columns=["period_start", "gender", "visits"])
    # groupby + unstack: the same table as pivot_table(aggfunc="sum"), several times faster.
    wide = frame.groupby(["period_start", "gender"])["visits"].sum().unstack(fill_value=0)
    first = start or wide.index.min().date()
    last = end or wide.index.max().date()
    wide = wide.reindex(index=_full_index(freq, first, last), columns=list(GENDER_GROUPS))
    wide = wide.fillna(0).astype("int64")
    wide.columns.name = None
    return wide


@reads
def open_days(
    session: Session,
    *,
    site_id: int,
    freq: str = "week",
    start: dt.date | None = None,
    end: dt.date | None = None,
    hours: bool = False,
) -> pd.Series:
    """Open days (or, with `hours=True`, open hours) per period at a site, from OpenTime.

    Day and week OpenTime rows are summed into the period containing their start; periods
    without any OpenTime row are NaN (unknown), not 0 (closed). The exposure for analysis.
    """
    freq = normalise_freq(freq)
    o = OpenTime
    value = o.open_hours if hours else o.open_days
    bucket = bucket_sql(_dialect(session), o.period_start, freq).label("bucket")
    q = (
        select(bucket, func.sum(value))
        .where(o.site_id == site_id, o.period.in_(RECORDS_FITTING[freq]), value.is_not(None))
        .group_by(bucket)
        .order_by(bucket)
    )
    if start is not None:
        q = q.where(o.period_start >= period_start(start, freq))
    if end is not None:
        q = q.where(o.period_start <= end)
    values = {pd.Timestamp(as_date(b)): float(v) for b, v in session.execute(q)}
    name = "open_hours" if hours else "open_days"
    if not values and (start is None or end is None):
        empty = pd.DatetimeIndex([], name="period_start")
        return pd.Series([], index=empty, dtype="float64", name=name)
    first = start or min(values).date()
    last = end or max(values).date()
    series = pd.Series(values, dtype="float64").reindex(_full_index(freq, first, last))
    series.index.name = "period_start"
    series.name = name
    return series


@reads
def sites_with_data(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the sites that have attendance records, by name."""
    q = (
        select(Site.id, Site.name)
        .where(select(AttendanceRecord.id).where(AttendanceRecord.site_id == Site.id).exists())
        .order_by(Site.name)
    )
    return [(i, n) for i, n in session.execute(q)]


_PERIOD_DAYS = {"day": 1, "week": 7}


@reads
def covered_span(session: Session, *, site_id: int, freq: str) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by the records that feed a series of `freq` at a site.

    The last day is the end of the last record's own period (a weekly record covers its
    Monday to Sunday), so a whole final week or month is not cut off.
    """
    freq = normalise_freq(freq)
    a = AttendanceRecord
    # why (issue 13, item 5): min/max grouped by period read every row of the site (a third of
    # a second at 100,000 rows, twice per adaptation on the impact page). The first and the
    # last record come from the (site_id, period_start) index in order, and only the records
    # of the last 31 days (the longest period) can end after the last one starts.
    fitting = a.site_id == site_id, a.period.in_(RECORDS_FITTING[freq])
    earliest = select(a.period_start).where(*fitting).order_by(a.period_start).limit(1)
    first_start = session.scalar(earliest)
    if first_start is None:
        return None
    latest = select(a.period_start).where(*fitting).order_by(a.period_start.desc()).limit(1)
    last_start = as_date(session.scalar(latest))
    rows = session.execute(
        select(a.period, func.max(a.period_start))
        .where(*fitting, a.period_start >= last_start - dt.timedelta(days=31))
        .group_by(a.period)
    ).all()
    first = as_date(first_start)
    ends = []
    for period, hi in rows:
        start = as_date(hi)
        if str(period) == "month":
            following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            ends.append(following - dt.timedelta(days=1))
        else:
            ends.append(start + dt.timedelta(days=_PERIOD_DAYS[str(period)] - 1))
    return first, max(ends)


@reads
def date_range(session: Session, *, site_id: int | None = None) -> tuple[dt.date, dt.date] | None:
    """First and last period_start of the records (of one site), or None when there are none."""
    a = AttendanceRecord
    q = select(func.min(a.period_start), func.max(a.period_start))
    if site_id is not None:
        q = q.where(a.site_id == site_id)
    lo, hi = session.execute(q).one()
    if lo is None:
        return None
    return as_date(lo), as_date(hi)

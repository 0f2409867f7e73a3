"""Attendance: the services list, time series, completeness, import batches, export, tally.

Every query here aggregates in SQL (GROUP BY a day, week or month bucket) and hands pandas
only the aggregated rows: a site with six years of daily data by service and gender group is
hundreds of thousands of rows, a weekly series is about 300.

Series conventions (used by the impact analysis, issue 5):
- weeks start on Monday, months on the 1st; indexes are `DatetimeIndex`es of those starts;
- periods inside the range with no records are filled with 0 (use `open_days` and
  `missing_periods` to tell a closed week from a week with no data);
- `day` records count in their day, week and month; `week` records count in the week (and
  the month) of their Monday; `month` records only count in monthly series.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.errors import InvalidTransition, NotFound, ValidationError
from advisory.models import (
    GENDER_GROUPS,
    AttendanceRecord,
    ImportBatch,
    OpenTime,
    Period,
    Service,
    Site,
)
from advisory.periods import (  # noqa: F401 - normalise_freq and period_start are part of this module's API
    PANDAS_FREQ,
    RECORDS_FITTING,
    bucket_sql,
    normalise_freq,
    period_start,
)
from advisory.permissions import require
from advisory.services import audit

# The services list the issue names; editable afterwards (add, rename, deactivate).
DEFAULT_SERVICES: tuple[str, ...] = (
    "drop-in visit",
    "needle and syringe programme",
    "opioid agonist therapy",
    "outreach contact",
    "HIV/hepatitis testing",
    "sexual and reproductive health",
    "gender-based-violence referral",
    "other",
)

GENDER_LABELS: dict[str, str] = {
    "woman": "Women",
    "trans_woman": "Trans women",
    "man": "Men",
    "trans_man": "Trans men",
    "non_binary": "Non-binary",
    "not_recorded": "Not recorded",
}

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --- services list ------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceView:
    id: int
    name: str
    active: bool


def ensure_default_services(session: Session) -> None:
    """Seed the issue's services list once, when the table is empty."""
    if session.scalar(select(func.count(Service.id))) == 0:
        session.add_all(Service(name=name) for name in DEFAULT_SERVICES)
        session.flush()


def list_services(session: Session, *, active_only: bool = False) -> list[ServiceView]:
    """The services list (seeded with the defaults on first use), by name."""
    ensure_default_services(session)
    q = select(Service).order_by(Service.name)
    if active_only:
        q = q.where(Service.active.is_(True))
    return [ServiceView(s.id, s.name, s.active) for s in session.scalars(q)]


def _clean_service_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("Enter the service's name.", field="name")
    if len(name) > 120:
        raise ValidationError("A service name is at most 120 characters.", field="name")
    return name


def _service_name_taken(session: Session, name: str, *, except_id: int | None = None) -> bool:
    q = select(Service.id).where(func.lower(Service.name) == name.lower())
    if except_id is not None:
        q = q.where(Service.id != except_id)
    return session.scalar(q) is not None


def add_service(session: Session, *, name: str, by: str, role: str) -> ServiceView:
    """Add a service to the list. Names are unique, ignoring case."""
    require(role, "manage_attendance")
    clean = _clean_service_name(name)
    ensure_default_services(session)
    if _service_name_taken(session, clean):
        raise ValidationError(f"A service named {clean!r} already exists.", field="name")
    service = Service(name=clean)
    session.add(service)
    session.flush()
    audit.record(session, actor=by, action="service.create", entity="service", entity_id=service.id)
    return ServiceView(service.id, service.name, service.active)


def rename_service(
    session: Session, *, service_id: int, name: str, by: str, role: str
) -> ServiceView:
    require(role, "manage_attendance")
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound("No such service.")
    clean = _clean_service_name(name)
    if _service_name_taken(session, clean, except_id=service_id):
        raise ValidationError(f"A service named {clean!r} already exists.", field="name")
    old = service.name
    service.name = clean
    audit.record(
        session,
        actor=by,
        action="service.update",
        entity="service",
        entity_id=service_id,
        detail=f"renamed from {old!r}",
    )
    return ServiceView(service.id, service.name, service.active)


def set_service_active(
    session: Session, *, service_id: int, active: bool, by: str, role: str
) -> None:
    """Deactivate (hide from new entry) or reactivate a service; its records stay."""
    require(role, "manage_attendance")
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound("No such service.")
    service.active = active
    audit.record(
        session,
        actor=by,
        action="service.update",
        entity="service",
        entity_id=service_id,
        detail=f"active={active}",
    )


# --- buckets and series ---------------------------------------------------------------------


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


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
    values = {pd.Timestamp(_as_date(b)): int(v or 0) for b, v in rows}
    if start is None and end is None and not values:
        return pd.Series([], index=pd.DatetimeIndex([], name="period_start"), dtype="int64",
                         name="visits")  # fmt: skip
    first = start or min(values).date()
    last = end or max(values).date()
    index = _full_index(freq, first, last)
    series = pd.Series(values, dtype="int64").reindex(index, fill_value=0)
    series.index.name = "period_start"
    series.name = "visits"
    if freq != "day":
        series.index.freq = PANDAS_FREQ[freq]
    return series


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
        session, freq="day", site_id=site_id, gender=gender, genders=genders,
        service_ids=service_ids, start=start, end=end,
    )  # fmt: skip


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
        session, freq="week", site_id=site_id, gender=gender, genders=genders,
        service_ids=service_ids, start=start, end=end,
    )  # fmt: skip


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
        session, freq="month", site_id=site_id, gender=gender, genders=genders,
        service_ids=service_ids, start=start, end=end,
    )  # fmt: skip


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
    rows = [(pd.Timestamp(_as_date(b)), str(g), int(v or 0)) for b, g, v in session.execute(q)]
    if not rows and (start is None or end is None):
        return pd.DataFrame(
            columns=list(GENDER_GROUPS),
            index=pd.DatetimeIndex([], name="period_start"),
            dtype="int64",
        )
    frame = pd.DataFrame(rows, columns=["period_start", "gender", "visits"])
    wide = frame.pivot_table(
        index="period_start", columns="gender", values="visits", aggfunc="sum", fill_value=0
    )
    first = start or wide.index.min().date()
    last = end or wide.index.max().date()
    wide = wide.reindex(index=_full_index(freq, first, last), columns=list(GENDER_GROUPS))
    wide = wide.fillna(0).astype("int64")
    wide.columns.name = None
    return wide


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
    values = {pd.Timestamp(_as_date(b)): float(v) for b, v in session.execute(q)}
    name = "open_hours" if hours else "open_days"
    if not values and (start is None or end is None):
        return pd.Series([], index=pd.DatetimeIndex([], name="period_start"), dtype="float64",
                         name=name)  # fmt: skip
    first = start or min(values).date()
    last = end or max(values).date()
    series = pd.Series(values, dtype="float64").reindex(_full_index(freq, first, last))
    series.index.name = "period_start"
    series.name = name
    return series


def set_open_time(
    session: Session,
    *,
    site_id: int,
    period: str,
    start: dt.date,
    open_days: float | None,
    open_hours: float | None,
    by: str,
    role: str,
) -> None:
    """Record (or correct) how many days / hours a site was open in one period."""
    require(role, "manage_attendance")
    period = normalise_freq(period)
    if session.get(Site, site_id) is None:
        raise NotFound("No such site.")
    if period_start(start, period) != start:
        raise ValidationError(
            "A week starts on a Monday and a month on the 1st.", field="period_start"
        )
    limit = {"day": 1, "week": 7, "month": 31}[period]
    if open_days is not None and not 0 <= open_days <= limit:
        raise ValidationError(f"Open days must be between 0 and {limit}.", field="open_days")
    if open_hours is not None and not 0 <= open_hours <= limit * 24:
        raise ValidationError(f"Open hours must be between 0 and {limit * 24}.", field="open_hours")
    row = session.scalar(
        select(OpenTime).where(
            OpenTime.site_id == site_id,
            OpenTime.period == Period(period),
            OpenTime.period_start == start,
        )
    )
    if row is None:
        row = OpenTime(site_id=site_id, period=Period(period), period_start=start)
        session.add(row)
    row.open_days, row.open_hours = open_days, open_hours
    session.flush()
    audit.record(
        session,
        actor=by,
        action="open_time.set",
        entity="site",
        entity_id=site_id,
        detail=f"{period} {start}: days={open_days} hours={open_hours}",
    )


# --- completeness ---------------------------------------------------------------------------


def not_recorded_share(
    session: Session,
    *,
    site_id: int | None = None,
    freq: str = "month",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """Share of visits whose gender was not recorded, per site and period.

    Columns: site_id, site, period_start (Timestamp), visits, not_recorded, share (0-1; NaN
    when there were no visits). Only periods with records appear. Aggregated in SQL.
    """
    freq = normalise_freq(freq)
    a = AttendanceRecord
    bucket = bucket_sql(_dialect(session), a.period_start, freq).label("bucket")
    nr = func.sum(case((a.gender == "not_recorded", a.visits), else_=0))
    q = (
        select(a.site_id, Site.name, bucket, func.sum(a.visits), nr)
        .join(Site, Site.id == a.site_id)
        .where(a.period.in_(RECORDS_FITTING[freq]))
        .group_by(a.site_id, Site.name, bucket)
        .order_by(Site.name, bucket)
    )
    if site_id is not None:
        q = q.where(a.site_id == site_id)
    if start is not None:
        q = q.where(a.period_start >= period_start(start, freq))
    if end is not None:
        q = q.where(a.period_start <= end)
    rows = [
        (sid, name, pd.Timestamp(_as_date(b)), int(v or 0), int(n or 0))
        for sid, name, b, v, n in session.execute(q)
    ]
    frame = pd.DataFrame(
        rows, columns=["site_id", "site", "period_start", "visits", "not_recorded"]
    )
    frame["share"] = np.where(
        frame["visits"] > 0,
        frame["not_recorded"] / frame["visits"].where(frame["visits"] > 0),
        np.nan,
    )
    return frame


def missing_periods(
    session: Session,
    *,
    site_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """Weeks a site was open but has no attendance records at all.

    A week counts as open when an OpenTime row says the site was open (open days > 0) that
    week, or, for weeks without any OpenTime row, when it lies between the site's first and
    last week with records (data around it). A week with OpenTime open days = 0 is closed,
    never missing. Columns: site_id, site, week_start (Timestamp), reason.
    """
    sites = {s.id: s.name for s in session.scalars(select(Site).order_by(Site.name))}
    if site_id is not None:
        sites = {k: v for k, v in sites.items() if k == site_id}
    a, o = AttendanceRecord, OpenTime
    week_a = bucket_sql(_dialect(session), a.period_start, "week").label("bucket")
    week_o = bucket_sql(_dialect(session), o.period_start, "week").label("bucket")
    data_q = (
        select(a.site_id, week_a).where(a.period.in_(("day", "week"))).group_by(a.site_id, week_a)
    )
    open_q = (
        select(o.site_id, week_o, func.sum(func.coalesce(o.open_days, 0)), func.count(o.id))
        .where(o.period.in_(("day", "week")))
        .group_by(o.site_id, week_o)
    )
    if site_id is not None:
        data_q = data_q.where(a.site_id == site_id)
        open_q = open_q.where(o.site_id == site_id)
    have: dict[int, set[dt.date]] = {}
    for sid, b in session.execute(data_q):
        have.setdefault(sid, set()).add(_as_date(b))
    opened: dict[int, dict[dt.date, float]] = {}
    for sid, b, days, _n in session.execute(open_q):
        opened.setdefault(sid, {})[_as_date(b)] = float(days or 0)
    lo = period_start(start, "week") if start else None
    hi = period_start(end, "week") if end else None
    out: list[tuple[int, str, pd.Timestamp, str]] = []
    for sid, name in sites.items():
        weeks_with_data = have.get(sid, set())
        open_weeks = opened.get(sid, {})
        candidates: dict[dt.date, str] = {}
        if weeks_with_data:
            first, last = min(weeks_with_data), max(weeks_with_data)
            day = first
            while day <= last:
                if day not in open_weeks:
                    candidates[day] = "no records in a week between weeks with records"
                day += dt.timedelta(days=7)
        for week, days in open_weeks.items():
            if days > 0:
                candidates[week] = f"open {days:g} days but no records"
        for week in sorted(candidates):
            if week in weeks_with_data:
                continue
            if (lo and week < lo) or (hi and week > hi):
                continue
            out.append((sid, name, pd.Timestamp(week), candidates[week]))
    return pd.DataFrame(out, columns=["site_id", "site", "week_start", "reason"])


# --- import batches --------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchView:
    id: int
    at: dt.datetime
    by: str
    file_name: str
    source: str
    row_count: int
    replaced_count: int
    skipped_count: int
    rows_now: int  # rows still carrying this batch (fewer once a later batch replaced some)
    undone_at: dt.datetime | None
    undone_by: str | None


def list_batches(session: Session, *, limit: int = 100) -> list[BatchView]:
    """Import batches, newest first, with how many of their rows are still stored."""
    counts = dict(
        session.execute(
            select(AttendanceRecord.batch_id, func.count(AttendanceRecord.id))
            .where(AttendanceRecord.batch_id.is_not(None))
            .group_by(AttendanceRecord.batch_id)
        ).all()
    )
    batches = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit))
    return [
        BatchView(
            id=b.id,
            at=b.at,
            by=b.by,
            file_name=b.file_name,
            source=b.source,
            row_count=b.row_count,
            replaced_count=b.replaced_count,
            skipped_count=b.skipped_count,
            rows_now=int(counts.get(b.id, 0)),
            undone_at=b.undone_at,
            undone_by=b.undone_by,
        )  # fmt: skip
        for b in batches
    ]


def undo_batch(session: Session, *, batch_id: int, by: str, role: str) -> int:
    """Delete every row an import batch wrote, as one unit; return how many were deleted.

    Rows the batch replaced are not restored (their earlier values were overwritten); rows a
    later batch replaced belong to that later batch and stay. Undoing twice is refused.
    """
    require(role, "manage_attendance")
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound("No such import batch.")
    if batch.undone_at is not None:
        raise InvalidTransition(
            f"Batch #{batch_id} was already undone by {batch.undone_by} "
            f"on {batch.undone_at:%Y-%m-%d %H:%M}."
        )
    deleted = session.execute(
        delete(AttendanceRecord).where(AttendanceRecord.batch_id == batch_id)
    ).rowcount
    batch.undone_at = clock.now()
    batch.undone_by = by
    audit.record(
        session,
        actor=by,
        action="attendance.undo",
        entity="import_batch",
        entity_id=batch_id,
        detail=f"{deleted} rows deleted",
    )
    return int(deleted or 0)


# --- totals and export -------------------------------------------------------------------------


def totals(session: Session) -> dict[str, int]:
    """Number of records and the sum of visits, unique_clients and new_clients."""
    a = AttendanceRecord
    n, v, u, c = session.execute(
        select(func.count(a.id), func.sum(a.visits), func.sum(a.unique_clients),
               func.sum(a.new_clients))
    ).one()  # fmt: skip
    return {
        "rows": int(n or 0),
        "visits": int(v or 0),
        "unique_clients": int(u or 0),
        "new_clients": int(c or 0),
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Text a spreadsheet would run as a formula gets an apostrophe in front (exports)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise` (imports), so an export re-imports to the same names."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


EXPORT_COLUMNS = (
    "date",
    "site",
    "service",
    "gender",
    "visits",
    "period",
    "unique_clients",
    "new_clients",
)


def export_rows(session: Session, *, chunk: int = 50_000) -> Iterator[tuple]:
    """Every record as a canonical CSV row (streamed: memory stays flat on big tables)."""
    a = AttendanceRecord
    q = (
        select(
            a.period_start,
            Site.name,
            Service.name,
            a.gender,
            a.visits,
            a.period,
            a.unique_clients,
            a.new_clients,
        )  # fmt: skip
        .join(Site, Site.id == a.site_id)
        .join(Service, Service.id == a.service_id)
        .order_by(a.period_start, Site.name, Service.name, a.period, a.gender)
        .execution_options(yield_per=chunk)
    )
    for day, site, service, gender, visits, period, unique, new in session.execute(q):
        yield (
            _as_date(day).isoformat(), neutralise(site), neutralise(service), str(gender),
            visits, str(period),
            "" if unique is None else unique, "" if new is None else new,
        )  # fmt: skip


def export_csv(session: Session, out: io.TextIOBase) -> int:
    """Write the canonical CSV (re-importable to the same totals); return the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    n = 0
    for row in export_rows(session):
        writer.writerow(row)
        n += 1
    return n


# --- manual weekly tally ---------------------------------------------------------------------


def week_days(week_start: dt.date) -> list[dt.date]:
    return [week_start + dt.timedelta(days=i) for i in range(7)]


def weekly_tally(
    session: Session, *, site_id: int, service_id: int, week_start: dt.date
) -> pd.DataFrame:
    """The stored day counts for one week: rows Monday..Sunday, columns the gender groups.

    Cells without a record are NaN (blank in the grid), recorded zeros are 0.
    """
    if week_start.weekday() != 0:
        raise ValidationError("A week starts on a Monday.", field="week_start")
    a = AttendanceRecord
    q = select(a.period_start, a.gender, a.visits).where(
        a.site_id == site_id,
        a.service_id == service_id,
        a.period == Period.day,
        a.period_start >= week_start,
        a.period_start <= week_start + dt.timedelta(days=6),
    )
    frame = pd.DataFrame(index=WEEKDAY_NAMES, columns=list(GENDER_GROUPS), dtype="float64")
    for day, gender, visits in session.execute(q):
        frame.loc[WEEKDAY_NAMES[_as_date(day).weekday()], str(gender)] = visits
    frame.index.name = "day"
    return frame


def tally_rows(
    week_start: dt.date, grid: Mapping[str, Mapping[str, object]] | pd.DataFrame
) -> list[dict[str, object]]:
    """Canonical rows from a tally grid (day name -> gender group -> count); blanks skipped."""
    frame = grid if isinstance(grid, pd.DataFrame) else pd.DataFrame(grid).T
    rows: list[dict[str, object]] = []
    for i, name in enumerate(WEEKDAY_NAMES):
        if name not in frame.index:
            continue
        for gender in GENDER_GROUPS:
            if gender not in frame.columns:
                continue
            value = frame.loc[name, gender]
            if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
                continue
            rows.append(
                {
                    "date": (week_start + dt.timedelta(days=i)).isoformat(),
                    "gender": gender,
                    "visits": value,
                }
            )
    return rows


def save_tally(
    session: Session,
    *,
    site_id: int,
    service_id: int,
    week_start: dt.date,
    grid: Mapping[str, Mapping[str, object]] | pd.DataFrame,
    by: str,
    role: str,
    today: dt.date | None = None,
):  # type: ignore[no-untyped-def]
    """Save a weekly tally grid (days x gender groups) as day records of one service.

    Filled cells that differ from what is stored replace it (unchanged cells are not
    rewritten); blank cells are left alone. The cells go through the same checks as a file
    import and are recorded as one import batch (source "manual"), so the save can be undone.
    ValidationError names each bad cell.
    """
    from advisory.importers.canonical import (
        ImportOptions,
        ImportRejected,
        ImportReport,
        run_pipeline,
    )

    require(role, "manage_attendance")
    if week_start.weekday() != 0:
        raise ValidationError("A week starts on a Monday.", field="week_start")
    site, service = session.get(Site, site_id), session.get(Service, service_id)
    if site is None or service is None:
        raise NotFound("Choose a site and a service.")
    stored = weekly_tally(session, site_id=site_id, service_id=service_id, week_start=week_start)
    rows = [r for r in tally_rows(week_start, grid) if not _same(stored, r)]
    if not rows:
        raise ValidationError(
            "Nothing to save: no count differs from what is stored (0 counts too).", field="grid"
        )
    frame = pd.DataFrame(
        {
            "row": list(range(2, len(rows) + 2)),
            "date": [r["date"] for r in rows],
            "site": site.name,
            "service": service.name,
            "gender": [r["gender"] for r in rows],
            "visits": [_cell(r["visits"]) for r in rows],
        }
    )
    name = f"weekly tally: {site.name}, {service.name}, week of {week_start.isoformat()}"
    report = ImportReport(
        file_name=name[:255], content_hash=f"manual-{clock.now().isoformat()}", source="manual",
        dry_run=False,
    )  # fmt: skip
    try:
        return run_pipeline(
            session, chunks=[frame], report=report, options=ImportOptions(on_existing="replace"),
            by=by, dry_run=False, progress=None, total_rows=len(frame), today=today,
            check_duplicate_file=False,
        )  # fmt: skip
    except ImportRejected as exc:
        cells = []
        for p in exc.report.problems:
            if p.row is None:
                cells.append(p.reason)
                continue
            row = rows[p.row - 2]
            day = WEEKDAY_NAMES[dt.date.fromisoformat(str(row["date"])).weekday()]
            cells.append(f"{day}, {GENDER_LABELS[str(row['gender'])]}: {p.reason}")
        raise ValidationError("Nothing was saved. " + " ".join(cells), field="grid") from None


def _same(stored: pd.DataFrame, row: Mapping[str, object]) -> bool:
    day = WEEKDAY_NAMES[dt.date.fromisoformat(str(row["date"])).weekday()]
    old = stored.loc[day, str(row["gender"])]
    try:
        return not pd.isna(old) and float(old) == float(row["visits"])  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def sites_with_data(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the sites that have attendance records, by name."""
    q = (
        select(Site.id, Site.name)
        .where(select(AttendanceRecord.id).where(AttendanceRecord.site_id == Site.id).exists())
        .order_by(Site.name)
    )
    return [(i, n) for i, n in session.execute(q)]


_PERIOD_DAYS = {"day": 1, "week": 7}


def covered_span(session: Session, *, site_id: int, freq: str) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by the records that feed a series of `freq` at a site.

    The last day is the end of the last record's own period (a weekly record covers its
    Monday to Sunday), so a whole final week or month is not cut off.
    """
    freq = normalise_freq(freq)
    a = AttendanceRecord
    rows = session.execute(
        select(a.period, func.min(a.period_start), func.max(a.period_start))
        .where(a.site_id == site_id, a.period.in_(RECORDS_FITTING[freq]))
        .group_by(a.period)
    ).all()
    if not rows:
        return None
    first = min(_as_date(lo) for _, lo, _ in rows)
    ends = []
    for period, _, hi in rows:
        start = _as_date(hi)
        if str(period) == "month":
            following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            ends.append(following - dt.timedelta(days=1))
        else:
            ends.append(start + dt.timedelta(days=_PERIOD_DAYS[str(period)] - 1))
    return first, max(ends)


def date_range(session: Session, *, site_id: int | None = None) -> tuple[dt.date, dt.date] | None:
    """First and last period_start of the records (of one site), or None when there are none."""
    a = AttendanceRecord
    q = select(func.min(a.period_start), func.max(a.period_start))
    if site_id is not None:
        q = q.where(a.site_id == site_id)
    lo, hi = session.execute(q).one()
    if lo is None:
        return None
    return _as_date(lo), _as_date(hi)

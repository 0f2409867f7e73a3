"""How complete attendance is: visits whose gender was not recorded, weeks with no records.

Sex-disaggregated data is often incomplete and undercounts women (product brief): the
attendance page shows both measures for every site.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from advisory.db import reads
from advisory.i18n import _, ngettext
from advisory.models import AttendanceRecord, OpenTime, Site
from advisory.periods import RECORDS_FITTING, bucket_sql, normalise_freq, period_start
from advisory.services.attendance import as_date


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


@reads
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
        (sid, name, pd.Timestamp(as_date(b)), int(v or 0), int(n or 0))
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


def _weekly_span(session: Session, site_id: int) -> tuple[dt.date, dt.date] | None:
    """Mondays of the first and last week with day or week records at a site.

    Two ordered look-ups along the (site, date) index: a GROUP BY min/max would read every
    row of the site to check its period.
    """
    a = AttendanceRecord
    q = select(a.period_start).where(a.site_id == site_id, a.period.in_(("day", "week")))
    first = session.scalar(q.order_by(a.period_start).limit(1))
    if first is None:
        return None
    last = session.scalar(q.order_by(a.period_start.desc()).limit(1))
    return period_start(as_date(first), "week"), period_start(as_date(last), "week")


@reads
def missing_periods(
    session: Session,
    *,
    site_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    weeks_with_data: dict[int, set[dt.date]] | None = None,
) -> pd.DataFrame:
    """Weeks a site was open but has no attendance records at all.

    A week counts as open when an OpenTime row says the site was open (open days > 0) that
    week, or, for weeks without any OpenTime row, when it lies between the site's first and
    last week with records (data around it). A week with OpenTime open days = 0 is closed,
    never missing. Columns: site_id, site, week_start (Timestamp), reason. `weeks_with_data`
    (site id -> Mondays of weeks with day or week records from `start` to `end`) is passed by
    a caller that already grouped them (`site_completeness`).

    why (issue 13): the attendance page asked for every site and every week, whatever it
    showed, which at 1M rows took seconds; the weeks with records are now grouped in SQL for
    the site and period asked only, and the site's first and last week come from min/max.
    """
    site_q = select(Site.id, Site.name).order_by(Site.name)
    if site_id is not None:
        site_q = site_q.where(Site.id == site_id)
    sites = dict(session.execute(site_q).all())
    a, o = AttendanceRecord, OpenTime
    lo = period_start(start, "week") if start else None
    hi = period_start(end, "week") if end else None
    week_a = bucket_sql(_dialect(session), a.period_start, "week").label("bucket")
    week_o = bucket_sql(_dialect(session), o.period_start, "week").label("bucket")
    data_q = (
        select(a.site_id, week_a).where(a.period.in_(("day", "week"))).group_by(a.site_id, week_a)
    )
    open_q = (
        select(o.site_id, week_o, func.sum(func.coalesce(o.open_days, 0)))
        .where(o.period.in_(("day", "week")))
        .group_by(o.site_id, week_o)
    )
    if site_id is not None:
        data_q = data_q.where(a.site_id == site_id)
        open_q = open_q.where(o.site_id == site_id)
    if lo is not None:
        data_q = data_q.where(a.period_start >= lo)
        open_q = open_q.where(o.period_start >= lo)
    if end is not None:
        data_q = data_q.where(a.period_start <= end)
        open_q = open_q.where(o.period_start <= end)
    spans = {sid: span for sid in sites if (span := _weekly_span(session, sid)) is not None}
    have: dict[int, set[dt.date]] = {}
    if weeks_with_data is not None:
        have = weeks_with_data
    else:
        for sid, b in session.execute(data_q):
            have.setdefault(sid, set()).add(as_date(b))
    opened: dict[int, dict[dt.date, float]] = {}
    for sid, b, days in session.execute(open_q):
        opened.setdefault(sid, {})[as_date(b)] = float(days or 0)
    out: list[tuple[int, str, pd.Timestamp, str]] = []
    for sid, name in sites.items():
        weeks_with_data = have.get(sid, set())  # type: ignore[assignment]
        open_weeks = opened.get(sid, {})
        candidates: dict[dt.date, str] = {}
        if sid in spans:
            first, last = spans[sid]
            day = max(first, lo) if lo else first
            day = period_start(day, "week")
            last = min(last, hi) if hi else last
            while day <= last:
                if day not in open_weeks:
                    candidates[day] = _("no records in a week between weeks with records")
                day += dt.timedelta(days=7)
        for week, days in open_weeks.items():
            if days > 0:
                candidates[week] = ngettext(
                    "open {days} day but no records", "open {days} days but no records", int(days)
                ).format(days=f"{days:g}")
        for week in sorted(candidates):
            if week in weeks_with_data:  # type: ignore[operator]
                continue
            if (lo and week < lo) or (hi and week > hi):
                continue
            out.append((sid, name, pd.Timestamp(week), candidates[week]))
    return pd.DataFrame(out, columns=["site_id", "site", "week_start", "reason"])


@reads
def site_completeness(
    session: Session, *, site_id: int, start: dt.date, end: dt.date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(`not_recorded_share` by month, `missing_periods`) of one site from `start` to `end`,
    with the site's records read once.

    why (issue 13): the attendance page read the same period of records three times (the
    series, the monthly share, the weeks with records); here one GROUP BY week and month gives
    both measures (a week that spans two months is two groups, so months stay exact).
    """
    a = AttendanceRecord
    dialect = _dialect(session)
    week = bucket_sql(dialect, a.period_start, "week").label("week")
    month = bucket_sql(dialect, a.period_start, "month").label("month")
    first_week, first_month = period_start(start, "week"), period_start(start, "month")
    nr = func.sum(case((a.gender == "not_recorded", a.visits), else_=0))
    daily_or_weekly = func.sum(case((a.period.in_(("day", "week")), 1), else_=0))
    q = (
        select(week, month, func.sum(a.visits), nr, daily_or_weekly)
        .where(
            a.site_id == site_id,
            a.period.in_(RECORDS_FITTING["month"]),
            a.period_start >= min(first_week, first_month),
            a.period_start <= end,
        )
        .group_by(week, month)
    )
    site = session.get(Site, site_id)
    name = site.name if site is not None else ""
    months: dict[dt.date, list[int]] = {}
    weeks: set[dt.date] = set()
    for w, m, visits, not_recorded, records in session.execute(q):
        w_day, m_day = as_date(w), as_date(m)
        if m_day >= first_month:
            totals = months.setdefault(m_day, [0, 0])
            totals[0] += int(visits or 0)
            totals[1] += int(not_recorded or 0)
        if records and w_day >= first_week:
            weeks.add(w_day)
    share = pd.DataFrame(
        [(site_id, name, pd.Timestamp(m), v, n) for m, (v, n) in sorted(months.items())],
        columns=["site_id", "site", "period_start", "visits", "not_recorded"],
    )
    share["share"] = np.where(
        share["visits"] > 0,
        share["not_recorded"] / share["visits"].where(share["visits"] > 0),
        np.nan,
    )
    missing = missing_periods(
        session, site_id=site_id, start=start, end=end, weeks_with_data={site_id: weeks}
    )
    return share, missing

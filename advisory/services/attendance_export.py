"""The canonical CSV export of attendance records (re-importable to the same totals): every
record (`python -m advisory export-attendance`), or one site and period (the attendance page's
download), and the blank template with the same headers (the import page)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory.db import reads
from advisory.models import AttendanceRecord, Service, Site
from advisory.services.attendance import as_date
from advisory.spreadsheet_safety import neutralise_text

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


@reads
def totals(session: Session) -> dict[str, int]:
    """Number of records and the sum of visits, unique_clients and new_clients."""
    a = AttendanceRecord
    q = select(func.count(a.id), func.sum(a.visits), func.sum(a.unique_clients))
    n, v, u, c = session.execute(q.add_columns(func.sum(a.new_clients))).one()
    return {
        "rows": int(n or 0),
        "visits": int(v or 0),
        "unique_clients": int(u or 0),
        "new_clients": int(c or 0),
    }


def _rows(
    session: Session,
    *,
    site_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    chunk: int = 50_000,
) -> Iterator[tuple]:
    """The records (of one site, starting from `start` to `end`) as canonical CSV rows,
    streamed: memory stays flat on big tables."""
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
        )
        .join(Site, Site.id == a.site_id)
        .join(Service, Service.id == a.service_id)
        .order_by(a.period_start, Site.name, Service.name, a.period, a.gender)
        .execution_options(yield_per=chunk)
    )
    if site_id is not None:
        q = q.where(a.site_id == site_id)
    if start is not None:
        q = q.where(a.period_start >= start)
    if end is not None:
        q = q.where(a.period_start <= end)
    for day, site, service, gender, visits, period, unique, new in session.execute(q):
        yield (
            as_date(day).isoformat(),
            neutralise_text(site),
            neutralise_text(service),
            str(gender),
            visits,
            str(period),
            "" if unique is None else unique,
            "" if new is None else new,
        )


@reads
def export_csv(
    session: Session,
    out: TextIO,
    *,
    site_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> int:
    """Write the canonical CSV (names neutralised for spreadsheets); return the row count.

    With `site_id`, `start`, `end`: only that site's records whose period starts in the range
    (a week or month record counts where its first day falls, as in the series).
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    n = 0
    for row in _rows(session, site_id=site_id, start=start, end=end):
        writer.writerow(row)
        n += 1
    return n


@reads
def site_csv(
    session: Session, *, site_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> bytes:
    """One site's records from `start` to `end` as canonical CSV (UTF-8) bytes."""
    out = io.StringIO()
    export_csv(session, out, site_id=site_id, start=start, end=end)
    return out.getvalue().encode("utf-8")


def template_csv() -> bytes:
    """A blank attendance file: the canonical headers and no rows."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(EXPORT_COLUMNS)
    return out.getvalue().encode("utf-8")

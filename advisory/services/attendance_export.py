"""The canonical CSV export of every attendance record (re-importable to the same totals)."""

from __future__ import annotations

import csv
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


def _rows(session: Session, *, chunk: int = 50_000) -> Iterator[tuple]:
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
        )
        .join(Site, Site.id == a.site_id)
        .join(Service, Service.id == a.service_id)
        .order_by(a.period_start, Site.name, Service.name, a.period, a.gender)
        .execution_options(yield_per=chunk)
    )
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
def export_csv(session: Session, out: TextIO) -> int:
    """Write the canonical CSV (names neutralised for spreadsheets); return the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    n = 0
    for row in _rows(session):
        writer.writerow(row)
        n += 1
    return n

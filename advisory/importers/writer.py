"""Write validated rows: the only part of an import that runs inside the write transaction.

Rows already stored with the same key are looked up again here (another import may have
written or undone rows since the check), then replaced or skipped as the person chose. The
unique key on attendance is the last word: two imports writing the same rows at the same
moment make the second one fail with IntegrityError, which the caller turns into a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from sqlalchemy import Table, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisory.importers import rows as rows_module
from advisory.importers.parsing import PERIODS, from_day_number
from advisory.importers.rows import ValidatedRows
from advisory.models import GENDER_GROUPS, AttendanceRecord

WRITE_CHUNK = 100_000
_WRITABLE = {
    "site_id",
    "service_id",
    "period_start",
    "gender",
    "visits",
    "unique_clients",
    "new_clients",
}

ProgressFn = Callable[[int, int], None]

# why cast: a mapped class's __table__ is typed FromClause; this one is a Table.
ATTENDANCE = cast(Table, AttendanceRecord.__table__)


@dataclass(frozen=True)
class Written:
    written: int
    replaced: int
    skipped: int
    existing: int


def write_validated(
    session: Session,
    rows: ValidatedRows,
    *,
    batch_id: int,
    on_existing: str | None,
    progress: ProgressFn | None = None,
    chunk_rows: int = WRITE_CHUNK,
) -> Written:
    """Insert `rows` as batch `batch_id`; replace or skip the stored rows with their keys.

    With `on_existing` None the check found no stored row with these keys, so none is looked
    up; if one appeared since, the unique key raises IntegrityError.
    """
    written = replaced = skipped = existing = 0
    total = len(rows)
    done = 0
    table = ATTENDANCE
    for part in rows.slices(chunk_rows):
        if on_existing is not None:
            stored_keys, stored_ids = rows_module.stored_keys(session, part)
            if len(stored_keys):
                is_stored = np.isin(part.keys(), stored_keys)
                existing += int(is_stored.sum())
                if on_existing == "skip":
                    skipped += int(is_stored.sum())
                    part = part.take(~is_stored)
                else:
                    ids = stored_ids.tolist()
                    for i in range(0, len(ids), 5000):
                        session.execute(delete(table).where(table.c.id.in_(ids[i : i + 5000])))
                    replaced += len(ids)
        written += insert(session, part, batch_id=batch_id)
        done += chunk_rows
        if progress is not None:
            progress(min(done, total), total)
    return Written(written, replaced, skipped, existing)


def insert(session: Session, part: ValidatedRows, *, batch_id: int) -> int:
    n = len(part)
    if n == 0:
        return 0
    # Distinct dates are few: format each once, then broadcast.
    day_u, day_codes = np.unique(part.days, return_inverse=True)
    day_text = np.array([from_day_number(int(d)).isoformat() for d in day_u], dtype=object)
    day_text = day_text[day_codes]
    gender_text = np.array(GENDER_GROUPS, dtype=object)[part.gender]
    # why: binding fewer parameters per row is ~25% faster on SQLite, so the period (one
    # statement per period present) and the batch id are literals, and the client counts
    # are bound only when the file has them. All literals are our own ints and constants.
    for code in np.unique(part.period):
        sel = part.period == code
        pick = slice(None) if sel.all() else sel
        columns = [
            part.site[pick].tolist(),
            part.service[pick].tolist(),
            day_text[pick].tolist(),
            gender_text[pick].tolist(),
            part.visits[pick].tolist(),
        ]
        names = ["site_id", "service_id", "period_start", "gender", "visits"]
        u, c = part.unique[pick], part.new[pick]
        if (u >= 0).any() or (c >= 0).any():
            names += ["unique_clients", "new_clients"]
            columns.append([int(x) if x >= 0 else None for x in u.tolist()])
            columns.append([int(x) if x >= 0 else None for x in c.tolist()])
        write_rows(
            session,
            names=names,
            rows=list(zip(*columns, strict=True)),
            period=PERIODS[int(code)],
            batch_id=batch_id,
        )
    return n


def write_rows(
    session: Session,
    *,
    names: list[str],
    rows: list[tuple],
    period: str,
    batch_id: int | None,
) -> None:
    """Bulk-insert attendance rows (tuples in the order of `names`) of one period and batch.

    No checks: callers validate first. SQLite: the driver's executemany; PostgreSQL: COPY.
    """
    if period not in PERIODS or any(n not in _WRITABLE for n in names):
        raise ValueError("write_rows: unknown period or column")
    batch = "NULL" if batch_id is None else str(int(batch_id))
    cols = ", ".join([*names, "period", "batch_id"])
    conn = session.connection()
    dialect = conn.dialect.name
    if dialect == "sqlite":
        marks = ", ".join("?" * len(names))
        sql = f"INSERT INTO attendance ({cols}) VALUES ({marks}, '{period}', {batch})"  # noqa: S608
        conn.exec_driver_sql(sql, rows)
    elif dialect == "postgresql":
        import psycopg  # the driver of every PostgreSQL engine (advisory.db.make_engine)

        raw = cast(psycopg.Connection[Any], conn.connection.dbapi_connection)
        extra = (period, batch_id)
        try:
            with raw.cursor() as cur, cur.copy(f"COPY attendance ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + extra)
        except psycopg.IntegrityError as exc:
            # the raw cursor bypasses SQLAlchemy: give callers the same exception type
            raise IntegrityError("COPY attendance", None, exc) from None
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        records = [
            {**dict(zip(names, r, strict=True)), "period": period, "batch_id": batch_id}
            for r in rows
        ]
        session.execute(ATTENDANCE.insert(), records)

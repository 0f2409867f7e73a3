"""The weekly tally: one week's paper tally sheet typed as a grid (days x gender groups), and
the days a site was open (the exposure the impact analysis divides by).

Saving a tally is one unit of work (issue 11: the page used to decide that the counts and the
open days were saved together): the changed cells go through the same checks as a file
import, are written as one undoable import batch (source "manual"), and the week's open days
are recorded in the same transaction, or nothing is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TypeAlias

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import N_, _
from advisory.importers import writer
from advisory.importers.problems import ProblemLog
from advisory.importers.report import ImportOptions, ImportReport
from advisory.importers.validation import Validator
from advisory.models import (
    GENDER_GROUPS,
    AttendanceRecord,
    ImportBatch,
    OpenTime,
    Period,
    Service,
    Site,
)
from advisory.periods import normalise_freq, period_start
from advisory.services import audit
from advisory.services.attendance import GENDER_LABELS, as_date

# The tally grid's row keys (English; translate where shown: _(name)).
WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
Grid: TypeAlias = Mapping[str, Mapping[str, object]] | pd.DataFrame


def week_days(week_start: dt.date) -> list[dt.date]:
    return [week_start + dt.timedelta(days=i) for i in range(7)]


def _monday(week_start: dt.date) -> None:
    if week_start.weekday() != 0:
        raise ValidationError(_("A week starts on a Monday."), field="week_start")


@reads
def weekly_tally(
    session: Session, *, site_id: int, service_id: int, week_start: dt.date
) -> pd.DataFrame:
    """The stored day counts for one week: rows Monday..Sunday, columns the gender groups.

    Cells without a record are NaN (blank in the grid), recorded zeros are 0.
    """
    _monday(week_start)
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
        frame.loc[WEEKDAY_NAMES[as_date(day).weekday()], str(gender)] = visits
    frame.index.name = "day"
    return frame


def tally_rows(week_start: dt.date, grid: Grid) -> list[dict[str, object]]:
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
            day = (week_start + dt.timedelta(days=i)).isoformat()
            rows.append({"date": day, "gender": gender, "visits": value})
    return rows


def _same(stored: pd.DataFrame, row: Mapping[str, object]) -> bool:
    day = WEEKDAY_NAMES[dt.date.fromisoformat(str(row["date"])).weekday()]
    old = stored.loc[day, str(row["gender"])]
    try:
        return not pd.isna(old) and float(old) == float(str(row["visits"]))
    except (TypeError, ValueError):
        return False


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@writes
def save_tally(
    session: Session,
    *,
    site_id: int,
    service_id: int,
    week_start: dt.date,
    grid: Grid,
    actor: Actor,
    open_days: float | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Save a weekly tally grid (days x gender groups) as day records of one service, and,
    when `open_days` is given, the days the site was open that week: both or neither.

    Filled cells that differ from what is stored replace it (unchanged cells are not
    rewritten); blank cells are left alone. The cells go through the same checks as a file
    import and are recorded as one import batch (source "manual"), so the save can be undone.
    ValidationError names each bad cell.
    """
    authorise(session, actor, "manage_attendance")
    _monday(week_start)
    site, service = session.get(Site, site_id), session.get(Service, service_id)
    if site is None or service is None:
        raise NotFound(_("Choose a site and a service."))
    stored = weekly_tally(session, site_id=site_id, service_id=service_id, week_start=week_start)
    rows = [r for r in tally_rows(week_start, grid) if not _same(stored, r)]
    if not rows:
        raise ValidationError(
            _("Nothing to save: no count differs from what is stored (0 counts too)."), field="grid"
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
        file_name=name[:255],
        content_hash=f"manual-{clock.now().isoformat()}",
        source="manual",
        dry_run=False,
    )
    log = ProblemLog()
    options = ImportOptions(on_existing="replace")
    validator = Validator(session, options=options, today=today or clock.today(), log=log)
    validator.feed(frame)
    checked = validator.finish(report)
    if not report.ok:
        raise ValidationError(
            _("Nothing was saved. {problems}").format(problems=_cells(report, rows)), field="grid"
        )
    batch = ImportBatch(
        by=actor.username,
        file_name=report.file_name,
        content_hash=report.content_hash,
        source="manual",
    )
    session.add(batch)
    session.flush()
    done = writer.write_validated(session, checked.rows, batch_id=batch.id, on_existing="replace")
    batch.row_count, batch.replaced_count = done.written, done.replaced
    audit.record(
        session,
        actor=actor.username,
        action="attendance.import",
        entity="import_batch",
        entity_id=batch.id,
        detail=f"{done.written} rows from {report.file_name[:100]} (manual); "
        f"replaced {done.replaced}, skipped 0",
    )
    report.batch_id, report.written, report.replaced = batch.id, done.written, done.replaced
    report.existing_rows = done.existing
    if open_days is not None:
        _set_open_time(session, site_id, "week", week_start, open_days, None, actor)
    return report


def _cells(report: ImportReport, rows: list[dict[str, object]]) -> str:
    """The problems in words a tally sheet uses: "Friday, Men: A count cannot be negative."""
    cells = []
    for p in report.problems:
        if p.row is None:
            cells.append(p.reason)
            continue
        row = rows[p.row - 2]
        day = WEEKDAY_NAMES[dt.date.fromisoformat(str(row["date"])).weekday()]
        cells.append(
            _("{day}, {gender}: {problem}").format(
                day=_(day), gender=_(GENDER_LABELS[str(row["gender"])]), problem=p.reason
            )
        )
    return " ".join(cells)


@writes
def set_open_time(
    session: Session,
    *,
    site_id: int,
    period: str,
    start: dt.date,
    open_days: float | None,
    open_hours: float | None,
    actor: Actor,
) -> None:
    """Record (or correct) how many days / hours a site was open in one period."""
    authorise(session, actor, "manage_attendance")
    _set_open_time(session, site_id, period, start, open_days, open_hours, actor)


def _set_open_time(
    session: Session,
    site_id: int,
    period: str,
    start: dt.date,
    open_days: float | None,
    open_hours: float | None,
    actor: Actor,
) -> None:
    period = normalise_freq(period)
    if session.get(Site, site_id) is None:
        raise NotFound(_("No such site."))
    if period_start(start, period) != start:
        raise ValidationError(
            _("A week starts on a Monday and a month on the 1st."), field="period_start"
        )
    limit = {"day": 1, "week": 7, "month": 31}[period]
    if open_days is not None and not 0 <= open_days <= limit:
        raise ValidationError(
            _("Open days must be between 0 and {limit}.").format(limit=limit), field="open_days"
        )
    if open_hours is not None and not 0 <= open_hours <= limit * 24:
        raise ValidationError(
            _("Open hours must be between 0 and {limit}.").format(limit=limit * 24),
            field="open_hours",
        )
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
        actor=actor.username,
        action="open_time.set",
        entity="site",
        entity_id=site_id,
        detail=f"{period} {start}: days={open_days} hours={open_hours}",
    )

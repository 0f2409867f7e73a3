"""Import batches: every import (file, DHIS2 export, weekly tally, demo) is one batch, listed
with how many of its rows are still stored, and undone as one unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import InvalidTransition, NotFound
from advisory.i18n import _
from advisory.models import AttendanceRecord, ImportBatch
from advisory.services import audit


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


@reads
def list_batches(session: Session, *, limit: int = 100) -> list[BatchView]:
    """Import batches, newest first, with how many of their rows are still stored."""
    a = AttendanceRecord
    counts = dict(
        session.execute(
            select(a.batch_id, func.count(a.id)).where(a.batch_id.is_not(None)).group_by(a.batch_id)
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
        )
        for b in batches
    ]


def already_imported(session: Session, digest: str) -> ImportBatch | None:
    """The live (not undone) batch that imported a file with this content hash, if any."""
    return session.scalar(
        select(ImportBatch)
        .where(ImportBatch.content_hash == digest, ImportBatch.undone_at.is_(None))
        .order_by(ImportBatch.id)
        .limit(1)
    )


@writes
def undo_batch(session: Session, *, batch_id: int, actor: Actor) -> int:
    """Delete every row an import batch wrote, as one unit; return how many were deleted.

    Rows the batch replaced are not restored (their earlier values were overwritten); rows a
    later batch replaced belong to that later batch and stay. Undoing twice is refused.
    """
    authorise(session, actor, "manage_attendance")
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(_("No such import batch."))
    if batch.undone_at is not None:
        raise InvalidTransition(
            _("Batch #{number} was already undone by {by} on {time}.").format(
                number=batch_id, by=batch.undone_by, time=f"{batch.undone_at:%Y-%m-%d %H:%M}"
            )
        )
    deleted = cast(
        CursorResult[Any],
        session.execute(delete(AttendanceRecord).where(AttendanceRecord.batch_id == batch_id)),
    ).rowcount
    batch.undone_at = clock.now()
    batch.undone_by = actor.username
    audit.record(
        session,
        actor=actor.username,
        action="attendance.undo",
        entity="import_batch",
        entity_id=batch_id,
        detail=f"{deleted} rows deleted",
    )
    return int(deleted or 0)

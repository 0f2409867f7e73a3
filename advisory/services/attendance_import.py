"""Import an attendance file (canonical CSV/XLSX or a DHIS2 data-value set), all or nothing.

Two steps, each in its own transaction (why, issue 14: an upload's dry run used to hold
SQLite's write lock for its whole parse, and an import validated and wrote chunk by chunk
inside one write transaction):

1. `check` in a read transaction: limits, format, header, every row parsed and validated,
   known sites and services and rows already stored looked up. It takes no lock, so a dry
   run of a million rows leaves every other user free to read and write.
2. `write` in a short write transaction: only when the check found nothing wrong. It creates
   the missing sites and services (if asked), records the import batch, replaces or skips the
   stored rows (looked up again: another import may have run in between) and inserts the
   validated rows. Two imports of the same rows at the same moment meet the unique key, and
   the second one is refused with a message, never a traceback.

Every problem is reported as (row, column, value, reason), row numbers as a spreadsheet shows
them (the header is row 1); the first 1,000 are listed and all of them counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisory import clock, config
from advisory.actors import Actor, authorise
from advisory.db import Db, reads, writes
from advisory.errors import ValidationError
from advisory.i18n import N_, _
from advisory.importers import pipeline, writer
from advisory.importers.pipeline import Limits, ProgressFn, Request
from advisory.importers.problems import Problem, whole_file
from advisory.importers.report import ImportOptions, ImportRejected, ImportReport
from advisory.importers.sources import CHUNK_ROWS, Source
from advisory.importers.validation import Checked
from advisory.models import ImportBatch, Service, Site
from advisory.services import audit, dhis2_mappings, import_batches, organisation, service_list

CONCURRENT = N_(
    "Another import wrote some of the same rows at the same moment, so nothing from this file "
    "was written. Check the file again, then choose replace or skip."
)
MappingRows = Iterable[tuple[str, str, str]]


def limits() -> Limits:
    """The configured size and row limits (UPLOAD_MAX_MB, IMPORT_MAX_ROWS)."""
    return Limits(max_bytes=config.upload_max_bytes(), max_rows=config.import_max_rows())


def new_name_rule(kind: str, name: str) -> str:
    """Why a site or service may not be created with this name ("" when it may)."""
    check = organisation.check_site_name if kind == "site" else service_list.check_service_name
    try:
        check(name)
    except ValidationError as exc:
        return str(exc)
    return ""


def import_attendance(
    db: Db,
    *,
    source: Source,
    file_name: str,
    actor: Actor,
    options: ImportOptions | None = None,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    write_progress: ProgressFn | None = None,
    mapping_rows: MappingRows | None = None,
    chunk_rows: int = CHUNK_ROWS,
    today: dt.date | None = None,
    file_limits: Limits | None = None,
) -> ImportReport:
    """Check the file and, unless `dry_run`, write it as one undoable import batch.

    `db` is the engine (a read transaction for the check, then a short write transaction) or
    a write Session the caller holds (both steps join it; the write runs in a savepoint, so a
    refused file leaves the caller's own changes alone). `source` is the file's bytes or a
    path. For DHIS2 (`options.format` "dhis2") `mapping_rows` (kind, code, target) are used
    with the saved mapping and saved with the import.

    A dry run returns the report with its problems. Otherwise any problem raises
    ImportRejected (its report lists them) and nothing is written. Rows already stored need
    `options.on_existing` "replace" or "skip". `progress(done, total)` is called as rows are
    checked, `write_progress` as they are written.
    """
    options = (options or ImportOptions()).checked()
    request = Request(
        source=source,
        file_name=file_name,
        options=options,
        limits=file_limits or limits(),
        chunk_rows=chunk_rows,
    )
    day = today or clock.today()
    extra = list(mapping_rows or [])
    report, checked = _check(
        db,
        request=request,
        actor=actor,
        dry_run=dry_run,
        today=day,
        extra=extra,
        progress=progress,
    )
    if dry_run:
        return report
    if not report.ok or checked is None:
        raise ImportRejected(report)
    try:
        return _write(
            db,
            checked=checked,
            report=report,
            options=options,
            actor=actor,
            extra=extra,
            progress=write_progress,
            chunk_rows=chunk_rows,
        )
    except IntegrityError:
        # why: two imports of overlapping rows at the same moment (PostgreSQL runs them side
        # by side; on SQLite the second may have checked before the first wrote): the unique
        # key refuses the second one; say so instead of showing a traceback.
        report.batch_id = None
        report.written = report.replaced = report.skipped = 0
        report.refuse([whole_file(_(CONCURRENT))])
        raise ImportRejected(report) from None


@reads
def _check(
    session: Session,
    *,
    request: Request,
    actor: Actor,
    dry_run: bool,
    today: dt.date,
    extra: list[tuple[str, str, str]],
    progress: ProgressFn | None,
) -> tuple[ImportReport, Checked | None]:
    authorise(session, actor, "manage_attendance")
    look = pipeline.first_look(request, dry_run=dry_run)
    report = look.report
    if not report.ok:
        return report, None
    previous = import_batches.already_imported(session, report.content_hash)
    if previous is not None:
        report.duplicate_of_batch = previous.id
        report.refuse([_already_imported(previous, report.file_name)])
        return report, None
    mapping = None
    if request.options.format == "dhis2":
        mapping = dhis2_mappings.mapping_dict(session)
        for line, (kind, code, target) in enumerate(extra, start=2):
            try:
                kind, code, target = dhis2_mappings.check_mapping(session, kind, code, target)
            except ValidationError as exc:
                raise ValidationError(
                    _("Mapping line {line}: {problem}").format(line=line, problem=exc),
                    field="mapping",
                ) from None
            mapping.setdefault(kind, {})[code] = target
    checked = pipeline.check(
        session,
        request,
        look,
        today=today,
        mapping=mapping,
        new_name_rule=new_name_rule,
        progress=progress,
    )
    return report, checked


def _already_imported(previous: ImportBatch, file_name: str) -> Problem:
    return whole_file(
        _(
            "This file was already imported on {at} by {by} (batch #{number}). Importing it "
            "again would count its visits twice; undo that batch first if you mean to import "
            "it again."
        ).format(at=f"{previous.at:%Y-%m-%d %H:%M}", by=previous.by, number=previous.id),
        value=file_name,
    )


@writes
def _write(
    session: Session,
    *,
    checked: Checked,
    report: ImportReport,
    options: ImportOptions,
    actor: Actor,
    extra: list[tuple[str, str, str]],
    progress: ProgressFn | None,
    chunk_rows: int,
) -> ImportReport:
    authorise(session, actor, "manage_attendance")
    with session.begin_nested():
        previous = import_batches.already_imported(session, report.content_hash)
        if previous is not None:  # the same file, imported since the check
            report.refuse([_already_imported(previous, report.file_name)])
            raise ImportRejected(report)
        sites = {old: _site_id(session, name, actor) for old, name in checked.new_sites.items()}
        services = {
            old: _service_id(session, name, actor) for old, name in checked.new_services.items()
        }
        batch = ImportBatch(
            by=actor.username,
            file_name=report.file_name[:255],
            content_hash=report.content_hash,
            source=report.source,
        )
        session.add(batch)
        session.flush()
        if extra:  # inside the savepoint: a refused import saves no mapping either
            dhis2_mappings.save_mappings(session, rows=extra, actor=actor)
        done = writer.write_validated(
            session,
            checked.rows.with_ids(sites, services),
            batch_id=batch.id,
            on_existing=options.on_existing,
            progress=progress,
            chunk_rows=chunk_rows,
        )
        batch.row_count, batch.replaced_count = done.written, done.replaced
        batch.skipped_count = done.skipped
        audit.record(
            session,
            actor=actor.username,
            action="attendance.import",
            entity="import_batch",
            entity_id=batch.id,
            detail=(
                f"{done.written} rows from {report.file_name[:100]} ({report.source}); "
                f"replaced {done.replaced}, skipped {done.skipped}"
            ),
        )
    report.batch_id = batch.id
    report.written, report.replaced, report.skipped = done.written, done.replaced, done.skipped
    if options.on_existing is not None:
        report.existing_rows = done.existing
    return report


def _site_id(session: Session, name: str, actor: Actor) -> int:
    """The site named `name`: created now, unless someone created it since the check."""
    same = session.scalar(select(Site.id).where(func.lower(Site.name) == name.lower()))
    if same is not None:
        return same
    return organisation.create_site(session, name=name, kind="other", by=actor.username).id


def _service_id(session: Session, name: str, actor: Actor) -> int:
    same = session.scalar(select(Service.id).where(func.lower(Service.name) == name.lower()))
    if same is not None:
        return same
    return service_list.create(session, name=name, actor=actor).id

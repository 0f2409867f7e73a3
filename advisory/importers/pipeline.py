"""The import pipeline up to the write: limits, format, header, then every row checked.

    file -> size and row limits -> format (CSV | XLSX | DHIS2, chosen here only)
         -> header -> chunks -> [DHIS2: translated through the mapping] -> Validator
         -> ImportReport + Checked rows

Everything here reads; `writer.write_validated` writes what `check` accepted, and
`advisory.services.attendance_import` runs the two in their own transactions (issue 14: the
write transaction opens only after the whole file was parsed and checked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import BinaryIO

import pandas as pd
from sqlalchemy.orm import Session

from advisory.i18n import _
from advisory.importers import dhis2, sources, xlsx
from advisory.importers.headers import header_problems, norm_header
from advisory.importers.problems import FileProblem, ProblemLog, whole_file
from advisory.importers.report import ImportOptions, ImportReport
from advisory.importers.sources import CHUNK_ROWS, Source
from advisory.importers.validation import Checked, NewNameRule, Validator

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int


@dataclass
class Request:
    """One file to check: where it is, what it is called and how to read it."""

    source: Source
    file_name: str
    options: ImportOptions
    limits: Limits
    chunk_rows: int = CHUNK_ROWS


@dataclass(frozen=True)
class FirstLook:
    """What is known before any row is parsed: the content hash, or why the file is refused."""

    report: ImportReport
    lines: int


def first_look(request: Request, *, dry_run: bool) -> FirstLook:
    """Size limit, content hash and row limit (from the line count): no parsing yet."""
    fmt = request.options.format
    report = ImportReport(file_name=request.file_name, content_hash="", source=fmt, dry_run=dry_run)
    size = sources.size_of(request.source)
    if size > request.limits.max_bytes:
        report.refuse([sources.too_large(size, request.limits.max_bytes)])
        return FirstLook(report, 0)
    report.content_hash, lines = sources.content_hash(request.source)
    if fmt != "xlsx" and lines - 1 > request.limits.max_rows:
        report.refuse([sources.too_many_rows(lines - 1, request.limits.max_rows)])
    return FirstLook(report, lines)


def check(
    session: Session,
    request: Request,
    look: FirstLook,
    *,
    today: dt.date,
    mapping: dhis2.Mapping | None = None,
    new_name_rule: NewNameRule | None = None,
    progress: ProgressFn | None = None,
) -> Checked | None:
    """Check every row of the file (reading through `session`), filling `look.report`.

    Returns the rows to write, or None when the file is refused before its rows (header,
    limits, unreadable); `look.report.ok` says whether the rows may be written.
    """
    report, options = look.report, request.options
    dhis2_file = options.format == "dhis2"
    log = ProblemLog(columns=dhis2.PROBLEM_ORDER) if dhis2_file else ProblemLog()
    rule = {"new_name_rule": new_name_rule} if new_name_rule is not None else {}
    with ExitStack() as stack:
        stream = stack.enter_context(sources.open_stream(request.source))
        if sources.is_empty(stream):
            report.refuse([whole_file(_("The file is empty."))])
            return None
        try:
            opened = _open(stream, request, look.lines, stack)
        except FileProblem as exc:
            report.refuse([exc.problem])
            return None
        if opened.headers is not None:
            problems, report.personal_data_columns = header_problems(opened.headers)
            if problems:
                report.refuse(problems)
                return None
        validator = Validator(session, options=options, today=today, log=log, **rule)
        if dhis2_file:
            translator = dhis2.Translator(mapping or {}, today=today, log=log)
            _feed_all(opened, translator.feed, log, progress)
            for chunk in translator.canonical_chunks(request.chunk_rows):
                validator.feed(chunk)
            report.unmapped = translator.unmapped
            report.deleted_skipped = translator.deleted_skipped
        else:
            _feed_all(opened, validator.feed, log, progress)
        return validator.finish(report)


@dataclass
class _Opened:
    headers: list[str] | None  # the canonical header (None: DHIS2's positional columns)
    chunks: Iterator[pd.DataFrame]
    total: int  # rows expected, for progress


def _open(stream: BinaryIO, request: Request, lines: int, stack: ExitStack) -> _Opened:
    """The one place a format is chosen: CSV, XLSX or DHIS2."""
    size, fmt = request.chunk_rows, request.options.format
    if fmt == "dhis2":
        return _Opened(None, dhis2.read_chunks(stream, chunk_rows=size), max(lines - 1, 0))
    if fmt == "xlsx":
        limit = request.limits.max_rows
        if xlsx.count_rows(stream, limit=limit + 1) is None:  # the header is a row too
            raise FileProblem(sources.too_many_rows(None, limit))
        book = xlsx.Workbook(stream)
        stack.callback(book.close)
        return _Opened(book.headers, book.chunks(size), book.total_rows)
    headers, delimiter = sources.csv_header(stream)
    names = [norm_header(h) for h in headers]
    chunks = sources.csv_chunks(stream, names=names, delimiter=delimiter, chunk_rows=size)
    return _Opened(headers, chunks, max(lines - 1, 0))


def _feed_all(
    opened: _Opened,
    feed: Callable[[pd.DataFrame], None],
    log: ProblemLog,
    progress: ProgressFn | None,
) -> None:
    """Feed each chunk, reporting progress; a FileProblem mid-file becomes one problem."""
    done = 0
    try:
        for chunk in opened.chunks:
            feed(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, max(opened.total, done))
    except FileProblem as exc:
        log.add([exc.problem])

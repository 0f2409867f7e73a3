"""`python -m advisory import-attendance FILE ...` and `export-attendance [--out FILE]`.

Exit status: 0 imported (or a clean dry run), 2 problems found (each listed; nothing written),
1 configuration or database problem.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from advisory.actors import CLI  # whoever can run the CLI on the server holds the data anyway
from advisory.cli.database import ready_engine
from advisory.errors import DomainError
from advisory.importers.problems import Problem
from advisory.importers.report import ImportOptions, ImportRejected, ImportReport
from advisory.services import attendance_export, attendance_import, dhis2_mappings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = subparsers.add_parser(
        "import-attendance",
        help="import aggregate attendance counts (canonical CSV/XLSX or DHIS2 CSV)",
        description=(
            "Import attendance counts. Every row is checked first; if anything is wrong, "
            "every problem is listed (row, column, value, reason), nothing is written and "
            "the exit status is 2."
        ),
    )
    imp.add_argument("file", help="the CSV or XLSX file")
    imp.add_argument(
        "--format",
        choices=("csv", "xlsx", "dhis2"),
        default=None,
        help="file format (default: from the file name: .xlsx is xlsx, anything else csv)",
    )
    imp.add_argument(
        "--mapping",
        metavar="FILE",
        help="DHIS2 only: a CSV kind,code,target of codes to map (saved with the import)",
    )
    imp.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    imp.add_argument(
        "--on-existing",
        choices=("replace", "skip"),
        default=None,
        help="what to do with rows already in the database (default: refuse and ask)",
    )
    imp.add_argument(
        "--create-missing",
        action="store_true",
        help="create sites and services the database does not know, in the same transaction",
    )
    imp.add_argument(
        "--day-first", action="store_true", help="dates are DD/MM/YYYY (ISO dates still work)"
    )
    imp.set_defaults(func=cmd_import)

    exp = subparsers.add_parser(
        "export-attendance",
        help="write all attendance records as canonical CSV (re-importable)",
    )
    exp.add_argument("--out", metavar="FILE", default=None, help="output file (default: stdout)")
    exp.set_defaults(func=cmd_export)


def _problem_line(p: Problem) -> str:
    if p.row is None:
        return f"  file: {p.reason}"
    where = f"row {p.row}" + (f", column {p.column}" if p.column else "")
    value = f" value {p.value!r}" if p.value else ""
    return f"  {where}{value}: {p.reason}"


def print_problems(report: ImportReport, out: TextIO | None = None) -> None:
    out = out or sys.stderr
    for p in report.problems:
        print(_problem_line(p), file=out)
    more = report.problem_count - len(report.problems)
    if more > 0:
        print(f"  ... and {more} more problems not listed", file=out)


def print_report(report: ImportReport, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    print(report.summary(), file=out)
    if report.gender_mapping is not None and len(report.gender_mapping):
        print("Gender labels:", file=out)
        for label, group, rows in report.gender_mapping.itertuples(index=False):
            print(f"  {label!r} -> {group} ({rows} rows)", file=out)
    if report.totals is not None and len(report.totals):
        print("Visits by site and gender group:", file=out)
        print(report.totals.to_string(), file=out)


def _progress(done: int, total: int) -> None:
    print(f"\r  {done:,} / {total:,} rows", end="", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    fmt = args.format or ("xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else "csv")
    if args.mapping and fmt != "dhis2":
        print("error: --mapping is only for --format dhis2.", file=sys.stderr)
        return 2
    mapping_rows = None
    if args.mapping:
        try:
            mapping_rows = dhis2_mappings.read_mapping_file(Path(args.mapping))
        except (OSError, DomainError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    options = ImportOptions(
        format=fmt,
        day_first=args.day_first,
        on_existing=args.on_existing,
        create_missing=args.create_missing,
    )
    progress = _progress if sys.stderr.isatty() else None
    engine = ready_engine()
    try:
        report = attendance_import.import_attendance(
            engine,
            source=path,
            file_name=path.name,
            options=options,
            actor=CLI,
            dry_run=args.dry_run,
            progress=progress,
            write_progress=progress,
            mapping_rows=mapping_rows,
        )
    except ImportRejected as exc:
        if progress:
            print(file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        print_problems(exc.report)
        return 2
    if progress:
        print(file=sys.stderr)
    if not report.ok:
        print(f"Dry run: {report.problem_count} problems found.", file=sys.stderr)
        print_problems(report)
        return 2
    if args.dry_run:
        print("Dry run: no problems found; nothing was written.")
    print_report(report)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    engine = ready_engine()
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            n = attendance_export.export_csv(engine, fh)
        print(f"Wrote {n} rows to {args.out}.", file=sys.stderr)
    else:
        attendance_export.export_csv(engine, sys.stdout)
    return 0

"""The import's request (`ImportOptions`) and its answer (`ImportReport`, `ImportRejected`)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd

from advisory.errors import ValidationError
from advisory.i18n import _, ngettext
from advisory.importers.problems import Problem
from advisory.spreadsheet_safety import neutralise_text

FORMATS = ("csv", "xlsx", "dhis2")


@dataclass
class ImportOptions:
    format: str = "csv"  # csv | xlsx | dhis2
    day_first: bool = False
    on_existing: str | None = None  # replace | skip | None (ask)
    create_missing: bool = False

    def checked(self) -> ImportOptions:
        """These options with the format lower-cased; ValidationError for a bad choice."""
        fmt = (self.format or "csv").lower()
        if fmt not in FORMATS:
            raise ValidationError(_("The format must be csv, xlsx or dhis2."), field="format")
        if self.on_existing not in (None, "replace", "skip"):
            raise ValidationError(
                _("On existing rows: choose replace or skip."), field="on_existing"
            )
        return ImportOptions(fmt, self.day_first, self.on_existing, self.create_missing)


@dataclass
class ImportReport:
    """What an import (or a dry run) found and did. Plain values: safe in session state."""

    file_name: str
    content_hash: str
    source: str
    dry_run: bool
    rows_read: int = 0
    valid_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    preview: pd.DataFrame | None = None
    totals: pd.DataFrame | None = None
    gender_mapping: pd.DataFrame | None = None
    unknown_sites: list[str] = field(default_factory=list)
    unknown_services: list[str] = field(default_factory=list)
    created_sites: list[str] = field(default_factory=list)
    created_services: list[str] = field(default_factory=list)
    existing_rows: int = 0
    written: int = 0
    replaced: int = 0
    skipped: int = 0
    batch_id: int | None = None
    personal_data_columns: list[str] = field(default_factory=list)
    unmapped: dict[str, list[str]] = field(default_factory=dict)
    duplicate_of_batch: int | None = None
    deleted_skipped: int = 0  # DHIS2 rows marked deleted=true

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def refuse(self, problems: list[Problem]) -> None:
        """Replace whatever was found by these problems (the file is refused as a whole)."""
        self.problems = list(problems)
        self.problem_count = len(problems)

    def problems_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(p.row, p.column, p.value, p.reason) for p in self.problems],
            columns=["row", "column", "value", "reason"],
        ).astype({"row": "Int64"})

    def problems_csv(self) -> str:
        """The problems as CSV (values neutralised so a spreadsheet runs no formula)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        # A report to read, never imported back: its headers are translated.
        writer.writerow([_("row"), _("column"), _("value"), _("reason")])
        for p in self.problems:
            writer.writerow(
                ["" if p.row is None else p.row, p.column, neutralise_text(p.value), p.reason]
            )
        if self.problem_count > len(self.problems):
            more = self.problem_count - len(self.problems)
            not_listed = ngettext(
                "... and {count} more problem not listed",
                "... and {count} more problems not listed",
                more,
            ).format(count=more)
            writer.writerow(["", "", "", not_listed])
        return out.getvalue()

    def summary(self) -> str:
        """One line: what was checked or written, then each finding (clauses joined by "; ").

        why the singular "rows written": English has said "1 rows written" and tests pin it;
        the plural forms still reach translators through ngettext.
        """
        if self.dry_run:
            head = ngettext(
                "Checked {count} row of {file}", "Checked {count} rows of {file}", self.rows_read
            ).format(count=self.rows_read, file=self.file_name)
        else:
            head = ngettext(
                "Imported {file} as batch #{batch}: {count} rows written",
                "Imported {file} as batch #{batch}: {count} rows written",
                self.written,
            ).format(file=self.file_name, batch=self.batch_id, count=self.written)
        parts = [head]
        if self.existing_rows and not self.dry_run:
            parts.append(
                _("{replaced} replaced, {skipped} skipped").format(
                    replaced=self.replaced, skipped=self.skipped
                )
            )
        elif self.existing_rows:
            parts.append(
                ngettext(
                    "{count} already in the database",
                    "{count} already in the database",
                    self.existing_rows,
                ).format(count=self.existing_rows)
            )
        if self.created_sites:
            parts.append(_("new sites: {names}").format(names=", ".join(self.created_sites)))
        if self.created_services:
            parts.append(_("new services: {names}").format(names=", ".join(self.created_services)))
        if self.totals is not None and len(self.totals):
            visits = int(self.totals["total"].sum())
            parts.append(ngettext("{count} visit", "{count} visits", visits).format(count=visits))
        return "; ".join(parts) + "."


class ImportRejected(ValidationError):
    """The file was not imported; `report` lists every problem. Nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        n = report.problem_count
        super().__init__(
            ngettext(
                "The file was not imported: {count} problem found. Nothing was written.",
                "The file was not imported: {count} problems found. Nothing was written.",
                n,
            ).format(count=n)
        )
        self.report = report

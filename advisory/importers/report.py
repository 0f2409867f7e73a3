"""The import's request (`ImportOptions`) and its answer (`ImportReport`, `ImportRejected`)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd

from advisory.errors import ValidationError
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
            raise ValidationError("The format must be csv, xlsx or dhis2.", field="format")
        if self.on_existing not in (None, "replace", "skip"):
            raise ValidationError("On existing rows: choose replace or skip.", field="on_existing")
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
        writer.writerow(["row", "column", "value", "reason"])
        for p in self.problems:
            writer.writerow(
                ["" if p.row is None else p.row, p.column, neutralise_text(p.value), p.reason]
            )
        if self.problem_count > len(self.problems):
            more = self.problem_count - len(self.problems)
            writer.writerow(["", "", "", f"... and {more} more problems not listed"])
        return out.getvalue()

    def summary(self) -> str:
        if self.dry_run:
            head = f"Checked {self.rows_read} rows of {self.file_name}"
        else:
            head = (
                f"Imported {self.file_name} as batch #{self.batch_id}: {self.written} rows written"
            )
        parts = [head]
        if self.existing_rows and not self.dry_run:
            parts.append(f"{self.replaced} replaced, {self.skipped} skipped")
        elif self.existing_rows:
            parts.append(f"{self.existing_rows} already in the database")
        if self.created_sites:
            parts.append("new sites: " + ", ".join(self.created_sites))
        if self.created_services:
            parts.append("new services: " + ", ".join(self.created_services))
        if self.totals is not None and len(self.totals):
            parts.append(f"{int(self.totals['total'].sum())} visits")
        return "; ".join(parts) + "."


class ImportRejected(ValidationError):
    """The file was not imported; `report` lists every problem. Nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        n = report.problem_count
        noun = "problem" if n == 1 else "problems"
        super().__init__(f"The file was not imported: {n} {noun} found. Nothing was written.")
        self.report = report

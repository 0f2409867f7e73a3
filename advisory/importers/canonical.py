"""Canonical attendance import from CSV or XLSX: parse, normalise, validate, write all or nothing.

Columns `date, site, service, gender, visits` and optionally `period, unique_clients,
new_clients` (header names are matched ignoring case, spaces and dashes).

How it stays fast and small on a million rows:
- the file is read in chunks of `CHUNK_ROWS` rows (memory stays flat whatever the size);
- each column is factorised and only its *distinct* values are parsed and checked (a file
  with a million rows has a few thousand distinct dates and a few hundred distinct counts),
  then the results are broadcast back with numpy;
- duplicate keys are found on one int64 per row; existing rows are looked up per chunk with
  one indexed query; rows are written with the driver's executemany (COPY on PostgreSQL).

All or nothing: the caller's session gets a savepoint; rows are written chunk by chunk while
no problem has been found, and any problem (or any exception) rolls the savepoint back, so
the database is left exactly as it was. Problems are reported as (row, column, value, reason)
with row numbers as a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisory import clock
from advisory.errors import ValidationError
from advisory.models import GENDER_GROUPS, AttendanceRecord, ImportBatch, Service, Site
from advisory.permissions import require
from advisory.services import attendance, audit, organisation
from advisory.services.attendance import neutralise, unneutralise

REQUIRED = ("date", "site", "service", "gender", "visits")
OPTIONAL = ("period", "unique_clients", "new_clients")
COLUMNS = REQUIRED + OPTIONAL
CHUNK_ROWS = 100_000
MAX_COUNT = 1_000_000
MAX_PROBLEMS_KEPT = 10_000
PREVIEW_ROWS = 20
EARLIEST = dt.date(1990, 1, 1)
PERIODS = ("day", "week", "month")

ProgressFn = Callable[[int, int], None]
Source = bytes | str | Path

# --- gender labels ---------------------------------------------------------------------------

_GENDER_VARIANTS: dict[str, tuple[str, ...]] = {
    "woman": (
        "woman", "women", "w", "f", "female", "fem", "girl", "cis woman", "cis female",
        "cisgender woman", "cis w", "femme", "mujer", "femme cis",
    ),
    "trans_woman": (
        "trans woman", "transwoman", "trans women", "tw", "trans female", "transfemale",
        "transgender woman", "transgender female", "trans feminine", "mtf", "m2f", "m to f",
        "male to female", "trans w", "transgender women",
    ),
    "man": (
        "man", "men", "m", "male", "boy", "cis man", "cis male", "cisgender man", "cis m",
        "hombre",
    ),
    "trans_man": (
        "trans man", "transman", "trans men", "tm", "trans male", "transmale",
        "transgender man", "transgender male", "trans masculine", "ftm", "f2m", "f to m",
        "female to male", "trans m",
    ),
    "non_binary": (
        "non binary", "nonbinary", "nb", "enby", "genderqueer", "gender queer",
        "gender non conforming", "gnc", "agender", "genderfluid", "gender fluid",
    ),
    "not_recorded": (
        "", "not recorded", "notrecorded", "unknown", "unk", "u", "n/a", "na", "n a",
        "not known", "missing", "none", "-", "--", "?", "not stated", "not specified",
        "unspecified", "prefer not to say", "declined", "no data", "blank", "nr",
    ),
}  # fmt: skip
GENDER_ALIASES: dict[str, str] = {
    variant: group for group, variants in _GENDER_VARIANTS.items() for variant in variants
}


def _label_key(label: str) -> str:
    text = str(label).strip().lower().replace("_", " ").replace("-", " ")
    text = " ".join(text.split())
    return text if text else ("-" if str(label).strip() else "")


def normalise_gender(label: str | None) -> str | None:
    """The gender group for a label as written in a file, or None when it is not understood.

    Case, spaces, dashes and underscores are ignored: `F`, `Female`, `woman` -> woman;
    `TW`, `Trans woman`, `trans_woman` -> trans_woman; blank, `Unknown` -> not_recorded.
    """
    if label is None:
        return "not_recorded"
    raw = str(label).strip().lower()
    if raw in GENDER_ALIASES:
        return GENDER_ALIASES[raw]
    return GENDER_ALIASES.get(_label_key(raw))


# --- personal data ---------------------------------------------------------------------------

PERSONAL_DATA_EXPLANATION = (
    "This system stores counts only (how many visits, by site, service, date and gender "
    "group) and never a person. The people counted use drugs, often where that is a crime, "
    "and some have survived violence: names, birth dates, phone numbers, addresses or client "
    "ids in this database could put them at risk if it ever leaked or was seized. Remove the "
    "column, or count the rows per date, site, service and gender group, and import again."
)
PERSONAL_DATA_REASON = f"This column looks like personal data. {PERSONAL_DATA_EXPLANATION}"
_PERSONAL_TOKENS = {
    "name", "names", "surname", "firstname", "lastname", "fullname", "forename", "nickname",
    "dob", "birth", "birthday", "birthdate", "phone", "phones", "mobile", "telephone", "tel",
    "cell", "email", "mail", "address", "street", "postcode", "zipcode", "passport", "uic",
    "fingerprint", "photo", "ssn", "nid",
}  # fmt: skip
_PERSON_WORDS = {"client", "patient", "person", "beneficiary", "participant", "user", "member"}
_ID_WORDS = {"id", "code", "number", "no", "num", "identifier", "ref", "reference", "uid"}
_NOT_PERSONAL = {"site_name", "service_name", "sitename", "servicename", "service_user_count"}


def personal_data_columns(headers: Iterable[str]) -> list[str]:
    """The headers that look like personal data (a name, birth date, phone, address, id...)."""
    found = []
    for header in headers:
        key = re.sub(r"[^a-z0-9]+", "_", str(header).strip().lower()).strip("_")
        if not key or key in _NOT_PERSONAL:
            continue
        tokens = set(key.split("_"))
        joined = key.replace("_", "")
        person_id = bool(tokens & _PERSON_WORDS) and (bool(tokens & _ID_WORDS) or len(tokens) == 1)
        if (
            tokens & _PERSONAL_TOKENS
            or joined in _PERSONAL_TOKENS
            or joined in {"dateofbirth", "clientid", "patientid", "idnumber", "nationalid"}
            or person_id
        ):
            found.append(str(header).strip())
    return found


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem: `row` as a spreadsheet numbers it (header = 1; None = the whole file)."""

    row: int | None
    column: str
    value: str
    reason: str


@dataclass
class ImportOptions:
    format: str = "csv"  # csv | xlsx | dhis2
    day_first: bool = False
    on_existing: str | None = None  # replace | skip | None (ask)
    create_missing: bool = False


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
                ["" if p.row is None else p.row, p.column, neutralise(p.value), p.reason]
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


class _FileProblem(Exception):
    """Raised by a reader when it cannot go on (bad encoding, ragged row...)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


# --- value parsing (on distinct values only) -------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EPOCH = dt.date(1970, 1, 1)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def parse_date(text: str, *, day_first: bool, today: dt.date) -> tuple[dt.date | None, str]:
    """(date, "") or (None, reason). ISO always; DD/MM/YYYY only when `day_first`."""
    text = text.strip()
    if not text:
        return None, "Enter a date."
    iso = _ISO.match(text)
    dmy = _DMY.match(text)
    try:
        if iso:
            day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif dmy and day_first:
            day = dt.date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
        elif dmy:
            return None, (
                "Not a date in YYYY-MM-DD form. If the file's dates are day first "
                "(DD/MM/YYYY), choose the day-first option and import again."
            )
        else:
            example = "DD/MM/YYYY or YYYY-MM-DD" if day_first else "YYYY-MM-DD"
            return None, f"Not a date: use {example} (for example 2024-03-05)."
    except ValueError:
        return None, "Not a real calendar date."
    if day < EARLIEST:
        return None, "The date is before 1990: check the year."
    if day > today:
        return None, "The date is in the future."
    return day, ""


_INT = re.compile(r"^\+?(\d+)(?:\.0*)?$")


def parse_count(text: str, *, required: bool, what: str) -> tuple[int | None, str]:
    """(count, "") or (None, "") for an allowed blank, or (None, reason)."""
    text = text.strip().replace("\u00a0", "")
    if not text:
        if required:
            return None, f"Enter the number of {what} (0 if there were none)."
        return None, ""
    match = _INT.match(text)
    if match is None:
        if re.match(r"^-\s*\d+(?:\.\d*)?$", text):
            return None, "A count cannot be negative."
        if re.match(r"^\d*[.,]\d+$", text):
            return None, "Not a whole number."
        return None, "Not a number."
    value = int(match[1])
    if value > MAX_COUNT:
        return None, f"Too large for one row (at most {MAX_COUNT:,})."
    return value, ""


def _clean_name(text: str) -> str:
    return " ".join(unneutralise(str(text).strip()).split())


# --- key encoding ----------------------------------------------------------------------------

_GENDER_CODE = {g: i for i, g in enumerate(GENDER_GROUPS)}
_PERIOD_CODE = {p: i for i, p in enumerate(PERIODS)}
_ID_BITS, _DAY_BITS = 20, 17


def _keys(site, service, period, days, gender) -> np.ndarray:  # type: ignore[no-untyped-def]
    # One int64 per (site, service, period, date, gender): 20+20+2+17+3 bits.
    k = np.asarray(site, dtype=np.int64) << _ID_BITS
    k |= np.asarray(service, dtype=np.int64)
    k = (k << 2) | np.asarray(period, dtype=np.int64)
    k = (k << _DAY_BITS) | np.asarray(days, dtype=np.int64)
    return (k << 3) | np.asarray(gender, dtype=np.int64)


# --- the pipeline ----------------------------------------------------------------------------


class _Names:
    """Site or service names -> ids, matched ignoring case and repeated spaces."""

    def __init__(self, rows: Iterable[tuple[int, str]], first_provisional: int) -> None:
        self.ids: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for i, name in rows:
            self.ids[_clean_name(name).lower()] = i
            self.names[i] = name
        self.next_provisional = first_provisional
        self.unknown: dict[str, str] = {}
        self.created: list[str] = []


class _Chunk:
    """One chunk of rows: the factorised columns and, as validation goes, parsed arrays.

    Every column is factorised once (`codes`, distinct `values`); parsing works on the
    distinct values and `broadcast` spreads the result (and any reason) back to the rows.
    """

    def __init__(self, rows: np.ndarray, factors: dict[str, tuple[np.ndarray, list[str]]]):
        self.rows = rows
        self.factors = factors
        self.n = len(rows)
        self.bad = np.zeros(self.n, dtype=bool)
        self.reasons: dict[str, np.ndarray] = {}  # column -> reason per row ("" when fine)
        empty = np.zeros(self.n, dtype=np.int64)
        self.days = self.period = self.site = self.service = self.gender = empty
        self.visits = self.unique = self.new = self.keys = empty
        self.misaligned = np.zeros(self.n, dtype=bool)

    @classmethod
    def factorise(cls, raw: pd.DataFrame) -> _Chunk | None:
        """Factorise every column and leave out blank rows; None when nothing is left."""
        n = len(raw)
        if n == 0:
            return None
        rows = raw["row"].to_numpy(dtype=np.int64)
        factors: dict[str, tuple[np.ndarray, list[str]]] = {}
        blank = np.ones(n, dtype=bool)
        for col in COLUMNS:
            if col in raw.columns:
                codes, uniques = pd.factorize(raw[col].astype(str), sort=False)
                values = [str(u) for u in uniques]
            else:
                codes, values = np.zeros(n, dtype=np.int64), [""]
            factors[col] = (codes, values)
            empty = np.array([not v.strip() for v in values], dtype=bool)
            blank &= empty[codes]
        if blank.any():
            keep = ~blank
            if not keep.any():
                return None
            rows = rows[keep]
            factors = {c: (codes[keep], values) for c, (codes, values) in factors.items()}
        return cls(rows, factors)

    def values(self, col: str) -> list[str]:
        return self.factors[col][1]

    def raw(self, col: str, idx: int) -> str:
        codes, values = self.factors[col]
        return values[codes[idx]]

    def broadcast(self, col: str, parsed: np.ndarray, reasons: list[str]) -> np.ndarray:
        """Per-row values from per-distinct-value `parsed`; record the rows' reasons."""
        codes = self.factors[col][0]
        has = np.array([bool(x) for x in reasons], dtype=bool)
        if has.any():
            row_has = has[codes]
            self.reasons[col] = np.where(row_has, np.array(reasons, dtype=object)[codes], "")
            self.bad |= row_has
        return parsed[codes]

    def failed(self, col: str) -> np.ndarray:
        if col not in self.reasons:
            return np.zeros(self.n, dtype=bool)
        return self.reasons[col] != ""

    def value_problems(self) -> list[Problem]:
        return [
            Problem(int(self.rows[idx]), col, self.raw(col, idx), reasons[idx])
            for col, reasons in self.reasons.items()
            for idx in np.flatnonzero(reasons != "")
        ]


class _Pipeline:
    def __init__(
        self,
        session: Session,
        report: ImportReport,
        options: ImportOptions,
        *,
        writing: bool,
        batch_id: int | None,
        by: str,
        today: dt.date,
    ) -> None:
        self.s = session
        self.report = report
        self.options = options
        self.writing = writing
        self.batch_id = batch_id
        self.by = by
        self.today = today
        self.today_days = (today - _EPOCH).days
        self.dialect = session.get_bind().dialect.name
        max_site = session.scalar(select(func.max(Site.id))) or 0
        max_service = session.scalar(select(func.max(Service.id))) or 0
        self.first_provisional_site = max_site + 1
        self.sites = _Names(session.execute(select(Site.id, Site.name)).all(), max_site + 1)
        self.services = _Names(
            session.execute(select(Service.id, Service.name)).all(), max_service + 1
        )
        self.seen_keys = np.empty(0, dtype=np.int64)
        self.seen_rows = np.empty(0, dtype=np.int64)
        self.gender_rows: dict[str, list] = {}  # label -> [group, rows]
        self.totals: dict[tuple[int, int], int] = {}
        self.preview: list[pd.DataFrame] = []
        self.preview_count = 0
        self.blocked = False  # a problem or an unanswered "existing rows" question

    # -- problems --

    def add_problems(self, problems: list[Problem]) -> None:
        if not problems:
            return
        self.blocked = True
        room = MAX_PROBLEMS_KEPT - len(self.report.problems)
        if room > 0:
            self.report.problems.extend(problems[:room])
        self.report.problem_count += len(problems)

    # -- names --

    def _resolve(self, names: _Names, uniques: list[str], kind: str) -> tuple[np.ndarray, list]:
        ids = np.zeros(len(uniques), dtype=np.int64)
        reasons: list[str] = [""] * len(uniques)
        for i, raw in enumerate(uniques):
            name = _clean_name(raw)
            if not name:
                reasons[i] = f"Enter the {kind}'s name."
                continue
            key = name.lower()
            if key in names.ids:
                ids[i] = names.ids[key]
                continue
            if len(name) > 120:
                reasons[i] = f"A {kind} name is at most 120 characters."
                continue
            if not self.options.create_missing:
                names.unknown.setdefault(key, name)
                reasons[i] = (
                    f"No {kind} has this name. Correct it, or choose to create missing sites "
                    "and services in this import."
                )
                continue
            names.unknown.setdefault(key, name)
            if self.writing:
                new_id = self._create(kind, name)
            else:
                new_id = names.next_provisional
                names.next_provisional += 1
            names.ids[key] = new_id
            names.names[new_id] = name
            names.created.append(name)
            ids[i] = new_id
        return ids, reasons

    def _create(self, kind: str, name: str) -> int:
        if kind == "site":
            site = organisation.create_site(self.s, name=name, kind="other", by=self.by)
            return site.id
        service = Service(name=name)
        self.s.add(service)
        self.s.flush()
        audit.record(
            self.s, actor=self.by, action="service.create", entity="service", entity_id=service.id
        )
        return service.id

    # -- one chunk --

    def feed(self, raw: pd.DataFrame) -> None:
        """Validate one chunk (string columns plus `row`), then write it if all is well."""
        chunk = _Chunk.factorise(raw)
        if chunk is None:
            return
        self.report.rows_read += chunk.n
        self._parse_dates_and_periods(chunk)
        self._parse_names(chunk)
        self._parse_genders(chunk)
        self._parse_counts(chunk)
        problems = chunk.value_problems()
        problems += self._period_start_problems(chunk)
        problems += self._client_count_problems(chunk)
        problems += self._duplicate_problems(chunk)
        order = {c: i for i, c in enumerate(COLUMNS)}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column, 99)))
        self.add_problems(problems)
        self._add_preview(chunk)
        good = ~chunk.bad
        if not good.any():
            return
        self.report.valid_rows += int(good.sum())
        pair = chunk.site[good] * 8 + chunk.gender[good]
        sums = np.bincount(pair, weights=chunk.visits[good])
        for p in np.flatnonzero(sums):
            k = (int(p) // 8, int(p) % 8)
            self.totals[k] = self.totals.get(k, 0) + int(sums[p])
        self._existing_and_write(
            chunk.keys[good], chunk.site[good], chunk.service[good], chunk.period[good],
            chunk.days[good], chunk.gender[good], chunk.visits[good], chunk.unique[good],
            chunk.new[good],
        )  # fmt: skip

    def _parse_dates_and_periods(self, chunk: _Chunk) -> None:
        values = chunk.values("date")
        day_u = np.zeros(len(values), dtype=np.int64)
        reasons = [""] * len(values)
        for i, v in enumerate(values):
            day, reasons[i] = parse_date(v, day_first=self.options.day_first, today=self.today)
            if day is not None:
                day_u[i] = (day - _EPOCH).days
        chunk.days = chunk.broadcast("date", day_u, reasons)

        values = chunk.values("period")
        period_u = np.zeros(len(values), dtype=np.int64)
        reasons = [""] * len(values)
        for i, v in enumerate(values):
            key = v.strip().lower()
            key = {"daily": "day", "weekly": "week", "monthly": "month", "": "day"}.get(key, key)
            if key in _PERIOD_CODE:
                period_u[i] = _PERIOD_CODE[key]
            else:
                reasons[i] = "The period must be day, week or month."
        chunk.period = chunk.broadcast("period", period_u, reasons)

    def _parse_names(self, chunk: _Chunk) -> None:
        site_u, reasons = self._resolve(self.sites, chunk.values("site"), "site")
        chunk.site = chunk.broadcast("site", site_u, reasons)
        service_u, reasons = self._resolve(self.services, chunk.values("service"), "service")
        chunk.service = chunk.broadcast("service", service_u, reasons)

    def _parse_genders(self, chunk: _Chunk) -> None:
        codes, values = chunk.factors["gender"]
        gender_u = np.zeros(len(values), dtype=np.int64)
        reasons = [""] * len(values)
        rows_per_label = np.bincount(codes, minlength=len(values))
        for i, v in enumerate(values):
            group = normalise_gender(v)
            entry = self.gender_rows.setdefault(v.strip(), [group, 0])
            entry[1] += int(rows_per_label[i])
            if group is None:
                reasons[i] = (
                    "Unknown gender label. Use woman, trans_woman, man, trans_man, non_binary "
                    "or not_recorded (common variants such as F, M, TW or Unknown are "
                    "understood)."
                )
            else:
                gender_u[i] = _GENDER_CODE[group]
        chunk.gender = chunk.broadcast("gender", gender_u, reasons)

    def _parse_counts(self, chunk: _Chunk) -> None:
        def parse(col: str, *, required: bool, what: str) -> np.ndarray:
            values = chunk.values(col)
            parsed = np.full(len(values), -1, dtype=np.int64)  # -1: blank
            reasons = [""] * len(values)
            for i, v in enumerate(values):
                value, reasons[i] = parse_count(v, required=required, what=what)
                if value is not None:
                    parsed[i] = value
            return chunk.broadcast(col, parsed, reasons)

        chunk.visits = parse("visits", required=True, what="visits")
        chunk.unique = parse("unique_clients", required=False, what="unique clients")
        chunk.new = parse("new_clients", required=False, what="new clients")

    def _period_start_problems(self, chunk: _Chunk) -> list[Problem]:
        """A week starts on a Monday, a month on the 1st."""
        ok = ~chunk.failed("date") & ~chunk.failed("period")
        days = chunk.days
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        week_bad = ok & (chunk.period == _PERIOD_CODE["week"]) & (weekday != 0)
        dates64 = days.astype("datetime64[D]")
        first_of_month = dates64.astype("datetime64[M]").astype("datetime64[D]")
        month_bad = ok & (chunk.period == _PERIOD_CODE["month"]) & (first_of_month != dates64)
        problems = []
        for idx in np.flatnonzero(week_bad | month_bad):
            day = _EPOCH + dt.timedelta(days=int(days[idx]))
            if week_bad[idx]:
                monday = day - dt.timedelta(days=day.weekday())
                reason = (
                    f"A week period starts on a Monday: {day.isoformat()} is a "
                    f"{WEEKDAYS[day.weekday()]} (that week's Monday is {monday.isoformat()})."
                )
            else:
                reason = f"A month period starts on the 1st: use {day.replace(day=1).isoformat()}."
            problems.append(Problem(int(chunk.rows[idx]), "date", chunk.raw("date", idx), reason))
        chunk.misaligned = week_bad | month_bad
        chunk.bad |= chunk.misaligned
        return problems

    def _client_count_problems(self, chunk: _Chunk) -> list[Problem]:
        """Unique clients <= visits; new clients <= unique clients (or visits)."""
        visits, unique, new = chunk.visits, chunk.unique, chunk.new
        u_bad = (unique >= 0) & (visits >= 0) & (unique > visits)
        n_bad_u = (new >= 0) & (unique >= 0) & (new > unique)
        n_bad_v = (new >= 0) & (unique < 0) & (visits >= 0) & (new > visits)
        problems = [
            Problem(int(chunk.rows[idx]), "unique_clients", chunk.raw("unique_clients", idx),
                    "Unique clients cannot be more than visits.")
            for idx in np.flatnonzero(u_bad)
        ]  # fmt: skip
        for idx in np.flatnonzero(n_bad_u | n_bad_v):
            what = "unique clients" if n_bad_u[idx] else "visits"
            problems.append(
                Problem(int(chunk.rows[idx]), "new_clients", chunk.raw("new_clients", idx),
                        f"New clients cannot be more than {what}.")
            )  # fmt: skip
        chunk.bad |= u_bad | n_bad_u | n_bad_v
        return problems

    def _duplicate_problems(self, chunk: _Chunk) -> list[Problem]:
        """The same key twice in the file (this chunk or an earlier one)."""
        key_ok = ~chunk.misaligned
        for col in ("date", "period", "site", "service", "gender"):
            key_ok &= ~chunk.failed(col)
        chunk.keys = _keys(chunk.site, chunk.service, chunk.period, chunk.days, chunk.gender)
        problems = self._duplicates(chunk.keys, chunk.rows, key_ok, chunk.factors["date"])
        if problems:
            dup_rows = np.fromiter({p.row for p in problems}, dtype=np.int64)
            chunk.bad |= np.isin(chunk.rows, dup_rows)
        return problems

    def _duplicates(
        self, keys: np.ndarray, rows: np.ndarray, ok: np.ndarray, raw_dates
    ) -> list[Problem]:  # type: ignore[no-untyped-def]
        k, r, pos = keys[ok], rows[ok], np.flatnonzero(ok)
        problems: list[Problem] = []
        if len(k) == 0:
            return problems
        order = np.argsort(k, kind="stable")
        ks, rs, ps = k[order], r[order], pos[order]
        same_as_prev = np.zeros(len(ks), dtype=bool)
        same_as_prev[1:] = ks[1:] == ks[:-1]
        first_row = rs.copy()
        if same_as_prev.any():
            # propagate the first row of each run of equal keys
            starts = np.flatnonzero(~same_as_prev)
            run_id = np.cumsum(~same_as_prev) - 1
            first_row = rs[starts][run_id]
        earlier = np.full(len(ks), -1, dtype=np.int64)
        earlier[same_as_prev] = first_row[same_as_prev]
        if len(self.seen_keys):
            at = np.searchsorted(self.seen_keys, ks)
            at_clip = np.minimum(at, len(self.seen_keys) - 1)
            hit = self.seen_keys[at_clip] == ks
            earlier = np.where(hit, self.seen_rows[at_clip], earlier)
        for j in np.flatnonzero(earlier >= 0):
            idx = ps[j]
            value = raw_dates[1][raw_dates[0][idx]]
            problems.append(
                Problem(
                    int(rs[j]),
                    "date",
                    value,
                    f"Same site, service, period, date and gender as row {int(earlier[j])}: "
                    "each combination can appear only once in a file.",
                )
            )
        firsts = ~same_as_prev
        merged_k = np.concatenate([self.seen_keys, ks[firsts]])
        merged_r = np.concatenate([self.seen_rows, rs[firsts]])
        order = np.argsort(merged_k, kind="stable")
        merged_k, merged_r = merged_k[order], merged_r[order]
        keep = np.ones(len(merged_k), dtype=bool)
        keep[1:] = merged_k[1:] != merged_k[:-1]
        self.seen_keys, self.seen_rows = merged_k[keep], merged_r[keep]
        return problems

    def _add_preview(self, chunk: _Chunk) -> None:
        room = PREVIEW_ROWS - self.preview_count
        if room <= 0:
            return
        out = []
        for idx in range(min(room, chunk.n)):
            label = chunk.raw("gender", idx).strip()
            row = {
                "row": int(chunk.rows[idx]),
                "date": chunk.raw("date", idx).strip(),
                "period": PERIODS[int(chunk.period[idx])],
                "site": _clean_name(chunk.raw("site", idx)),
                "service": _clean_name(chunk.raw("service", idx)),
                "gender in file": label,
                "gender group": normalise_gender(label) or "?",
                "visits": chunk.raw("visits", idx).strip(),
                "unique_clients": chunk.raw("unique_clients", idx).strip(),
                "new_clients": chunk.raw("new_clients", idx).strip(),
                "status": "problem" if chunk.bad[idx] else "ok",
            }
            if not chunk.bad[idx]:  # show the values as they will be stored
                row["date"] = (_EPOCH + dt.timedelta(days=int(chunk.days[idx]))).isoformat()
                row["visits"] = str(int(chunk.visits[idx]))
                for col, values in (("unique_clients", chunk.unique), ("new_clients", chunk.new)):
                    row[col] = "" if values[idx] < 0 else str(int(values[idx]))
            out.append(row)
        self.preview.append(pd.DataFrame(out))
        self.preview_count += len(out)

    # -- existing rows and writing --

    def _existing_and_write(
        self, keys, site, service, period, days, gender, visits, unique, new
    ) -> None:  # type: ignore[no-untyped-def]
        existing_ids = self._existing(keys, site, days)
        is_existing = np.zeros(len(keys), dtype=bool)
        ids_to_replace: list[int] = []
        if existing_ids:
            ex_keys = np.fromiter(existing_ids, dtype=np.int64)
            is_existing = np.isin(keys, ex_keys)
            self.report.existing_rows += int(is_existing.sum())
            if self.options.on_existing is None:
                self.blocked = True
            elif self.options.on_existing == "replace":
                ids_to_replace = [existing_ids[int(k)] for k in keys[is_existing]]
        if not self.writing or self.blocked:
            return
        if self.options.on_existing == "skip" and is_existing.any():
            keep = ~is_existing
            self.report.skipped += int(is_existing.sum())
            site, service, period, days, gender = (
                site[keep], service[keep], period[keep], days[keep], gender[keep],
            )  # fmt: skip
            visits, unique, new = visits[keep], unique[keep], new[keep]
        if ids_to_replace:
            table = AttendanceRecord.__table__
            for i in range(0, len(ids_to_replace), 5000):
                part = ids_to_replace[i : i + 5000]
                self.s.execute(delete(table).where(table.c.id.in_(part)))
            self.report.replaced += len(ids_to_replace)
        self._insert(site, service, period, days, gender, visits, unique, new)

    def _existing(self, keys, site, days) -> dict[int, int]:  # type: ignore[no-untyped-def]
        """key -> id of rows already stored with the same key (not written by this import)."""
        # In a dry run, sites to be created have provisional ids: nothing is stored for them.
        limit = np.iinfo(np.int64).max if self.writing else self.first_provisional_site
        real_sites = [int(x) for x in np.unique(site) if int(x) < limit]
        if not real_sites or len(keys) == 0:
            return {}
        table = AttendanceRecord.__table__
        c = table.c
        lo = _EPOCH + dt.timedelta(days=int(days.min()))
        hi = _EPOCH + dt.timedelta(days=int(days.max()))
        q = select(c.id, c.site_id, c.service_id, c.period, c.period_start, c.gender).where(
            c.site_id.in_(real_sites), c.period_start >= lo, c.period_start <= hi
        )
        if self.batch_id is not None:
            q = q.where(or_(c.batch_id.is_(None), c.batch_id != self.batch_id))
        found = self.s.execute(q).all()
        if not found:
            return {}
        ids = np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))
        ex = _keys(
            [r[1] for r in found],
            [r[2] for r in found],
            [_PERIOD_CODE[str(r[3])] for r in found],
            [(attendance._as_date(r[4]) - _EPOCH).days for r in found],
            [_GENDER_CODE[str(r[5])] for r in found],
        )
        wanted = np.isin(ex, keys)
        return {int(k): int(i) for k, i in zip(ex[wanted], ids[wanted], strict=True)}

    def _insert(self, site, service, period, days, gender, visits, unique, new) -> None:  # type: ignore[no-untyped-def]
        n = len(site)
        if n == 0:
            return
        # Distinct dates are few: format each once, then broadcast.
        day_u, day_codes = np.unique(days, return_inverse=True)
        day_text = np.array(
            [(_EPOCH + dt.timedelta(days=int(d))).isoformat() for d in day_u], dtype=object
        )[day_codes]
        gender_text = np.array(GENDER_GROUPS, dtype=object)[gender]
        # why: binding fewer parameters per row is ~25% faster on SQLite, so the period (one
        # statement per period present) and the batch id are literals, and the client counts
        # are bound only when the file has them. All literals are our own ints and constants.
        for code in np.unique(period):
            sel = period == code
            part = slice(None) if sel.all() else sel
            columns = [
                site[part].tolist(), service[part].tolist(), day_text[part].tolist(),
                gender_text[part].tolist(), visits[part].tolist(),
            ]  # fmt: skip
            names = ["site_id", "service_id", "period_start", "gender", "visits"]
            u, c = unique[part], new[part]
            if (u >= 0).any() or (c >= 0).any():
                names += ["unique_clients", "new_clients"]
                columns.append([int(x) if x >= 0 else None for x in u.tolist()])
                columns.append([int(x) if x >= 0 else None for x in c.tolist()])
            rows = list(zip(*columns, strict=True))
            self._write_rows(names, PERIODS[int(code)], rows)
        self.report.written += n

    def _write_rows(self, names: list[str], period: str, rows: list[tuple]) -> None:
        write_rows(self.s, names=names, rows=rows, period=period, batch_id=self.batch_id)

    # -- the end --

    def finish(self) -> None:
        r = self.report
        r.unknown_sites = sorted(self.sites.unknown.values(), key=str.lower)
        r.unknown_services = sorted(self.services.unknown.values(), key=str.lower)
        r.created_sites = list(self.sites.created)
        r.created_services = list(self.services.created)
        if self.options.create_missing:
            r.unknown_sites, r.unknown_services = [], []
        r.preview = pd.concat(self.preview, ignore_index=True) if self.preview else pd.DataFrame()
        mapping = [
            (label or "(blank)", group or "(not understood)", rows)
            for label, (group, rows) in sorted(self.gender_rows.items(), key=lambda kv: -kv[1][1])
        ]
        r.gender_mapping = pd.DataFrame(mapping, columns=["label in file", "gender group", "rows"])
        table = pd.DataFrame(0, index=[], columns=list(GENDER_GROUPS), dtype="int64")
        if self.totals:
            records = [
                (self.sites.names.get(s, str(s)), GENDER_GROUPS[g], v)
                for (s, g), v in self.totals.items()
            ]
            frame = pd.DataFrame(records, columns=["site", "gender", "visits"])
            table = frame.pivot_table(
                index="site", columns="gender", values="visits", aggfunc="sum", fill_value=0
            ).reindex(columns=list(GENDER_GROUPS), fill_value=0)
            table.columns.name = None
        table["total"] = table.sum(axis=1)
        r.totals = table.astype("int64")
        if r.rows_read == 0 and r.problem_count == 0:
            self.add_problems([Problem(None, "", "", "The file has no rows to import.")])
        if r.existing_rows and self.options.on_existing is None:
            self.add_problems(
                [
                    Problem(
                        None,
                        "",
                        "",
                        f"{r.existing_rows} rows are already in the database (same site, "
                        "service, period, date and gender). Choose whether to replace them "
                        "or skip them.",
                    )  # fmt: skip
                ]
            )


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
        raw = conn.connection.dbapi_connection
        extra = (period, batch_id)
        try:
            with raw.cursor() as cur, cur.copy(f"COPY attendance ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + extra)
        except conn.dialect.dbapi.IntegrityError as exc:  # type: ignore[union-attr]
            # the raw cursor bypasses SQLAlchemy: give callers the same exception type
            raise IntegrityError("COPY attendance", None, exc) from None
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        session.execute(
            AttendanceRecord.__table__.insert(),
            [{**dict(zip(names, r, strict=True)), "period": period, "batch_id": batch_id}
             for r in rows],
        )  # fmt: skip


_WRITABLE = {"site_id", "service_id", "period_start", "gender", "visits", "unique_clients",
             "new_clients"}  # fmt: skip


# --- entry points ----------------------------------------------------------------------------


def content_hash(source: Source) -> tuple[str, int]:
    """SHA-256 of the file's bytes and its number of line breaks (read in 1 MB blocks)."""
    digest = hashlib.sha256()
    lines = 0
    if isinstance(source, bytes):
        digest.update(source)
        return digest.hexdigest(), source.count(b"\n")
    with open(source, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            lines += block.count(b"\n")
    return digest.hexdigest(), lines


def _open(source: Source) -> BinaryIO:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    return open(source, "rb")  # noqa: SIM115 - closed by the caller


def already_imported(session: Session, digest: str) -> ImportBatch | None:
    """The live (not undone) batch that imported a file with this content hash, if any."""
    return session.scalar(
        select(ImportBatch)
        .where(ImportBatch.content_hash == digest, ImportBatch.undone_at.is_(None))
        .order_by(ImportBatch.id)
        .limit(1)
    )


def _header_problems(headers: list[str], report: ImportReport) -> list[Problem]:
    problems: list[Problem] = []
    personal = personal_data_columns(headers)
    report.personal_data_columns = personal
    for col in personal:
        problems.append(
            Problem(
                1, col, col, f"This column looks like personal data. {PERSONAL_DATA_EXPLANATION}"
            )
        )
    normalised = [_norm_header(h) for h in headers]
    seen: set[str] = set()
    for raw, name in zip(headers, normalised, strict=True):
        if raw.strip() in personal:
            continue
        if name in seen and name in COLUMNS:
            problems.append(Problem(1, name, raw, "This column appears more than once."))
        elif name not in COLUMNS:
            shown = raw.strip() or "(blank)"
            problems.append(
                Problem(
                    1,
                    shown,
                    shown,
                    "Not a column this import understands. Use only: " + ", ".join(COLUMNS) + ".",
                )  # fmt: skip
            )
        seen.add(name)
    for col in REQUIRED:
        if col not in normalised:
            problems.append(Problem(1, col, "", "This required column is missing."))
    return problems


def _norm_header(header: str) -> str:
    text = str(header).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _csv_header(stream: BinaryIO) -> tuple[list[str], str]:
    first = stream.readline()
    stream.seek(0)
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _FileProblem(Problem(None, "", "", _NOT_UTF8)) from None
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    header = next(csv.reader([line], delimiter=delimiter), [])
    return header, delimiter


_NOT_UTF8 = (
    "The file is not UTF-8 text. In a spreadsheet, save it as 'CSV UTF-8 (comma delimited)' "
    "and import again."
)


def read_csv_chunks(stream: BinaryIO, headers: list[str], delimiter: str, chunk_rows: int):  # type: ignore[no-untyped-def]
    """Yield DataFrames of strings with canonical column names and a `row` column."""
    names = [_norm_header(h) for h in headers]
    reader = None
    start = 2
    try:
        reader = pd.read_csv(
            stream,
            sep=delimiter,
            header=0,
            names=names,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            chunksize=chunk_rows,
            encoding="utf-8-sig",
            engine="c",
        )
        for chunk in reader:
            chunk["row"] = np.arange(start, start + len(chunk), dtype=np.int64)
            start += len(chunk)
            yield chunk
    except UnicodeDecodeError:
        raise _FileProblem(Problem(None, "", "", _NOT_UTF8)) from None
    except pd.errors.ParserError as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if match:
            expected, line, saw = match.groups()
            raise _FileProblem(
                Problem(
                    int(line),
                    "",
                    "",
                    f"This row has {saw} values but the header has {expected} columns: check "
                    "for a stray comma, or put quotes around a value that contains one. "
                    "Rows after it were not checked.",
                )  # fmt: skip
            ) from None
        raise _FileProblem(
            Problem(None, "", "", f"The file could not be read as CSV: {exc}")
        ) from None
    finally:
        if reader is not None and not stream.closed:
            reader.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return str(value)
    return str(value)


def _xlsx_rows(stream: BinaryIO):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook becomes one message
        raise _FileProblem(
            Problem(None, "", "", "The file is not a readable Excel workbook (.xlsx).")
        ) from None
    sheet = book.worksheets[0]
    total = max((sheet.max_row or 1) - 1, 0)
    return book, sheet, total


def read_xlsx_chunks(sheet, chunk_rows: int) -> tuple[list[str], Iterator[pd.DataFrame]]:  # type: ignore[no-untyped-def]
    rows = sheet.iter_rows(values_only=True)
    header_cells = next(rows, None)
    if header_cells is None:
        return [], iter(())
    while header_cells and header_cells[-1] is None:
        header_cells = header_cells[:-1]
    headers = [_cell_text(c) for c in header_cells]
    names = [_norm_header(h) for h in headers]
    width = len(names)

    def chunks() -> Iterator[pd.DataFrame]:
        buffer: list[list[str]] = []
        row_numbers: list[int] = []
        number = 1
        for cells in rows:
            number += 1
            values = [_cell_text(c) for c in cells[:width]]
            extra = [c for c in cells[width:] if c not in (None, "")]
            if extra:
                raise _FileProblem(
                    Problem(number, "", "", "This row has values beyond the header's columns.")
                )
            values += [""] * (width - len(values))
            buffer.append(values)
            row_numbers.append(number)
            if len(buffer) >= chunk_rows:
                yield _frame(buffer, row_numbers, names)
                buffer, row_numbers = [], []
        if buffer:
            yield _frame(buffer, row_numbers, names)

    return headers, chunks()


def _frame(buffer: list[list[str]], rows: list[int], names: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(buffer, columns=names, dtype=str)
    frame["row"] = np.asarray(rows, dtype=np.int64)
    return frame


def run_pipeline(
    session: Session,
    *,
    chunks: Iterable[pd.DataFrame],
    report: ImportReport,
    options: ImportOptions,
    by: str,
    dry_run: bool,
    progress: ProgressFn | None,
    total_rows: int,
    pre_problems: Iterable[Problem] = (),
    today: dt.date | None = None,
    on_write: Callable[[], None] | None = None,
    check_duplicate_file: bool = True,
) -> ImportReport:
    """Validate `chunks` and (unless `dry_run`) write them as one batch, all or nothing.

    Raises ImportRejected (after rolling back its savepoint) when anything is wrong and this
    is not a dry run; a dry run returns the report with its problems instead.
    """
    today = today or clock.today()
    attendance.ensure_default_services(session)
    previous = already_imported(session, report.content_hash) if check_duplicate_file else None
    if previous is not None:
        report.duplicate_of_batch = previous.id
        report.problems.append(
            Problem(
                None,
                "",
                report.file_name,
                f"This file was already imported on {previous.at:%Y-%m-%d %H:%M} by "
                f"{previous.by} (batch #{previous.id}). Importing it again would count its "
                "visits twice; undo that batch first if you mean to import it again.",
            )  # fmt: skip
        )
        report.problem_count = 1
        if dry_run:
            return report
        raise ImportRejected(report)

    def work(batch_id: int | None) -> None:
        pipeline = _Pipeline(
            session, report, options, writing=not dry_run, batch_id=batch_id, by=by, today=today
        )
        pipeline.add_problems(list(pre_problems))
        done = 0
        try:
            for chunk in chunks:
                pipeline.feed(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, max(total_rows, done))
        except _FileProblem as exc:
            pipeline.add_problems([exc.problem])
        pipeline.finish()

    if dry_run:
        work(None)
        return report
    try:
        with session.begin_nested():
            batch = ImportBatch(
                by=by, file_name=report.file_name[:255], content_hash=report.content_hash,
                source=report.source,
            )  # fmt: skip
            session.add(batch)
            session.flush()
            report.batch_id = batch.id
            if on_write is not None:
                on_write()
            work(batch.id)
            if not report.ok:
                report.batch_id = None
                report.written = report.replaced = report.skipped = 0
                report.created_sites, report.created_services = [], []
                raise ImportRejected(report)
            batch.row_count = report.written
            batch.replaced_count = report.replaced
            batch.skipped_count = report.skipped
            audit.record(
                session,
                actor=by,
                action="attendance.import",
                entity="import_batch",
                entity_id=batch.id,
                detail=(
                    f"{report.written} rows from {report.file_name[:100]} ({report.source}); "
                    f"replaced {report.replaced}, skipped {report.skipped}"
                ),
            )
    except IntegrityError:
        # why: two imports of overlapping rows at the same moment (PostgreSQL runs them side by
        # side): the unique key refuses the second one; say so instead of showing a traceback.
        report.batch_id = None
        report.written = report.replaced = report.skipped = 0
        report.problems = [
            Problem(
                None,
                "",
                "",
                "Another import wrote some of the same rows at the same moment, so nothing from "
                "this file was written. Check the file again, then choose replace or skip.",
            )  # fmt: skip
        ]
        report.problem_count = 1
        raise ImportRejected(report) from None
    return report


def import_attendance(
    session: Session,
    *,
    source: Source,
    file_name: str,
    options: ImportOptions | None = None,
    by: str,
    role: str,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    chunk_rows: int = CHUNK_ROWS,
    today: dt.date | None = None,
) -> ImportReport:
    """Import a canonical CSV/XLSX (or, with format 'dhis2', a DHIS2 data-value set).

    `source` is the file's bytes or a path (read in chunks: a path keeps memory flat).
    A dry run validates and reports (preview, totals, gender mapping, existing rows, every
    problem) and writes nothing. Otherwise the rows are written as one import batch in a
    savepoint of `session`'s transaction; any problem raises ImportRejected and writes
    nothing. Rows already stored need `options.on_existing` = "replace" or "skip".
    """
    require(role, "manage_attendance")
    options = options or ImportOptions()
    fmt = (options.format or "csv").lower()
    if fmt == "dhis2":
        from advisory.importers import dhis2

        return dhis2.import_dhis2(
            session, source=source, file_name=file_name, options=options, by=by, role=role,
            dry_run=dry_run, progress=progress, chunk_rows=chunk_rows, today=today,
        )  # fmt: skip
    if fmt not in ("csv", "xlsx"):
        raise ValidationError("The format must be csv, xlsx or dhis2.", field="format")
    if options.on_existing not in (None, "replace", "skip"):
        raise ValidationError("On existing rows: choose replace or skip.", field="on_existing")
    digest, lines = content_hash(source)
    report = ImportReport(file_name=file_name, content_hash=digest, source=fmt, dry_run=dry_run)
    stream = _open(source)
    book = None
    chunks: Iterable[pd.DataFrame] | None = None
    try:
        if _is_empty(stream):
            report.problems.append(Problem(None, "", "", "The file is empty."))
            report.problem_count = 1
            return _finish_early(report, dry_run)
        try:
            if fmt == "csv":
                headers, delimiter = _csv_header(stream)
                total = max(lines - 1, 0)
            else:
                book, sheet, total = _xlsx_rows(stream)
                headers, xlsx_chunks = read_xlsx_chunks(sheet, chunk_rows)
        except _FileProblem as exc:
            report.problems.append(exc.problem)
            report.problem_count = 1
            return _finish_early(report, dry_run)
        header_problems = _header_problems(headers, report)
        if header_problems:
            report.problems.extend(header_problems)
            report.problem_count = len(header_problems)
            return _finish_early(report, dry_run)
        chunks = (
            read_csv_chunks(stream, headers, delimiter, chunk_rows) if fmt == "csv" else xlsx_chunks
        )
        return run_pipeline(
            session, chunks=chunks, report=report, options=options, by=by, dry_run=dry_run,
            progress=progress, total_rows=total, today=today,
        )  # fmt: skip
    finally:
        if chunks is not None and hasattr(chunks, "close"):
            chunks.close()  # type: ignore[union-attr]
        if book is not None:
            book.close()
        stream.close()


def _is_empty(stream: BinaryIO) -> bool:
    head = stream.read(4096)
    stream.seek(0)
    return not head.replace(b"\xef\xbb\xbf", b"").strip()


def _finish_early(report: ImportReport, dry_run: bool) -> ImportReport:
    if dry_run:
        return report
    raise ImportRejected(report)

"""DHIS2 data-value sets: read in chunks, translated to canonical rows through a mapping.

DHIS2 exports a data-value set as CSV with positional columns (the first row is a header):
dataelement, period, orgunit, categoryoptioncombo, attributeoptioncombo, value, storedby,
lastupdated, comment, followup, deleted. A mapping (kind -> code -> target) turns data element
codes into services, org unit codes into sites and category option combo codes into gender
groups. Several codes may map to the same target: their values are added up (DHIS2 often splits
a gender by age band, e.g. "Female, <25" and "Female, 25+").

Rows with deleted=true are skipped. Unmapped codes are listed once per code and nothing is
written until they are mapped. Only day (20240305), ISO week (2024W5 / 2024W05, stored as its
Monday) and month (202403 / 2024-03) periods are accepted; quarters, years etc. are refused
by name.

why (issue 14): the whole file used to be read into one DataFrame; it is now read in chunks
like a canonical CSV, keeping only small integer columns per row until the end, when age
bands are added up and exact duplicates found across the whole file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import numpy as np
import pandas as pd

from advisory.i18n import N_, _, ngettext
from advisory.importers import sources
from advisory.importers.parsing import EARLIEST, PERIODS, day_number, from_day_number, parse_count
from advisory.importers.problems import (
    CANONICAL_ORDER,
    FileProblem,
    ProblemLog,
    whole_file,
)
from advisory.spreadsheet_safety import neutralise_text

DHIS2_COLUMNS = (
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
    "deleted",
)
PROBLEM_ORDER = DHIS2_COLUMNS + CANONICAL_ORDER
MIN_COLUMNS = 6  # through `value`
_KEY = DHIS2_COLUMNS[:5]
# code kind -> what it maps to (the words marked for the catalog: `_()` where shown).
MAPPING_KINDS: dict[str, str] = {
    "dataelement": N_("service"),
    "orgunit": N_("site"),
    "categoryoptioncombo": N_("gender group"),
}
# English, marked for the catalog: `_(KIND_LABELS[kind])` where a person reads it.
KIND_LABELS = {
    "dataelement": N_("data element"),
    "orgunit": N_("org unit"),
    "categoryoptioncombo": N_("category option combo"),
}
NOT_UTF8 = N_("The file is not UTF-8 text. Export the data-value set from DHIS2 as CSV again.")
# Problems about one kind of code, as whole sentences (the kind is part of the sentence).
_CODE_MISSING = {
    "dataelement": N_("The data element code is missing."),
    "orgunit": N_("The org unit code is missing."),
    "categoryoptioncombo": N_("The category option combo code is missing."),
}

Mapping = dict[str, dict[str, str]]  # kind -> code -> target

# --- periods ---------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WEEK = re.compile(r"^(\d{4})W(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-?(\d{2})$")
_OTHER_PERIODS = (
    (re.compile(r"^\d{4}Q[1-4]$"), "quarterly"),
    (re.compile(r"^\d{4}(April|July|Oct|Nov)Q[1-4]$"), "quarterly"),
    (re.compile(r"^\d{4}(April|July|Oct|Nov)?S[12]$"), "six-monthly"),
    (re.compile(r"^\d{4}$"), "yearly"),
    (re.compile(r"^\d{4}(April|July|Sep|Oct|Nov)$"), "financial-year"),
    (re.compile(r"^\d{4}BiW\d{1,2}$"), "bi-weekly"),
    (re.compile(r"^\d{6}B$"), "bi-monthly"),
    (re.compile(r"^\d{4}(Wed|Thu|Sat|Sun)W\d{1,2}$"), "weekly period not starting on Monday"),
)
SUPPORTED = N_("day (20240305), week (2024W10) and month (202403 or 2024-03)")
# The refusal of each other kind of period, by the kind's key in _OTHER_PERIODS.
_OTHER_PERIOD_REFUSALS = {
    "quarterly": N_(
        "This is a quarterly period: only {supported} periods can be imported. "
        "Export the data set from DHIS2 by day, week or month."
    ),
    "six-monthly": N_(
        "This is a six-monthly period: only {supported} periods can be imported. "
        "Export the data set from DHIS2 by day, week or month."
    ),
    "yearly": N_(
        "This is a yearly period: only {supported} periods can be imported. "
        "Export the data set from DHIS2 by day, week or month."
    ),
    "financial-year": N_(
        "This is a financial-year period: only {supported} periods can be imported. "
        "Export the data set from DHIS2 by day, week or month."
    ),
    "bi-weekly": N_(
        "This is a bi-weekly period: only {supported} periods can be imported. "
        "Export the data set from DHIS2 by day, week or month."
    ),
    "bi-monthly": N_(
        "This is a bi-monthly period: only {supported} periods can be imported. "
        "Export the data set from DHIS2 by day, week or month."
    ),
    "weekly period not starting on Monday": N_(
        "This is a weekly period not starting on Monday period: only {supported} periods can "
        "be imported. Export the data set from DHIS2 by day, week or month."
    ),
}


def _no_mapping(kind: str, n: int) -> str:
    """Why rows with an unmapped code are refused (`n`: how many rows have the code).

    why "({count} rows)" for one row too: English has always said "(1 rows)" and tests pin
    it; translators still get the plural forms through ngettext.
    """
    if kind == "dataelement":
        message = ngettext(
            "No mapping for this data element code ({count} rows): map it to a service and "
            "import again.",
            "No mapping for this data element code ({count} rows): map it to a service and "
            "import again.",
            n,
        )
    elif kind == "orgunit":
        message = ngettext(
            "No mapping for this org unit code ({count} rows): map it to a site and import again.",
            "No mapping for this org unit code ({count} rows): map it to a site and import again.",
            n,
        )
    else:
        message = ngettext(
            "No mapping for this category option combo code ({count} rows): map it to a "
            "gender group and import again.",
            "No mapping for this category option combo code ({count} rows): map it to a "
            "gender group and import again.",
            n,
        )
    return message.format(count=n)


class PeriodError(ValueError):
    pass


def parse_period(text: str) -> tuple[str, dt.date]:
    """A DHIS2 period as (period, start date): ('day'|'week'|'month', date).

    Raises PeriodError with a readable reason for anything else (quarterly, yearly...).
    """
    text = (text or "").strip()
    if not text:
        raise PeriodError(_("The period is missing."))
    try:
        if m := _DAY.match(text):
            return "day", dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _WEEK.match(text):
            year, week = int(m[1]), int(m[2])
            try:
                return "week", dt.date.fromisocalendar(year, week, 1)
            except ValueError:
                raise PeriodError(
                    _("{year} has no ISO week {week}.").format(year=year, week=week)
                ) from None
        if m := _MONTH.match(text):
            return "month", dt.date(int(m[1]), int(m[2]), 1)
    except PeriodError:
        raise
    except ValueError:
        raise PeriodError(_("Not a real calendar date.")) from None
    for pattern, kind in _OTHER_PERIODS:
        if pattern.match(text):
            raise PeriodError(_(_OTHER_PERIOD_REFUSALS[kind]).format(supported=_(SUPPORTED)))
    raise PeriodError(
        _("Not a DHIS2 period this import understands: use {supported}.").format(
            supported=_(SUPPORTED)
        )
    )


# --- mapping files ---------------------------------------------------------------------------


def read_mapping_file(data: bytes) -> list[tuple[str, str, str]]:
    """Rows (kind, code, target) of a mapping CSV with the header kind,code,target.

    ValueError with the reason when the file is not such a CSV.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("The mapping file is not UTF-8 text.")) from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:3] != ["kind", "code", "target"]:
        raise ValueError(
            _(
                "The mapping file needs the header kind,code,target (kind: dataelement, "
                "orgunit or categoryoptioncombo)."
            )
        )
    return [(r[0], r[1], r[2]) for r in reader if len(r) >= 3 and any(x.strip() for x in r)]


def write_mapping_file(rows: Iterable[tuple[str, str, str]]) -> str:
    """The mapping as CSV kind,code,target, every cell neutralised (issue 14: a code or name
    starting with "=" must not run as a formula when a director opens the download)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "code", "target"])
    for kind, code, target in rows:
        writer.writerow([neutralise_text(kind), neutralise_text(code), neutralise_text(target)])
    return out.getvalue()


# --- reading ---------------------------------------------------------------------------------


def read_chunks(stream: BinaryIO, *, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The file in chunks of strings with DHIS2's column names and `row`. The header is read
    at once: FileProblem when it is not a data-value set (fewer than six columns, not UTF-8)."""
    try:
        header, delimiter = sources.csv_header(stream)
    except FileProblem:
        raise FileProblem(whole_file(_(NOT_UTF8))) from None
    if len(header) < MIN_COLUMNS:
        raise FileProblem(
            whole_file(
                _(
                    "A DHIS2 data-value set has at least {minimum} columns (dataelement, "
                    "period, orgunit, categoryoptioncombo, attributeoptioncombo, value); this "
                    "file has {count}."
                ).format(minimum=MIN_COLUMNS, count=len(header))
            )
        )
    width = min(len(header), len(DHIS2_COLUMNS))
    # Only what the import uses: the key, the value and the deleted flag.
    wanted = [i for i in range(width) if i < MIN_COLUMNS or DHIS2_COLUMNS[i] == "deleted"]
    chunks = sources.csv_chunks(
        stream,
        names=[DHIS2_COLUMNS[i] for i in wanted],
        delimiter=delimiter,
        chunk_rows=chunk_rows,
        usecols=wanted,
        not_utf8=NOT_UTF8,
        trailing_delimiter_ok=True,
    )
    return _with_deleted(chunks)


def _with_deleted(chunks: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for chunk in chunks:
        if "deleted" not in chunk.columns:
            chunk["deleted"] = ""
        yield chunk


class _Codes:
    """One column's codes: a global id per distinct code, its row count and first row."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.rows = np.zeros(0, dtype=np.int64)
        self.first = np.zeros(0, dtype=np.int64)

    def add(self, values: pd.Series, row_numbers: np.ndarray) -> np.ndarray:
        codes, uniques = pd.factorize(values, sort=False)
        ids = np.array([self.ids.setdefault(str(u), len(self.ids)) for u in uniques])
        grow = len(self.ids) - len(self.rows)
        if grow:
            big = np.iinfo(np.int64).max
            self.rows = np.concatenate([self.rows, np.zeros(grow, dtype=np.int64)])
            self.first = np.concatenate([self.first, np.full(grow, big, dtype=np.int64)])
        row_ids = ids[codes].astype(np.int64) if len(ids) else np.zeros(0, dtype=np.int64)
        np.add.at(self.rows, row_ids, 1)
        np.minimum.at(self.first, row_ids, row_numbers)
        return row_ids

    def names(self) -> np.ndarray:
        return np.array(list(self.ids), dtype=object)


class Translator:
    """Feed it DHIS2 chunks; then `canonical_chunks` yields canonical rows to validate.

    Problems of the DHIS2 columns go to `log` (missing and unmapped codes, periods, values,
    exact duplicates); `unmapped` lists the codes that need a mapping, by kind.
    """

    def __init__(self, mapping: Mapping, *, today: dt.date, log: ProblemLog) -> None:
        self.mapping = mapping
        self.today = today
        self.log = log
        self.codes = {col: _Codes() for col in _KEY}
        self.deleted_skipped = 0
        self.unmapped: dict[str, list[str]] = {}
        self._periods_seen: dict[str, tuple[int, int, str]] = {}  # text -> (period, days, why)
        self._targets = {col: np.zeros(0, dtype=np.int64) for col in MAPPING_KINDS}
        self._target_names: dict[str, dict[str, int]] = {col: {} for col in MAPPING_KINDS}
        self._key_parts: list[np.ndarray] = []
        self._good_parts: list[np.ndarray] = []

    def feed(self, raw: pd.DataFrame) -> None:
        used = [*DHIS2_COLUMNS[:MIN_COLUMNS], "deleted"]
        frame = raw[[*used, "row"]].copy()
        for col in used:
            frame[col] = frame[col].astype(str).str.strip()
        blank = (frame[list(DHIS2_COLUMNS[:MIN_COLUMNS])] == "").all(axis=1)
        frame = frame[~blank]
        deleted = frame["deleted"].str.lower().isin(["true", "1", "yes"])
        self.deleted_skipped += int(deleted.sum())
        frame = frame[~deleted]
        if frame.empty:
            return
        row_numbers = frame["row"].to_numpy(dtype=np.int64)
        ids = {col: self.codes[col].add(frame[col], row_numbers) for col in _KEY}
        bad = np.zeros(len(frame), dtype=bool)
        targets: dict[str, np.ndarray] = {}
        for col in MAPPING_KINDS:
            missing = (frame[col] == "").to_numpy()
            idx = np.flatnonzero(missing)
            reason = _(_CODE_MISSING[col])
            self.log.add_rows(row_numbers[idx], col, np.full(len(idx), "", dtype=object), reason)
            targets[col] = self._target_of(col)[ids[col]]
            bad |= missing | (targets[col] < 0)
        period, days = self._parse_periods(frame["period"], row_numbers)
        value = self._parse_values(frame["value"], row_numbers)
        bad |= (period < 0) | (value < 0)
        self._key_parts.append(np.stack([*(ids[c] for c in _KEY), row_numbers]))
        good = ~bad
        if good.any():
            sites, services = targets["orgunit"], targets["dataelement"]
            columns = [row_numbers, period, days, sites, services, targets["categoryoptioncombo"]]
            columns.append(value)
            self._good_parts.append(np.stack([c[good] for c in columns]))

    def _target_of(self, col: str) -> np.ndarray:
        """Global code id -> target id (-1: no mapping), grown as new codes appear."""
        known = self._targets[col]
        names = list(self.codes[col].ids)
        if len(names) > len(known):
            wanted = self.mapping.get(col, {})
            ids = self._target_names[col]
            extra = [
                ids.setdefault(wanted[n], len(ids)) if n in wanted else -1
                for n in names[len(known) :]
            ]
            known = np.concatenate([known, np.array(extra, dtype=np.int64)])
            self._targets[col] = known
        return known

    def _parse_periods(
        self, texts: pd.Series, row_numbers: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = pd.factorize(texts, sort=False)
        period_u = np.full(len(uniques), -1, dtype=np.int64)
        days_u = np.zeros(len(uniques), dtype=np.int64)
        reasons = np.full(len(uniques), "", dtype=object)
        for i, text in enumerate(str(u) for u in uniques):
            if text not in self._periods_seen:
                self._periods_seen[text] = self._period(text)
            code, days, reasons[i] = self._periods_seen[text]
            period_u[i], days_u[i] = (-1 if reasons[i] else code), days
        row_reasons = reasons[codes]
        idx = np.flatnonzero(row_reasons != "")
        self.log.add_rows(row_numbers[idx], "period", texts.to_numpy()[idx], row_reasons[idx])
        return period_u[codes], days_u[codes]

    def _period(self, text: str) -> tuple[int, int, str]:
        try:
            kind, start = parse_period(text)
        except PeriodError as exc:
            return -1, 0, str(exc)
        reason = ""
        if start < EARLIEST:
            reason = _("The period is before 1990: check the year.")
        elif start > self.today:
            reason = _("The period starts in the future.")
        return PERIODS.index(kind), day_number(start), reason

    def _parse_values(self, texts: pd.Series, row_numbers: np.ndarray) -> np.ndarray:
        codes, uniques = pd.factorize(texts, sort=False)
        value_u = np.full(len(uniques), -1, dtype=np.int64)
        reasons = np.full(len(uniques), "", dtype=object)
        for i, u in enumerate(uniques):
            value, reasons[i] = parse_count(str(u), required=True, what="value")
            if value is not None:
                value_u[i] = value
        row_reasons = reasons[codes]
        idx = np.flatnonzero(row_reasons != "")
        self.log.add_rows(row_numbers[idx], "value", texts.to_numpy()[idx], row_reasons[idx])
        return value_u[codes]

    # -- the end: unmapped codes, duplicates, age bands added up --

    def _report_unmapped(self) -> None:
        for col in MAPPING_KINDS:
            codes = self.codes[col]
            names = codes.names()
            unmapped = np.flatnonzero((self._target_of(col) < 0) & (names != ""))
            if not len(unmapped):
                continue
            self.unmapped[col] = [str(n) for n in names[unmapped]]
            counts = codes.rows[unmapped]

            def reason(i: int, col: str = col, counts: np.ndarray = counts) -> str:
                return _no_mapping(col, int(counts[i]))

            self.log.add_rows(codes.first[unmapped], col, names[unmapped], reason)

    def _duplicate_rows(self) -> np.ndarray:
        """Rows repeating an earlier row's data element, period, org unit and option combos."""
        if not self._key_parts:
            return np.zeros(0, dtype=np.int64)
        keys = np.concatenate(self._key_parts, axis=1)
        self._key_parts = []
        order = np.lexsort((keys[5], keys[4], keys[3], keys[2], keys[1], keys[0]))
        keys = keys[:, order]
        same = np.zeros(keys.shape[1], dtype=bool)
        same[1:] = (keys[:5, 1:] == keys[:5, :-1]).all(axis=0)
        if not same.any():
            return np.zeros(0, dtype=np.int64)
        run = np.cumsum(~same) - 1
        first_row = keys[5][np.flatnonzero(~same)][run]
        dup = np.flatnonzero(same)
        periods = self.codes["period"].names()[keys[1][dup]]
        earlier = first_row[dup]
        self.log.add_rows(
            keys[5][dup],
            "period",
            periods,
            lambda i: _(
                "Same data element, period, org unit and option combos as row {row}: each can "
                "appear only once in a file."
            ).format(row=int(earlier[i])),
        )
        return keys[5][dup]

    def canonical_chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        """The good rows as canonical string chunks (codes mapping to the same site, service
        and gender group added up, each sum numbered by its first row)."""
        self._report_unmapped()
        duplicates = self._duplicate_rows()
        if not self._good_parts:
            return
        good = np.concatenate(self._good_parts, axis=1)
        self._good_parts = []
        if len(duplicates):
            good = good[:, ~np.isin(good[0], duplicates)]
        row, period, days, site, service, gender, value = good
        order = np.lexsort((row, gender, service, site, days, period))
        key = good[1:6, order]
        starts = np.ones(key.shape[1], dtype=bool)
        starts[1:] = (key[:, 1:] != key[:, :-1]).any(axis=0)
        at = np.flatnonzero(starts)
        sums = np.add.reduceat(value[order], at) if len(at) else value[:0]
        firsts = row[order][at]  # rows are sorted within each group: the first is the least
        groups = key[:, at]
        by_row = np.argsort(firsts, kind="stable")
        names = {
            col: np.array(list(self._target_names[col]), dtype=object) for col in MAPPING_KINDS
        }
        for lo in range(0, len(by_row), chunk_rows):
            pick = by_row[lo : lo + chunk_rows]
            day_u, day_codes = np.unique(groups[1][pick], return_inverse=True)
            dates = np.array([from_day_number(int(d)).isoformat() for d in day_u], dtype=object)
            yield pd.DataFrame(
                {
                    "row": firsts[pick],
                    "date": dates[day_codes],
                    "period": np.array(PERIODS, dtype=object)[groups[0][pick]],
                    "site": names["orgunit"][groups[2][pick]],
                    "service": names["dataelement"][groups[3][pick]],
                    "gender": names["categoryoptioncombo"][groups[4][pick]],
                    "visits": sums[pick].astype(str),
                }
            )

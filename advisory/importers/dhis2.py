"""DHIS2 data-value-set CSV import, through saved mappings of DHIS2 codes.

DHIS2 exports a data-value set as CSV with positional columns (the first row is a header):
dataelement, period, orgunit, categoryoptioncombo, attributeoptioncombo, value, storedby,
lastupdated, comment, followup, deleted. A saved mapping (table dhis2_mapping) turns data
element codes into services, org unit codes into sites and category option combo codes into
gender groups. Several codes may map to the same target: their values are added up (DHIS2
often splits a gender by age band, e.g. "Female, <25" and "Female, 25+").

Rows with deleted=true are skipped. Unmapped codes are listed and nothing is written until
they are mapped. Only day (20240305), ISO week (2024W5 / 2024W05, stored as its Monday) and
month (202403 / 2024-03) periods are accepted; quarters, years etc. are refused by name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.errors import NotFound, ValidationError
from advisory.importers.canonical import (
    CHUNK_ROWS,
    EARLIEST,
    ImportOptions,
    ImportRejected,
    ImportReport,
    Problem,
    ProgressFn,
    Source,
    _open,
    content_hash,
    parse_count,
    run_pipeline,
)
from advisory.models import GENDER_GROUPS, Dhis2Mapping, Service, Site
from advisory.permissions import require
from advisory.services import attendance, audit

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
MIN_COLUMNS = 6  # through `value`
MAPPING_KINDS: dict[str, str] = {
    "dataelement": "service",
    "orgunit": "site",
    "categoryoptioncombo": "gender group",
}
KIND_LABELS = {
    "dataelement": "data element",
    "orgunit": "org unit",
    "categoryoptioncombo": "category option combo",
}

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
SUPPORTED = "day (20240305), week (2024W10) and month (202403 or 2024-03)"


class PeriodError(ValueError):
    pass


def parse_period(text: str) -> tuple[str, dt.date]:
    """A DHIS2 period as (period, start date): ('day'|'week'|'month', date).

    Raises PeriodError with a readable reason for anything else (quarterly, yearly...).
    """
    text = (text or "").strip()
    if not text:
        raise PeriodError("The period is missing.")
    try:
        if m := _DAY.match(text):
            return "day", dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _WEEK.match(text):
            year, week = int(m[1]), int(m[2])
            try:
                return "week", dt.date.fromisocalendar(year, week, 1)
            except ValueError:
                raise PeriodError(f"{year} has no ISO week {week}.") from None
        if m := _MONTH.match(text):
            return "month", dt.date(int(m[1]), int(m[2]), 1)
    except PeriodError:
        raise
    except ValueError:
        raise PeriodError("Not a real calendar date.") from None
    for pattern, kind in _OTHER_PERIODS:
        if pattern.match(text):
            article = "an" if kind[0] in "aeiou" else "a"
            raise PeriodError(
                f"This is {article} {kind} period: only {SUPPORTED} periods can be imported. "
                "Export the data set from DHIS2 by day, week or month."
            )
    raise PeriodError(f"Not a DHIS2 period this import understands: use {SUPPORTED}.")


# --- saved mappings --------------------------------------------------------------------------


@dataclass(frozen=True)
class MappingView:
    id: int
    kind: str
    code: str
    target: str


def list_mappings(session: Session) -> list[MappingView]:
    q = select(Dhis2Mapping).order_by(Dhis2Mapping.kind, Dhis2Mapping.code)
    return [MappingView(m.id, m.kind, m.code, m.target) for m in session.scalars(q)]


def mapping_dict(session: Session) -> dict[str, dict[str, str]]:
    """kind -> code -> target, from the saved mappings."""
    out: dict[str, dict[str, str]] = {kind: {} for kind in MAPPING_KINDS}
    for m in session.scalars(select(Dhis2Mapping)):
        out.setdefault(m.kind, {})[m.code] = m.target
    return out


def _check_mapping(session: Session, kind: str, code: str, target: str) -> tuple[str, str, str]:
    kind = (kind or "").strip().lower()
    code = (code or "").strip()
    target = " ".join((target or "").split())
    if kind not in MAPPING_KINDS:
        raise ValidationError(f"The kind must be one of: {', '.join(MAPPING_KINDS)}.", field="kind")
    if not code:
        raise ValidationError("Enter the DHIS2 code.", field="code")
    if len(code) > 64:
        raise ValidationError("A DHIS2 code is at most 64 characters.", field="code")
    if not target:
        raise ValidationError(f"Choose the {MAPPING_KINDS[kind]} this code means.", field="target")
    if kind == "categoryoptioncombo":
        if target not in GENDER_GROUPS:
            raise ValidationError(
                f"A category option combo maps to a gender group: {', '.join(GENDER_GROUPS)}.",
                field="target",
            )
    else:
        model = Service if kind == "dataelement" else Site
        attendance.ensure_default_services(session)
        name = session.scalar(select(model.name).where(func.lower(model.name) == target.lower()))
        if name is None:
            what = MAPPING_KINDS[kind]
            raise ValidationError(f"No {what} is named {target!r}.", field="target")
        target = name
    return kind, code, target


def save_mapping(
    session: Session, *, kind: str, code: str, target: str, by: str, role: str
) -> MappingView:
    """Create or change the mapping of one DHIS2 code."""
    require(role, "manage_attendance")
    kind, code, target = _check_mapping(session, kind, code, target)
    row = session.scalar(
        select(Dhis2Mapping).where(Dhis2Mapping.kind == kind, Dhis2Mapping.code == code)
    )
    if row is None:
        row = Dhis2Mapping(kind=kind, code=code, target=target)
        session.add(row)
    else:
        row.target = target
    session.flush()
    audit.record(
        session,
        actor=by,
        action="dhis2_mapping.save",
        entity="dhis2_mapping",
        entity_id=row.id,
        detail=f"{kind} {code} -> {target}",
    )
    return MappingView(row.id, row.kind, row.code, row.target)


def save_mappings(
    session: Session, *, rows: Iterable[tuple[str, str, str]], by: str, role: str
) -> int:
    """Save many mappings, all or none: the first bad one raises ValidationError naming its
    line (the header is line 1) and none of them is saved."""
    require(role, "manage_attendance")
    n = 0
    with session.begin_nested():
        for line, (kind, code, target) in enumerate(rows, start=2):
            try:
                save_mapping(session, kind=kind, code=code, target=target, by=by, role=role)
            except ValidationError as exc:
                raise ValidationError(f"Mapping line {line}: {exc}", field=exc.field) from None
            n += 1
    return n


def replace_mappings(
    session: Session, *, rows: Iterable[tuple[str, str, str]], by: str, role: str
) -> int:
    """Make the saved mapping exactly `rows` (what the mapping editor shows), all or nothing.

    A code listed twice for the same kind is refused; mappings not in `rows` are deleted.
    """
    require(role, "manage_attendance")
    wanted = list(rows)
    seen: dict[tuple[str, str], int] = {}
    for line, (kind, code, _target) in enumerate(wanted, start=1):
        key = ((kind or "").strip().lower(), (code or "").strip())
        if key in seen:
            raise ValidationError(
                f"Row {line}: the {KIND_LABELS.get(key[0], key[0])} code {key[1]!r} is already "
                f"mapped in row {seen[key]}; keep one of them.",
                field="mapping",
            )
        seen[key] = line
    with session.begin_nested():
        for line, (kind, code, target) in enumerate(wanted, start=1):
            try:
                save_mapping(session, kind=kind, code=code, target=target, by=by, role=role)
            except ValidationError as exc:
                raise ValidationError(f"Row {line}: {exc}", field="mapping") from None
        for m in list(session.scalars(select(Dhis2Mapping))):
            if (m.kind, m.code) not in seen:
                delete_mapping(session, mapping_id=m.id, by=by, role=role)
    return len(wanted)


def mapping_targets(session: Session) -> dict[str, list[str]]:
    """What each kind of code can map to: service names, site names, gender groups."""
    attendance.ensure_default_services(session)
    return {
        "dataelement": list(session.scalars(select(Service.name).order_by(Service.name))),
        "orgunit": list(session.scalars(select(Site.name).order_by(Site.name))),
        "categoryoptioncombo": list(GENDER_GROUPS),
    }


def delete_mapping(session: Session, *, mapping_id: int, by: str, role: str) -> None:
    require(role, "manage_attendance")
    row = session.get(Dhis2Mapping, mapping_id)
    if row is None:
        raise NotFound("No such mapping.")
    detail = f"{row.kind} {row.code}"
    session.delete(row)
    audit.record(
        session, actor=by, action="dhis2_mapping.delete", entity="dhis2_mapping",
        entity_id=mapping_id, detail=detail,
    )  # fmt: skip


def read_mapping_file(source: Source) -> list[tuple[str, str, str]]:
    """Rows (kind, code, target) of a mapping CSV with the header kind,code,target."""
    data = source if isinstance(source, bytes) else open(source, "rb").read()  # noqa: SIM115
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The mapping file is not UTF-8 text.", field="mapping") from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:3] != ["kind", "code", "target"]:
        raise ValidationError(
            "The mapping file needs the header kind,code,target (kind: dataelement, orgunit "
            "or categoryoptioncombo).",
            field="mapping",
        )
    return [(r[0], r[1], r[2]) for r in reader if len(r) >= 3 and any(x.strip() for x in r)]


def write_mapping_file(mappings: Iterable[MappingView]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "code", "target"])
    for m in mappings:
        writer.writerow([m.kind, m.code, m.target])
    return out.getvalue()


# --- the import ------------------------------------------------------------------------------


def _read(source: Source) -> pd.DataFrame:
    stream = _open(source)
    try:
        head = stream.read(4096)
        stream.seek(0)
        if not head.replace(b"\xef\xbb\xbf", b"").strip():
            raise _Dhis2FileProblem("The file is empty.")
        frame = pd.read_csv(
            stream, header=0, dtype=str, keep_default_na=False, na_filter=False,
            skip_blank_lines=False, encoding="utf-8-sig", engine="c", index_col=False,
        )  # fmt: skip
    except UnicodeDecodeError:
        raise _Dhis2FileProblem(
            "The file is not UTF-8 text. Export the data-value set from DHIS2 as CSV again."
        ) from None
    except pd.errors.ParserError as exc:
        raise _Dhis2FileProblem(f"The file could not be read as CSV: {exc}") from None
    finally:
        stream.close()
    if frame.shape[1] < MIN_COLUMNS:
        raise _Dhis2FileProblem(
            f"A DHIS2 data-value set has at least {MIN_COLUMNS} columns (dataelement, period, "
            f"orgunit, categoryoptioncombo, attributeoptioncombo, value); this file has "
            f"{frame.shape[1]}."
        )
    width = min(frame.shape[1], len(DHIS2_COLUMNS))
    frame = frame.iloc[:, :width]
    frame.columns = list(DHIS2_COLUMNS[:width])
    for col in DHIS2_COLUMNS[width:]:
        frame[col] = ""
    frame["row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
    return frame


class _Dhis2FileProblem(Exception):
    pass


def import_dhis2(
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
    mapping_rows: Iterable[tuple[str, str, str]] | None = None,
) -> ImportReport:
    """Import a DHIS2 data-value-set CSV through the saved mapping (plus `mapping_rows`).

    `mapping_rows` (kind, code, target) are checked, used for this import and, when it is
    written, saved with it (a dry run saves nothing). Same all-or-nothing rules as the
    canonical import; unmapped codes are problems, listed once per code.
    """
    require(role, "manage_attendance")
    options = options or ImportOptions(format="dhis2")
    today = today or clock.today()
    digest, _lines = content_hash(source)
    report = ImportReport(file_name=file_name, content_hash=digest, source="dhis2", dry_run=dry_run)
    mapping = mapping_dict(session)
    extra = list(mapping_rows or [])
    for line, (kind, code, target) in enumerate(extra, start=2):
        try:
            kind, code, target = _check_mapping(session, kind, code, target)
        except ValidationError as exc:
            raise ValidationError(f"Mapping line {line}: {exc}", field="mapping") from None
        mapping.setdefault(kind, {})[code] = target
    try:
        frame = _read(source)
    except _Dhis2FileProblem as exc:
        report.problems.append(Problem(None, "", "", str(exc)))
        report.problem_count = 1
        if dry_run:
            return report
        raise ImportRejected(report) from None

    problems: list[Problem] = []
    for col in DHIS2_COLUMNS:
        frame[col] = frame[col].astype(str).str.strip()
    blank = (frame[list(DHIS2_COLUMNS[:6])] == "").all(axis=1)
    frame = frame[~blank]
    deleted = frame["deleted"].str.lower().isin(["true", "1", "yes"])
    skipped_deleted = int(deleted.sum())
    frame = frame[~deleted].reset_index(drop=True)

    # codes: missing, then unmapped (listed once per code, with its first row and count)
    unmapped: dict[str, list[str]] = {}
    targets: dict[str, np.ndarray] = {}
    bad = np.zeros(len(frame), dtype=bool)
    for kind, what in MAPPING_KINDS.items():
        values = frame[kind]
        missing = (values == "").to_numpy()
        for idx in np.flatnonzero(missing):
            problems.append(
                Problem(int(frame["row"].iat[idx]), kind, "",
                        f"The {KIND_LABELS[kind]} code is missing.")
            )  # fmt: skip
        codes, uniques = pd.factorize(values)
        mapped = [mapping.get(kind, {}).get(str(u)) for u in uniques]
        target_u = np.array([m or "" for m in mapped], dtype=object)
        targets[kind] = target_u[codes]
        first_rows = pd.Series(frame["row"].to_numpy()).groupby(codes).min()
        counts = np.bincount(codes, minlength=len(uniques))
        for i, u in enumerate(uniques):
            if mapped[i] is None and str(u) != "":
                unmapped.setdefault(kind, []).append(str(u))
                problems.append(
                    Problem(
                        int(first_rows.iloc[i]),
                        kind,
                        str(u),
                        f"No mapping for this {KIND_LABELS[kind]} code ({int(counts[i])} rows): "
                        f"map it to a {what} and import again.",
                    )  # fmt: skip
                )
        bad |= missing | (target_u[codes] == "")
    report.unmapped = unmapped

    # periods (distinct values only)
    codes, uniques = pd.factorize(frame["period"])
    period_u, start_u, reason_u = [], [], []
    for u in uniques:
        try:
            kind, start = parse_period(str(u))
            reason = ""
            if start < EARLIEST:
                reason = "The period is before 1990: check the year."
            elif start > today:
                reason = "The period starts in the future."
        except PeriodError as exc:
            kind, start, reason = "", None, str(exc)
        period_u.append(kind)
        start_u.append(start.isoformat() if start else "")
        reason_u.append(reason)
    reasons = np.array(reason_u, dtype=object)[codes]
    for idx in np.flatnonzero(reasons != ""):
        problems.append(
            Problem(int(frame["row"].iat[idx]), "period", frame["period"].iat[idx], reasons[idx])
        )
    bad |= reasons != ""
    period = np.array(period_u, dtype=object)[codes]
    start = np.array(start_u, dtype=object)[codes]

    # values
    codes, uniques = pd.factorize(frame["value"])
    value_u = np.full(len(uniques), -1, dtype=np.int64)
    vreason_u = []
    for i, u in enumerate(uniques):
        value, reason = parse_count(str(u), required=True, what="visits")
        if value is not None:
            value_u[i] = value
        vreason_u.append(reason.replace("number of visits", "value") if reason else "")
    vreasons = np.array(vreason_u, dtype=object)[codes]
    for idx in np.flatnonzero(vreasons != ""):
        problems.append(
            Problem(int(frame["row"].iat[idx]), "value", frame["value"].iat[idx], vreasons[idx])
        )
    bad |= vreasons != ""
    values = value_u[codes]

    # exact duplicates of a DHIS2 key
    key_cols = ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo"]
    dup = frame.duplicated(subset=key_cols, keep="first").to_numpy()
    if dup.any():
        first = frame.groupby(key_cols, sort=False)["row"].transform("min").to_numpy()
        for idx in np.flatnonzero(dup):
            problems.append(
                Problem(
                    int(frame["row"].iat[idx]),
                    "period",
                    frame["period"].iat[idx],
                    "Same data element, period, org unit and option combos as row "
                    f"{int(first[idx])}: each can appear only once in a file.",
                )  # fmt: skip
            )
        bad |= dup

    problems.sort(key=lambda p: (p.row or 0, DHIS2_COLUMNS.index(p.column)))
    good = ~bad
    canonical = pd.DataFrame(
        {
            "row": frame["row"].to_numpy()[good],
            "date": start[good],
            "period": period[good],
            "site": targets["orgunit"][good],
            "service": targets["dataelement"][good],
            "gender": targets["categoryoptioncombo"][good],
            "visits": values[good],
        }
    )
    if len(canonical):
        canonical = (
            canonical.groupby(["date", "period", "site", "service", "gender"], sort=False)
            .agg(row=("row", "min"), visits=("visits", "sum"))
            .reset_index()
            .sort_values("row", kind="stable")
        )
    canonical["visits"] = canonical["visits"].astype(str)

    def chunks():  # type: ignore[no-untyped-def]
        for i in range(0, len(canonical), chunk_rows):
            yield canonical.iloc[i : i + chunk_rows]

    report.deleted_skipped = skipped_deleted

    def save_extra_mappings() -> None:
        # inside the import's savepoint: refused imports save no mapping either
        if extra:
            save_mappings(session, rows=extra, by=by, role=role)

    return run_pipeline(
        session, chunks=chunks(), report=report, options=options, by=by, dry_run=dry_run,
        progress=progress, total_rows=len(canonical), pre_problems=problems, today=today,
        on_write=save_extra_mappings,
    )  # fmt: skip

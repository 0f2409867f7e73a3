"""Check canonical rows chunk by chunk, in a read transaction; keep the good ones as numpy.

How it stays fast and small on a million rows: each column of a chunk is factorised and only
its *distinct* values are parsed and checked, then the results are broadcast back with numpy;
duplicate keys are found on one int64 per row; stored rows are looked up per chunk with one
indexed query; problems are counted in bulk and only the first ones listed (ProblemLog).

Nothing here writes. Sites and services the file names but the database does not know get
provisional ids (numbered after the real ones) when `create_missing` is on; the import's
write transaction creates them and swaps the ids in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory.i18n import N_, _, ngettext
from advisory.importers import parsing, rows
from advisory.importers.headers import COLUMNS
from advisory.importers.parsing import PERIODS, clean_name, normalise_gender
from advisory.importers.problems import ProblemLog, whole_file
from advisory.importers.report import ImportOptions, ImportReport
from advisory.importers.rows import GENDER_CODE, PERIOD_CODE, ValidatedRows
from advisory.models import GENDER_GROUPS, Service, Site

PREVIEW_ROWS = 20

# (kind, name) -> "" when a new site or service may have this name, else the reason.
NewNameRule = Callable[[str, str], str]


def _no_rule(kind: str, name: str) -> str:
    return ""


# Why a site or service name in the file is refused, by (kind, finding): whole sentences.
_NAME_PROBLEMS = {
    ("site", "blank"): N_("Enter the site's name."),
    ("service", "blank"): N_("Enter the service's name."),
    ("site", "long"): N_("A site name is at most 120 characters."),
    ("service", "long"): N_("A service name is at most 120 characters."),
    ("site", "unknown"): N_(
        "No site has this name. Correct it, or choose to create missing sites and services in "
        "this import."
    ),
    ("service", "unknown"): N_(
        "No service has this name. Correct it, or choose to create missing sites and services "
        "in this import."
    ),
}


class Names:
    """Site or service names -> ids, matched ignoring case and repeated spaces."""

    def __init__(self, known: Iterable[tuple[int, str]], first_provisional: int) -> None:
        self.ids: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for i, name in known:
            self.ids[clean_name(name).lower()] = i
            self.names[i] = name
        self.first_provisional = first_provisional
        self.next_provisional = first_provisional
        self.unknown: dict[str, str] = {}
        self.created: dict[int, str] = {}  # provisional id -> name


@dataclass
class Checked:
    """What the write transaction needs: the good rows and the names to create."""

    rows: ValidatedRows
    new_sites: dict[int, str] = field(default_factory=dict)
    new_services: dict[int, str] = field(default_factory=dict)
    first_provisional_site: int = 0


class _Chunk:
    """One chunk of rows: the factorised columns and, as validation goes, parsed arrays.

    Every column is factorised once (`codes`, distinct `values`); parsing works on the
    distinct values and `broadcast` spreads the result (and any reason) back to the rows.
    """

    def __init__(self, row_numbers: np.ndarray, factors: dict[str, tuple[np.ndarray, list[str]]]):
        self.rows = row_numbers
        self.factors = factors
        self.n = len(row_numbers)
        self.bad = np.zeros(self.n, dtype=bool)
        self.failed_cols: dict[str, np.ndarray] = {}
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
        row_numbers = raw["row"].to_numpy(dtype=np.int64)
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
            row_numbers = row_numbers[keep]
            factors = {c: (codes[keep], values) for c, (codes, values) in factors.items()}
        return cls(row_numbers, factors)

    def values(self, col: str) -> list[str]:
        return self.factors[col][1]

    def raw(self, col: str, idx: int) -> str:
        codes, values = self.factors[col]
        return values[codes[idx]]

    def raw_column(self, col: str, idx: np.ndarray) -> np.ndarray:
        codes, values = self.factors[col]
        return np.array(values, dtype=object)[codes[idx]]

    def broadcast(
        self, col: str, parsed: np.ndarray, reasons: list[str], log: ProblemLog
    ) -> np.ndarray:
        """Per-row values from per-distinct-value `parsed`; log the rows' reasons."""
        codes = self.factors[col][0]
        has = np.array([bool(x) for x in reasons], dtype=bool)
        if has.any():
            row_has = has[codes]
            self.failed_cols[col] = row_has
            self.bad |= row_has
            idx = np.flatnonzero(row_has)
            reason_of = np.array(reasons, dtype=object)[codes[idx]]
            log.add_rows(self.rows[idx], col, self.raw_column(col, idx), reason_of)
        return parsed[codes]

    def failed(self, col: str) -> np.ndarray:
        return self.failed_cols.get(col, np.zeros(self.n, dtype=bool))


class Validator:
    """Feed it canonical chunks (string columns plus `row`); `finish` fills the report."""

    def __init__(
        self,
        session: Session,
        *,
        options: ImportOptions,
        today: dt.date,
        log: ProblemLog,
        new_name_rule: NewNameRule = _no_rule,
    ) -> None:
        self.s = session
        self.options = options
        self.today = today
        self.log = log
        self.new_name_rule = new_name_rule
        max_site = session.scalar(select(func.max(Site.id))) or 0
        max_service = session.scalar(select(func.max(Service.id))) or 0
        self.sites = Names(session.execute(select(Site.id, Site.name)).all(), max_site + 1)
        self.services = Names(
            session.execute(select(Service.id, Service.name)).all(), max_service + 1
        )
        self.seen_keys = np.empty(0, dtype=np.int64)
        self.seen_rows = np.empty(0, dtype=np.int64)
        self.gender_rows: dict[str, list] = {}  # label -> [group, rows]
        self.totals: dict[tuple[int, int], int] = {}
        self.preview: list[pd.DataFrame] = []
        self.preview_count = 0
        self.rows_read = 0
        self.existing = 0
        self.good: list[ValidatedRows] = []

    # -- one chunk --

    def feed(self, raw: pd.DataFrame) -> None:
        chunk = _Chunk.factorise(raw)
        if chunk is None:
            return
        self.rows_read += chunk.n
        self._parse_dates_and_periods(chunk)
        self._parse_names(chunk)
        self._parse_genders(chunk)
        self._parse_counts(chunk)
        self._check_period_starts(chunk)
        self._check_client_counts(chunk)
        self._check_duplicates(chunk)
        self._add_preview(chunk)
        good = ~chunk.bad
        if not good.any():
            return
        pair = chunk.site[good] * 8 + chunk.gender[good]
        sums = np.bincount(pair, weights=chunk.visits[good])
        for p in np.flatnonzero(sums):
            k = (int(p) // 8, int(p) % 8)
            self.totals[k] = self.totals.get(k, 0) + int(sums[p])
        kept = ValidatedRows.of(
            site=chunk.site[good],
            service=chunk.service[good],
            period=chunk.period[good],
            days=chunk.days[good],
            gender=chunk.gender[good],
            visits=chunk.visits[good],
            unique=chunk.unique[good],
            new=chunk.new[good],
        )
        stored, _ids = rows.stored_keys(self.s, kept, below_site=self.sites.first_provisional)
        self.existing += int(np.isin(kept.keys(), stored).sum()) if len(stored) else 0
        self.good.append(kept)

    def _parse_dates_and_periods(self, chunk: _Chunk) -> None:
        values = chunk.values("date")
        day_u = np.zeros(len(values), dtype=np.int64)
        reasons = [""] * len(values)
        for i, v in enumerate(values):
            day, reasons[i] = parsing.parse_date(
                v, day_first=self.options.day_first, today=self.today
            )
            if day is not None:
                day_u[i] = parsing.day_number(day)
        chunk.days = chunk.broadcast("date", day_u, reasons, self.log)

        values = chunk.values("period")
        period_u = np.zeros(len(values), dtype=np.int64)
        reasons = [""] * len(values)
        for i, v in enumerate(values):
            code, reasons[i] = parsing.parse_period(v)
            period_u[i] = code or 0
        chunk.period = chunk.broadcast("period", period_u, reasons, self.log)

    def _resolve(self, names: Names, uniques: list[str], kind: str) -> tuple[np.ndarray, list]:
        ids = np.zeros(len(uniques), dtype=np.int64)
        reasons: list[str] = [""] * len(uniques)
        for i, raw in enumerate(uniques):
            name = clean_name(raw)
            if not name:
                reasons[i] = _(_NAME_PROBLEMS[kind, "blank"])
                continue
            key = name.lower()
            if key in names.ids:
                ids[i] = names.ids[key]
                continue
            if len(name) > 120:
                reasons[i] = _(_NAME_PROBLEMS[kind, "long"])
                continue
            names.unknown.setdefault(key, name)
            if not self.options.create_missing:
                reasons[i] = _(_NAME_PROBLEMS[kind, "unknown"])
                continue
            refused = self.new_name_rule(kind, name)
            if refused:
                reasons[i] = refused
                continue
            new_id = names.next_provisional
            names.next_provisional += 1
            names.ids[key] = new_id
            names.names[new_id] = name
            names.created[new_id] = name
            ids[i] = new_id
        return ids, reasons

    def _parse_names(self, chunk: _Chunk) -> None:
        site_u, reasons = self._resolve(self.sites, chunk.values("site"), "site")
        chunk.site = chunk.broadcast("site", site_u, reasons, self.log)
        service_u, reasons = self._resolve(self.services, chunk.values("service"), "service")
        chunk.service = chunk.broadcast("service", service_u, reasons, self.log)

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
                reasons[i] = _(parsing.UNKNOWN_GENDER)
            else:
                gender_u[i] = GENDER_CODE[group]
        chunk.gender = chunk.broadcast("gender", gender_u, reasons, self.log)

    def _parse_counts(self, chunk: _Chunk) -> None:
        def parse(col: str, *, required: bool, what: str) -> np.ndarray:
            values = chunk.values(col)
            parsed = np.full(len(values), -1, dtype=np.int64)  # -1: blank
            reasons = [""] * len(values)
            for i, v in enumerate(values):
                value, reasons[i] = parsing.parse_count(v, required=required, what=what)
                if value is not None:
                    parsed[i] = value
            return chunk.broadcast(col, parsed, reasons, self.log)

        chunk.visits = parse("visits", required=True, what="visits")
        chunk.unique = parse("unique_clients", required=False, what="unique clients")
        chunk.new = parse("new_clients", required=False, what="new clients")

    def _check_period_starts(self, chunk: _Chunk) -> None:
        """A week starts on a Monday, a month on the 1st."""
        ok = ~chunk.failed("date") & ~chunk.failed("period")
        days = chunk.days
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        week_bad = ok & (chunk.period == PERIOD_CODE["week"]) & (weekday != 0)
        dates64 = days.astype("datetime64[D]")
        first_of_month = dates64.astype("datetime64[M]").astype("datetime64[D]")
        month_bad = ok & (chunk.period == PERIOD_CODE["month"]) & (first_of_month != dates64)
        chunk.misaligned = week_bad | month_bad
        chunk.bad |= chunk.misaligned
        idx = np.flatnonzero(chunk.misaligned)

        def reason(i: int) -> str:
            day = parsing.from_day_number(int(days[idx[i]]))
            if week_bad[idx[i]]:
                monday = day - dt.timedelta(days=day.weekday())
                return _(
                    "A week period starts on a Monday: {day} is a {weekday} (that week's Monday "
                    "is {monday})."
                ).format(
                    day=day.isoformat(),
                    weekday=parsing.weekday_name(day),
                    monday=monday.isoformat(),
                )
            return _("A month period starts on the 1st: use {first}.").format(
                first=day.replace(day=1).isoformat()
            )

        self.log.add_rows(chunk.rows[idx], "date", chunk.raw_column("date", idx), reason)

    def _check_client_counts(self, chunk: _Chunk) -> None:
        """Unique clients <= visits; new clients <= unique clients (or visits)."""
        visits, unique, new = chunk.visits, chunk.unique, chunk.new
        u_bad = (unique >= 0) & (visits >= 0) & (unique > visits)
        n_bad_u = (new >= 0) & (unique >= 0) & (new > unique)
        n_bad_v = (new >= 0) & (unique < 0) & (visits >= 0) & (new > visits)
        for mask, col, reason in (
            (u_bad, "unique_clients", _("Unique clients cannot be more than visits.")),
            (n_bad_u, "new_clients", _("New clients cannot be more than unique clients.")),
            (n_bad_v, "new_clients", _("New clients cannot be more than visits.")),
        ):
            idx = np.flatnonzero(mask)
            self.log.add_rows(chunk.rows[idx], col, chunk.raw_column(col, idx), reason)
        chunk.bad |= u_bad | n_bad_u | n_bad_v

    def _check_duplicates(self, chunk: _Chunk) -> None:
        """The same key twice in the file (this chunk or an earlier one)."""
        key_ok = ~chunk.misaligned
        for col in ("date", "period", "site", "service", "gender"):
            key_ok &= ~chunk.failed(col)
        chunk.keys = rows.encode_keys(
            chunk.site, chunk.service, chunk.period, chunk.days, chunk.gender
        )
        k, r, pos = chunk.keys[key_ok], chunk.rows[key_ok], np.flatnonzero(key_ok)
        if len(k) == 0:
            return
        order = np.argsort(k, kind="stable")
        ks, rs, ps = k[order], r[order], pos[order]
        same_as_prev = np.zeros(len(ks), dtype=bool)
        same_as_prev[1:] = ks[1:] == ks[:-1]
        first_row = rs.copy()
        if same_as_prev.any():  # propagate the first row of each run of equal keys
            starts = np.flatnonzero(~same_as_prev)
            run_id = np.cumsum(~same_as_prev) - 1
            first_row = rs[starts][run_id]
        earlier = np.full(len(ks), -1, dtype=np.int64)
        earlier[same_as_prev] = first_row[same_as_prev]
        if len(self.seen_keys):
            at = np.minimum(np.searchsorted(self.seen_keys, ks), len(self.seen_keys) - 1)
            hit = self.seen_keys[at] == ks
            earlier = np.where(hit, self.seen_rows[at], earlier)
        dup = np.flatnonzero(earlier >= 0)
        if len(dup):
            first_of = earlier[dup]
            self.log.add_rows(
                rs[dup],
                "date",
                chunk.raw_column("date", ps[dup]),
                lambda i: _(
                    "Same site, service, period, date and gender as row {row}: each "
                    "combination can appear only once in a file."
                ).format(row=int(first_of[i])),
            )
            chunk.bad[ps[dup]] = True
        firsts = ~same_as_prev
        merged_k = np.concatenate([self.seen_keys, ks[firsts]])
        merged_r = np.concatenate([self.seen_rows, rs[firsts]])
        order = np.argsort(merged_k, kind="stable")
        merged_k, merged_r = merged_k[order], merged_r[order]
        keep = np.ones(len(merged_k), dtype=bool)
        keep[1:] = merged_k[1:] != merged_k[:-1]
        self.seen_keys, self.seen_rows = merged_k[keep], merged_r[keep]

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
                "site": clean_name(chunk.raw("site", idx)),
                "service": clean_name(chunk.raw("service", idx)),
                "gender in file": label,
                "gender group": normalise_gender(label) or "?",
                "visits": chunk.raw("visits", idx).strip(),
                "unique_clients": chunk.raw("unique_clients", idx).strip(),
                "new_clients": chunk.raw("new_clients", idx).strip(),
                "status": "problem" if chunk.bad[idx] else "ok",
            }
            if not chunk.bad[idx]:  # show the values as they will be stored
                row["date"] = parsing.from_day_number(int(chunk.days[idx])).isoformat()
                row["visits"] = str(int(chunk.visits[idx]))
                for col, values in (("unique_clients", chunk.unique), ("new_clients", chunk.new)):
                    row[col] = "" if values[idx] < 0 else str(int(values[idx]))
            out.append(row)
        self.preview.append(pd.DataFrame(out))
        self.preview_count += len(out)

    # -- the end --

    def finish(self, report: ImportReport) -> Checked:
        """Fill `report` with what was found; the good rows for the write transaction."""
        r = self.report_into(report)
        checked = Checked(
            rows=ValidatedRows.concat(self.good),
            new_sites=dict(self.sites.created),
            new_services=dict(self.services.created),
            first_provisional_site=self.sites.first_provisional,
        )
        self.good = []
        r.valid_rows = len(checked.rows)
        return checked

    def report_into(self, r: ImportReport) -> ImportReport:
        r.rows_read = self.rows_read
        r.existing_rows = self.existing
        r.unknown_sites = sorted(self.sites.unknown.values(), key=str.lower)
        r.unknown_services = sorted(self.services.unknown.values(), key=str.lower)
        r.created_sites = list(self.sites.created.values())
        r.created_services = list(self.services.created.values())
        if self.options.create_missing:
            r.unknown_sites, r.unknown_services = [], []
        r.preview = pd.concat(self.preview, ignore_index=True) if self.preview else pd.DataFrame()
        mapping = [
            (label or _("(blank)"), group or _("(not understood)"), n)
            for label, (group, n) in sorted(self.gender_rows.items(), key=lambda kv: -kv[1][1])
        ]
        # A table to read (the check's report): its headers are in the reader's language.
        r.gender_mapping = pd.DataFrame(
            mapping, columns=[_("label in file"), _("gender group"), _("rows")]
        )
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
        if r.rows_read == 0 and not self.log:
            self.log.last(whole_file(_("The file has no rows to import.")))
        if r.existing_rows and self.options.on_existing is None:
            self.log.last(
                whole_file(
                    ngettext(
                        "{count} row is already in the database (same site, service, period, "
                        "date and gender). Choose whether to replace it or skip it.",
                        "{count} rows are already in the database (same site, service, period, "
                        "date and gender). Choose whether to replace them or skip them.",
                        r.existing_rows,
                    ).format(count=r.existing_rows)
                )
            )
        r.problems = self.log.listed()
        r.problem_count = self.log.count
        return r

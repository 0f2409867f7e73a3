"""Validated attendance rows as numpy columns, their unique keys, and the rows already stored.

A million validated rows take about 25 MB here, so an import is checked in full before its
write transaction opens and the transaction only writes (issue 14).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.importers.parsing import PERIODS, from_day_number
from advisory.models import GENDER_GROUPS, AttendanceRecord

GENDER_CODE = {g: i for i, g in enumerate(GENDER_GROUPS)}
PERIOD_CODE = {p: i for i, p in enumerate(PERIODS)}
_ID_BITS, _DAY_BITS = 20, 17
MAX_ID = (1 << _ID_BITS) - 1
_QUERY_CHUNK = 100_000


def encode_keys(
    site: np.ndarray, service: np.ndarray, period: np.ndarray, days: np.ndarray, gender: np.ndarray
) -> np.ndarray:
    """One int64 per (site, service, period, date, gender): 20+20+2+17+3 bits."""
    k = np.asarray(site, dtype=np.int64) << _ID_BITS
    k |= np.asarray(service, dtype=np.int64)
    k = (k << 2) | np.asarray(period, dtype=np.int64)
    k = (k << _DAY_BITS) | np.asarray(days, dtype=np.int64)
    return (k << 3) | np.asarray(gender, dtype=np.int64)


_COLUMNS = ("site", "service", "period", "days", "gender", "visits", "unique", "new")
_DTYPES = (np.int32, np.int32, np.int8, np.int32, np.int8, np.int32, np.int32, np.int32)


@dataclass
class ValidatedRows:
    """Rows that passed every check. `unique`/`new` are -1 where the file left them blank."""

    site: np.ndarray
    service: np.ndarray
    period: np.ndarray
    days: np.ndarray
    gender: np.ndarray
    visits: np.ndarray
    unique: np.ndarray
    new: np.ndarray

    @classmethod
    def empty(cls) -> ValidatedRows:
        return cls(*(np.empty(0, dtype=d) for d in _DTYPES))

    @classmethod
    def concat(cls, parts: Sequence[ValidatedRows]) -> ValidatedRows:
        if not parts:
            return cls.empty()
        return cls(
            *(
                np.concatenate([getattr(p, c) for p in parts]).astype(d, copy=False)
                for c, d in zip(_COLUMNS, _DTYPES, strict=True)
            )
        )

    @classmethod
    def of(cls, **columns: np.ndarray) -> ValidatedRows:
        return cls(
            *(
                np.asarray(columns[c]).astype(d, copy=False)
                for c, d in zip(_COLUMNS, _DTYPES, strict=True)
            )
        )

    def __len__(self) -> int:
        return len(self.site)

    def keys(self) -> np.ndarray:
        return encode_keys(self.site, self.service, self.period, self.days, self.gender)

    def take(self, index: np.ndarray | slice) -> ValidatedRows:
        return ValidatedRows(*(getattr(self, c)[index] for c in _COLUMNS))

    def slices(self, size: int) -> Iterator[ValidatedRows]:
        for start in range(0, len(self), size):
            yield self.take(slice(start, start + size))

    def with_ids(self, sites: dict[int, int], services: dict[int, int]) -> ValidatedRows:
        """The same rows with provisional site/service ids replaced by real ones."""
        site, service = _remap(self.site, sites), _remap(self.service, services)
        return ValidatedRows(
            site, service, self.period, self.days, self.gender, self.visits, self.unique, self.new
        )


def _remap(ids: np.ndarray, mapping: dict[int, int]) -> np.ndarray:
    if not mapping:
        return ids
    out = ids.copy()
    for old, new in mapping.items():
        out[ids == old] = new
    return out


def stored_keys(
    session: Session, rows: ValidatedRows, *, below_site: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(keys, ids) of the stored records with the same key as one of `rows`, keys sorted.

    Sites numbered `below_site` or higher are provisional (to be created): nothing is stored
    for them. One indexed query per site and date range of each 100,000 rows.
    """
    found_keys: list[np.ndarray] = []
    found_ids: list[np.ndarray] = []
    c = AttendanceRecord.__table__.c
    for part in rows.slices(_QUERY_CHUNK):
        sites = [int(x) for x in np.unique(part.site) if below_site is None or x < below_site]
        if not sites:
            continue
        q = select(c.id, c.site_id, c.service_id, c.period, c.period_start, c.gender).where(
            c.site_id.in_(sites),
            c.period_start >= from_day_number(int(part.days.min())),
            c.period_start <= from_day_number(int(part.days.max())),
        )
        found = session.execute(q).all()
        if not found:
            continue
        ids, site, service, period, start, gender = (list(col) for col in zip(*found, strict=True))
        days = np.array(start, dtype="datetime64[D]").astype(np.int64)
        period_codes = np.array([PERIOD_CODE[str(p)] for p in period])
        gender_codes = np.array([GENDER_CODE[str(g)] for g in gender])
        keys = encode_keys(np.array(site), np.array(service), period_codes, days, gender_codes)
        wanted = np.isin(keys, part.keys())
        found_keys.append(keys[wanted])
        found_ids.append(np.array(ids, dtype=np.int64)[wanted])
    if not found_keys:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    all_keys, all_ids = np.concatenate(found_keys), np.concatenate(found_ids)
    order = np.argsort(all_keys, kind="stable")
    return all_keys[order], all_ids[order]

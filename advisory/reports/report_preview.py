"""The Reports page's preview of a quarter, remembered until the data it reads change.

why (issue 13, item 5): the preview gathers a quarter's meetings, recommendations, adaptations,
attendance trends and work with other services, half a second at a million attendance rows,
and every rerun of the page (choosing a download's language, pressing a button) asked for the
same again. It is the internal version, the same for everyone who may open the page, so one
copy per quarter, language and data version is kept in a small in-process memory.

The version is the funder view's (advisory.services.shared_memo.data_version: attendance,
meetings, recommendations, adaptations, sites, categories, settings) plus the tables of the
work with other services read whole: they are small (a directory, counts per quarter,
trainings, networks, forums), and some are edited in place without a version column. It
costs a few milliseconds to read (5 ms at a million attendance rows), so the page reads it once
per run: `choices()` returns it with the quarters, and the page hands it to `internal()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from advisory import clock, i18n
from advisory.db import reads
from advisory.memo import Memory
from advisory.models import (
    Base,
    Forum,
    Network,
    RecommendationReferral,
    ReferralCheck,
    ReferralCount,
    ReferralEntry,
    ReferralEntrySite,
    ReferralKind,
    Training,
)
from advisory.periods import Quarter
from advisory.reports import quarterly
from advisory.services import shared_memo

MAX_ENTRIES = 16
WORK_TABLES: tuple[type[Base], ...] = (
    ReferralKind,
    ReferralEntry,
    ReferralEntrySite,
    ReferralCheck,
    ReferralCount,
    Training,
    Network,
    Forum,
    RecommendationReferral,
)

_memory = Memory(MAX_ENTRIES)


@dataclass(frozen=True)
class Choices:
    """The quarters the page offers, and the data version read in the same transaction."""

    quarters: list[Quarter]
    version: tuple[object, ...]


def _rows(session: Session, model: type[Base]) -> tuple[tuple[object, ...], ...]:
    mapper = inspect(model)
    query = select(*mapper.columns).order_by(*mapper.primary_key)
    return tuple(tuple(row) for row in session.execute(query))


@reads
def data_version(session: Session) -> tuple[object, ...]:
    """A value that changes when anything the quarterly report reads changes."""
    return (shared_memo.data_version(session), *(_rows(session, m) for m in WORK_TABLES))


@reads
def internal(
    session: Session, *, quarter: Quarter, version: tuple[object, ...] | None = None
) -> quarterly.QuarterlyReport:
    """The internal report of `quarter` without impact estimates, in the run's language.

    `version`: the data version the caller read earlier in this run (`Choices.version`), or
    None to read it here. Either way it was read no later than the data the report is made
    from, so a result is never filed under a newer version than the data it was made from."""
    return _memory.remembered(
        session,
        ("internal preview", quarter.label, i18n.active(), clock.today()),
        data_version(session) if version is None else version,
        lambda: quarterly.build(session, quarter=quarter, shareable=False, with_impact=False),
    )


@reads
def choices(session: Session) -> Choices:
    """quarterly.available_quarters of the whole organisation, remembered (one index look-up
    per site: a hundred at a national network's size), with the data version."""
    version = data_version(session)
    quarters = _memory.remembered(
        session,
        ("quarters", clock.today()),
        version,
        lambda: tuple(quarterly.available_quarters(session)),
    )
    return Choices(list(quarters), version)


def forget() -> None:
    """Drop everything remembered (tests and benchmarks that time a first computation)."""
    _memory.forget()

"""The impact page's analyses, remembered until the data they read change (issue 13, item 5).

At a million attendance rows the table of all adaptations and one adaptation's analyses take
seconds (mostly the model fits), and every visitor of the page asked for the same ones again.
Here they are kept in a small in-process memory keyed on the database, the arguments and
:func:`advisory.services.impact_overview.data_version` (read in the same read transaction,
so a result is never older than the data version it is filed under).

why this is safe to share between people: the impact analyses are the same for every role
that may open the impact page (PAGE_ROLES["impact"] is everyone logged in) and depend only on
the arguments given here (the small-number threshold among them); nothing about the person
asking goes in or comes out. It is not `st.cache_data` (which the architecture test keeps out
of the app because most of the app's data is role-dependent), and it holds at most
`MAX_ENTRIES` results per process.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy.orm import Session

from advisory import i18n
from advisory.db import reads
from advisory.memo import Memory
from advisory.services import impact
from advisory.services.impact_overview import OverviewRow, data_version

MAX_ENTRIES = 48
T = TypeVar("T")

_memory = Memory(MAX_ENTRIES)


def _remembered(session: Session, what: str, args: Hashable, compute: Callable[[], T]) -> T:
    return _memory.remembered(session, (what, i18n.active(), args), data_version(session), compute)


def forget() -> None:
    """Drop everything remembered (tests and benchmarks that time a first computation)."""
    _memory.forget()


@reads
def overview(session: Session, *, k: int) -> list[OverviewRow]:
    """:func:`advisory.services.impact.overview`, remembered while the data stay the same."""
    return _remembered(session, "overview", (k,), lambda: impact.overview(session, k=k))


@reads
def analyse(
    session: Session,
    *,
    adaptation_id: int,
    freq: str,
    service_ids: tuple[int, ...] | None,
    comparison_site_id: int | None,
    window: int,
    k: int,
    phase_in: int,
) -> impact.ImpactReport:
    """:func:`advisory.services.impact.analyse`, remembered while the data stay the same."""
    args = (adaptation_id, freq, service_ids, comparison_site_id, window, k, phase_in)
    return _remembered(
        session,
        "analyse",
        args,
        lambda: impact.analyse(
            session,
            adaptation_id=adaptation_id,
            freq=freq,
            service_ids=list(service_ids) if service_ids is not None else None,
            comparison_site_id=comparison_site_id,
            window=window,
            k=k,
            phase_in=phase_in,
        ),
    )

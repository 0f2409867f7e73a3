"""The attendance page's series and completeness, remembered until attendance changes.

why (issue 13, item 5): at a million rows the page read the chosen site's records twice on
every rerun (the series by gender, then how complete it is), about 0.1 s of SQL for each click
on a pill or a date, though the rows had not changed. Here both are kept per site, period,
services and dates in a small in-process memory keyed on the funder view's data version
(advisory.services.shared_memo.data_version: the newest attendance row, the import batches and
their undo marks, open days, sites), read in the same read transaction.

Each caller gets its own copy of the frames: one session's page can never change another's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy.orm import Session

from advisory.db import reads
from advisory.memo import Memory
from advisory.services import attendance, attendance_completeness, shared_memo

MAX_ENTRIES = 64

_memory = Memory(MAX_ENTRIES)


@reads
def date_range(session: Session, *, site_id: int) -> tuple[dt.date, dt.date] | None:
    """attendance.date_range of one site, remembered."""
    return _memory.remembered(
        session,
        ("date range", site_id),
        shared_memo.data_version(session),
        lambda: attendance.date_range(session, site_id=site_id),
    )


@reads
def site_view(
    session: Session,
    *,
    site_id: int,
    freq: str,
    service_ids: Sequence[int] | None,
    start: dt.date,
    end: dt.date,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(visits by gender per period, not-recorded share by month, missing periods) of one
    site and period: attendance.series_by_gender and attendance_completeness.site_completeness,
    remembered."""
    services = tuple(sorted(service_ids)) if service_ids else None

    def compute() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        frame = attendance.series_by_gender(
            session, site_id=site_id, freq=freq, service_ids=services, start=start, end=end
        )
        share, missing = attendance_completeness.site_completeness(
            session, site_id=site_id, start=start, end=end
        )
        return frame, share, missing

    key = ("site view", site_id, freq, services, start, end)
    frames = _memory.remembered(session, key, shared_memo.data_version(session), compute)
    return frames[0].copy(), frames[1].copy(), frames[2].copy()


def forget() -> None:
    """Drop everything remembered (tests and benchmarks that time a first computation)."""
    _memory.forget()

"""The attendance page's remembered series are read again whenever attendance changes
(issue 13), on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select

from advisory.db import session_scope
from advisory.models import Service
from advisory.services import adaptations, attendance, attendance_memo, import_batches, tally
from tests.factories import TEST_ADMIN
from tests.integration.test_impact import _women_only_tuesday

MONDAY = dt.date(2026, 11, 16)


def _view(engine, site_id: int):  # type: ignore[no-untyped-def]
    return attendance_memo.site_view(
        engine,
        site_id=site_id,
        freq="week",
        service_ids=None,
        start=dt.date(2024, 1, 1),
        end=dt.date(2026, 11, 29),
    )


def _fresh(engine, site_id: int):  # type: ignore[no-untyped-def]
    """The same series read straight from the database, nothing remembered."""
    return attendance.series_by_gender(
        engine, site_id=site_id, freq="week", start=dt.date(2024, 1, 1), end=dt.date(2026, 11, 29)
    )


def test_a_tally_and_its_undo_each_show_on_the_attendance_page_at_once(engine):
    attendance_memo.forget()
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.0, displacement=0.0, seed=5)
    with session_scope(engine) as s:
        site_id = adaptations.get_adaptation(s, adaptation_id).site_id
        service_id = s.scalar(select(Service.id).where(Service.name == "drop-in visit"))
    before, _share, _missing = _view(engine, site_id)
    women_before = int(before["woman"].sum())
    again, _share, _missing = _view(engine, site_id)
    assert int(again["woman"].sum()) == women_before
    again["woman"] = 0  # a caller's copy: changing it changes nobody else's page
    assert int(_view(engine, site_id)[0]["woman"].sum()) == women_before

    tally.save_tally(
        engine,
        site_id=site_id,
        service_id=service_id,
        week_start=MONDAY,
        grid={"Monday": {"woman": 250}},
        actor=TEST_ADMIN,
    )
    after = _view(engine, site_id)[0]
    # The week of the tally now holds the tally's count (it replaces that day's records).
    assert after.loc[pd.Timestamp(MONDAY), "woman"] != before.loc[pd.Timestamp(MONDAY), "woman"]
    pd.testing.assert_frame_equal(after, _fresh(engine, site_id))
    assert attendance_memo.date_range(engine, site_id=site_id)[1] >= MONDAY

    batch = import_batches.list_batches(engine)[0]
    import_batches.undo_batch(engine, batch_id=batch.id, actor=TEST_ADMIN)
    undone = _view(engine, site_id)[0]
    assert undone.loc[pd.Timestamp(MONDAY), "woman"] != after.loc[pd.Timestamp(MONDAY), "woman"]
    pd.testing.assert_frame_equal(_view(engine, site_id)[0], _fresh(engine, site_id))

"""The impact page's remembered analyses are recomputed whenever the data they read change
(issue 13, item 5), on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from advisory.db import session_scope
from advisory.models import Service
from advisory.services import adaptations, impact_memo, import_batches, tally
from tests.factories import TEST_ADMIN
from tests.integration.test_impact import _women_only_tuesday

MONDAY = dt.date(2026, 11, 16)


def test_the_remembered_overview_is_reused_until_attendance_open_days_or_adaptations_change(
    engine,
):
    impact_memo.forget()
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.0, displacement=0.0, seed=5)
    first = impact_memo.overview(engine, k=5)
    assert impact_memo.overview(engine, k=5) is first  # nothing changed: remembered
    assert impact_memo.overview(engine, k=10) is not first  # another threshold: its own

    with session_scope(engine) as s:
        site_id = adaptations.get_adaptation(s, adaptation_id).site_id
        service_id = s.scalar(select(Service.id).where(Service.name == "drop-in visit"))
    report = tally.save_tally(
        engine,
        site_id=site_id,
        service_id=service_id,
        week_start=MONDAY,
        grid={"Monday": {"woman": 250}},
        actor=TEST_ADMIN,
    )
    after_tally = impact_memo.overview(engine, k=5)
    assert after_tally is not first

    batch = import_batches.list_batches(engine)[0]
    assert batch.id == report.batch_id
    import_batches.undo_batch(engine, batch_id=batch.id, actor=TEST_ADMIN)
    after_undo = impact_memo.overview(engine, k=5)
    assert after_undo is not after_tally

    tally.set_open_time(
        engine,
        site_id=site_id,
        period="week",
        start=MONDAY,
        open_days=3,
        open_hours=None,
        actor=TEST_ADMIN,
    )
    after_open_days = impact_memo.overview(engine, k=5)
    assert after_open_days is not after_undo

    view = adaptations.get_adaptation(engine, adaptation_id)
    adaptations.update_adaptation(
        engine,
        adaptation_id=adaptation_id,
        expected_version=view.version,
        name="Women-only Tuesday (all day)",
        type=view.type,
        site_id=view.site_id,
        start_on=view.start_on,
        weekdays=view.weekdays,
        actor=TEST_ADMIN,
    )
    renamed = impact_memo.overview(engine, k=5)
    assert [r.name for r in renamed] == ["Women-only Tuesday (all day)"]
    assert impact_memo.overview(engine, k=5) is renamed

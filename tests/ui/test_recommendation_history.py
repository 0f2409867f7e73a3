"""A reopened recommendation's page still shows its earlier evidence and the group's check."""

from __future__ import annotations

import datetime as dt

from advisory import clock
from advisory.services import categories, meetings, recommendation_completions
from advisory.services import recommendations as recs
from tests.factories import ensure_user
from tests.ui.apptest import engine_for, page_test, texts

TODAY = clock.today()


def test_the_detail_lists_each_earlier_completion_after_a_reopen(app_env):
    engine = engine_for(app_env)
    mary = ensure_user(engine, "mary", "member")
    dina = ensure_user(engine, "dina", "director")
    held = meetings.create_meeting(engine, held_on=TODAY - dt.timedelta(days=100), actor=mary)
    check = meetings.create_meeting(engine, held_on=TODAY - dt.timedelta(days=30), actor=mary)
    rec = recs.raise_recommendation(
        engine,
        meeting_id=held.id,
        title="Pads in the toilets",
        category_id=categories.list_categories(engine)[0].id,
        actor=mary,
    )
    for step, kwargs in (
        (recs.respond, {"decision": "accepted", "rationale": ""}),
        (recs.start_work, {}),
        (
            recs.mark_done,
            {
                "what_changed": "A box of pads in each toilet.",
                "done_on": TODAY - dt.timedelta(days=60),
                "evidence": "Photo of the *boxes*.",
            },
        ),
        (recs.verify, {"meeting_id": check.id, "group_comment": "They are full."}),
        (recs.reopen, {"reason": "Empty for a month."}),
    ):
        rec = step(
            engine, recommendation_id=rec.id, expected_version=rec.version, actor=dina, **kwargs
        )
    # The day the reopen was recorded, not the day this module was imported: a run that crossed
    # midnight (UTC) expected the day before.
    reopened_at = recommendation_completions.completions(engine, rec.id)[0].reopened_at
    assert reopened_at is not None
    engine.dispose()
    at = page_test("pages/recommendations.py", data_dir=app_env, username="dina", role="director")
    at.query_params["id"] = str(rec.id)
    at.run()
    assert not at.exception
    assert "Earlier completion" in [s.value for s in at.subheader]
    done_day = f"{TODAY - dt.timedelta(days=60):%d %b %Y}"
    expected = "  \n".join(
        (
            f"**Done on {done_day}** (Dina): A box of pads in each toilet\\.",
            "**Evidence:** Photo of the \\*boxes\\*\\.",
            f"**Verified by the group** at the {check.quarter} meeting: They are full\\.",
            f"**Reopened on {reopened_at:%d %b %Y}** (Dina): Empty for a month\\.",
        )
    )
    assert expected in texts(at)

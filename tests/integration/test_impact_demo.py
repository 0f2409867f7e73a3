"""The impact analyses on the demonstration data tell the story the demo was built to show."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from advisory import clock
from advisory.analysis import Downgrade, Verdict, WeekdayConclusion
from advisory.db import make_engine, session_scope
from advisory.models import Adaptation
from advisory.services import impact, share_content
from tests.factories import copy_database


def _adaptation_id(session, name: str) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(Adaptation.id).where(Adaptation.name == name))


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory, demo_database):  # type: ignore[no-untyped-def]
    # The session's demo database (built once, tens of thousands of rows), copied.
    path = copy_database(demo_database, tmp_path_factory.mktemp("impact-demo") / "advisory.db")
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def test_the_women_only_tuesday_shows_a_rise_on_tuesdays_and_new_visits(demo_engine):
    with session_scope(demo_engine) as s:
        report = impact.analyse(s, adaptation_id=_adaptation_id(s, "Women-only Tuesday"))
    assert report.weekday is not None
    assert report.weekday.on_day_ci[0] > 1  # the whole likely range is a rise on Tuesdays
    assert report.weekday.conclusion == WeekdayConclusion.NEW_VISITS
    assert report.weekday.net_ci[0] > 1
    assert "Most of the rise was on Tuesdays" in report.weekday.summary
    result = report.primary.result
    assert result.verdict == Verdict.UP
    assert "likely range" in result.summary
    # The violence room, later at the same site, has its own step in the same model.
    assert [o.name for o in result.others] == ["Private room for violence support"]
    assert result.others[0].modelled


def test_the_unmarked_vehicle_shows_a_rise_in_womens_outreach_contacts(demo_engine):
    with session_scope(demo_engine) as s:
        report = impact.analyse(s, adaptation_id=_adaptation_id(s, "Unmarked outreach vehicle"))
        rows = {r.name: r for r in impact.overview(s)}
    result = report.primary.result
    assert result.verdict == Verdict.UP
    assert result.after_ratio_ci[0] > 1
    # The night-shift worker (ended) and the peer worker (later) are modelled, not ignored.
    modelled = {o.name: o for o in result.others}
    assert modelled["Woman outreach worker on night shifts"].end is not None
    assert modelled["Woman peer outreach worker"].modelled
    assert rows["Unmarked outreach vehicle"].verdict == "went up"


def test_better_gender_recording_at_the_health_post_says_it_cant_tell_and_why(demo_engine):
    with session_scope(demo_engine) as s:
        report = impact.analyse(s, adaptation_id=_adaptation_id(s, "Women staff at reception"))
        rows = {r.name: r for r in impact.overview(s)}
    result = report.primary.result
    assert result.verdict == Verdict.CANT_TELL
    assert result.downgrades == (Downgrade.RECORDING,)
    assert result.interval_verdict == Verdict.UP  # recorded women's visits rose by about a third
    assert result.recording.share_before == pytest.approx(0.30, abs=0.02)
    assert result.recording.share_after == pytest.approx(0.05, abs=0.01)
    assert result.recording.adjusted_ratio_ci[0] < 1 < result.recording.adjusted_ratio_ci[1]
    assert "gender was recorded differently after the change" in result.summary
    row = rows["Women staff at reception"]
    assert row.verdict == "we can't tell yet"
    assert "gender was recorded differently after the change" in row.caveats
    assert any("30% before" in q for q in row.quality)
    assert row.public_reasons and "30%" not in " ".join(row.public_reasons)


def test_the_funder_view_carries_the_same_verdict_and_reason_without_counts(demo_engine):
    today = clock.today()
    with session_scope(demo_engine) as s:
        summaries = share_content.impact_summaries(
            s, site_ids=None, in_place_from=None, in_place_to=today, k=5, shareable=True
        )
        internal = share_content.impact_summaries(
            s, site_ids=None, in_place_from=None, in_place_to=today, k=5, shareable=False
        )
    shared = {x.adaptation: x for x in summaries}["Women staff at reception"]
    assert shared.verdict == "we can't tell yet"
    assert "Gender was recorded differently after the change" in shared.text
    assert "30%" not in shared.text and "5%" not in shared.text
    vehicle = {x.adaptation: x for x in summaries}["Unmarked outreach vehicle"]
    assert vehicle.verdict == "went up"
    mine = {x.adaptation: x for x in internal}["Women staff at reception"]
    assert "gender was recorded differently after the change" in mine.text

"""The impact analyses on the demonstration data tell the story the demo was built to show."""

from __future__ import annotations

from sqlalchemy import select

from advisory import demo
from advisory.db import session_scope
from advisory.models import Adaptation
from advisory.services import impact
from tests.factories import TEST_ADMIN


def _adaptation_id(session, name: str) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(Adaptation.id).where(Adaptation.name == name))


def test_the_women_only_tuesday_shows_a_rise_on_tuesdays_and_the_displacement_check(
    sqlite_engine,
):
    with session_scope(sqlite_engine) as s:
        demo.load(s, actor=TEST_ADMIN)
    with session_scope(sqlite_engine) as s:
        report = impact.analyse(s, adaptation_id=_adaptation_id(s, "Women-only Tuesday"))
    assert report.weekday is not None
    assert report.weekday.on_day_ci[0] > 1  # the whole likely range is a rise on Tuesdays
    assert report.weekday.conclusion in {"women moved days", "new visits"}
    assert "Tuesdays went up" in report.weekday.summary
    assert "likely range" in report.primary.result.summary


def test_the_unmarked_vehicle_shows_a_rise_in_womens_outreach_contacts(sqlite_engine):
    with session_scope(sqlite_engine) as s:
        demo.load(s, actor=TEST_ADMIN)
    with session_scope(sqlite_engine) as s:
        report = impact.analyse(s, adaptation_id=_adaptation_id(s, "Unmarked outreach vehicle"))
        rows = {r.name: r for r in impact.overview(s)}
    assert report.primary.result.verdict == "went up"
    assert report.primary.result.level_change_ci[0] > 1
    assert rows["Unmarked outreach vehicle"].verdict == "went up"

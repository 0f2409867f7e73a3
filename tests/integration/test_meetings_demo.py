"""The demo's meetings and recommendations: realistic, complete, loadable on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from advisory import clock, demo
from advisory.actors import CLI
from advisory.db import session_scope
from advisory.demo import attendance as demo_attendance
from advisory.demo import base
from advisory.demo import meetings as demo_meetings
from advisory.demo import recommendation_stories as stories
from advisory.lifecycle import STATUSES
from advisory.models import AuditEvent, RecommendationEvent
from advisory.services import feedback, meeting_views, recommendation_views


def test_the_demo_has_12_quarterly_meetings_and_25_recommendations_in_every_status(engine):
    with session_scope(engine) as s:
        result = demo.load(s, actor=CLI)
    assert (
        "12 quarterly meetings and 25 recommendations (every status, including declined, "
        "deferred, overdue, reopened and verified)"
    ) in result.summary
    with session_scope(engine) as s:
        listed = meeting_views.list_meetings(s)
        views = recommendation_views.list_recommendations(s)
        events = s.scalar(select(func.count(RecommendationEvent.id)))
        audits = s.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.entity == "recommendation")
        )
        summary = feedback.what_happened(s)
    assert len(listed) == 12
    assert len({m.quarter for m in listed}) == 12
    assert max(m.held_on for m in listed) <= clock.today()
    assert min(m.held_on for m in listed) >= clock.today() - dt.timedelta(days=3 * 366)
    assert all(len(m.member_ids) >= 3 for m in listed)
    assert len(views) == 25
    assert {v.status for v in views} == set(STATUSES)
    by_title = {v.title: v for v in views}
    women_only = by_title[stories.WOMEN_ONLY_DAY]
    assert (women_only.status, women_only.response) == ("verified", "accepted")
    assert women_only.verification_comment
    # Done on the day the demo attendance shows the women-only Tuesday starting.
    assert women_only.done_on == demo_attendance.women_only_start(clock.today())
    vehicle = by_title[stories.UNMARKED_VEHICLE]
    assert (vehicle.status, vehicle.done_on) == (
        "verified",
        demo_attendance.vehicle_start(clock.today()),
    )
    assert all(v.response_rationale for v in views if v.status in ("declined", "deferred"))
    assert sum(v.overdue for v in views) >= 3
    assert any(v.status == "deferred" and not v.overdue for v in views)
    assert events > 25 and audits >= events - 10
    # The summary runs from the latest meeting; everything still open is in it.
    assert summary.since == listed[0].held_on
    still_open = {v.id for v in views if v.status not in ("verified", "declined")}
    assert still_open <= {i.recommendation_id for i in summary.items}
    assert len({g.key for g in summary.groups}) == len(summary.groups) >= 4


@pytest.mark.parametrize("today", [dt.date(2025, 2, 9), dt.date(2026, 12, 31)])
def test_the_demo_schedule_fits_whatever_the_date(sqlite_engine, today):
    with session_scope(sqlite_engine) as s:
        base.load(s, demo.DemoResult(), by="test")
        ids = demo_meetings.build(s, today=today)
        views = recommendation_views.list_recommendations(s, today=today)
    assert len(ids) == 12
    assert {v.status for v in views} == set(STATUSES)

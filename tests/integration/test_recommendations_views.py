"""Views of recommendations on both databases: the overdue rule, the review queue, the board,
the table's filters and the progress figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from advisory.errors import NotFound
from advisory.lifecycle import STATUSES
from advisory.services import recommendation_views as views
from advisory.services import recommendations as recs
from advisory.services.meeting_views import MeetingView
from tests.integration.meetings_setup import (
    TODAY,
    act,
    current,
    meeting,
    raise_one,
)


def test_the_overdue_rule(world):
    """Overdue: past the due date and not done, verified or declined; not while deferred."""
    m = meeting(world, days_ago=200)
    later = meeting(world, days_ago=1)
    due_past = TODAY - dt.timedelta(days=10)
    made = {}
    for name in (
        "raised",
        "accepted",
        "in_progress",
        "done",
        "verified",
        "declined",
        "deferred_future",
        "deferred_past",
        "reopened",
        "due_today",
        "no_due",
    ):
        due = {"due_today": TODAY, "no_due": None}.get(name, due_past)
        made[name] = raise_one(world, m.id, title=name, due_on=due)
    made["accepted"] = act(world, recs.respond, made["accepted"], decision="accepted", rationale="")
    for name in ("in_progress", "done", "verified", "reopened"):
        r = act(world, recs.respond, made[name], decision="accepted", rationale="")
        r = act(world, recs.start_work, r)
        if name != "in_progress":
            r = act(world, recs.mark_done, r, what_changed="x", done_on=TODAY - dt.timedelta(5))
        if name in ("verified", "reopened"):
            r = act(world, recs.verify, r, meeting_id=later.id, group_comment="ok")
        if name == "reopened":
            r = act(world, recs.reopen, r, reason="lapsed")
        made[name] = r
    made["declined"] = act(
        world, recs.respond, made["declined"], decision="declined", rationale="No"
    )
    made["deferred_future"] = act(
        world,
        recs.respond,
        made["deferred_future"],
        decision="deferred",
        rationale="Budget",
        deferred_until=TODAY + dt.timedelta(days=30),
    )
    # A deferral that has ended: given when "today" was 60 days ago, until 20 days ago.
    made["deferred_past"] = act(
        world,
        recs.respond,
        made["deferred_past"],
        decision="deferred",
        rationale="Budget",
        deferred_until=TODAY - dt.timedelta(days=20),
        today=TODAY - dt.timedelta(days=60),
    )
    overdue = {v.title for v in views.list_recommendations(world.engine, overdue=True, today=TODAY)}
    on_time = {
        v.title for v in views.list_recommendations(world.engine, overdue=False, today=TODAY)
    }
    assert overdue == {"raised", "accepted", "in_progress", "deferred_past", "reopened"}
    assert on_time == {"done", "verified", "declined", "deferred_future", "due_today", "no_due"}
    assert current(world, made["raised"].id).overdue is True
    assert current(world, made["raised"].id, today=due_past).overdue is False


def test_the_review_queue_lists_what_waits_for_a_response_oldest_first(world):
    old = meeting(world, days_ago=300)
    mid = meeting(world, days_ago=100)
    new = meeting(world, days_ago=5)
    a = raise_one(world, new.id, title="newest, raised")
    b = raise_one(world, old.id, title="oldest, under review")
    b = act(world, recs.start_review, b)
    c = raise_one(world, mid.id, title="deferral ended")
    act(
        world,
        recs.respond,
        c,
        decision="deferred",
        rationale="Later",
        deferred_until=TODAY - dt.timedelta(days=1),
        today=TODAY - dt.timedelta(days=50),
    )
    d = raise_one(world, mid.id, title="deferred to the future")
    act(
        world,
        recs.respond,
        d,
        decision="deferred",
        rationale="Later",
        deferred_until=TODAY + dt.timedelta(days=10),
    )
    e = raise_one(world, old.id, title="accepted")
    act(world, recs.respond, e, decision="accepted", rationale="")
    queue = [v.title for v in views.review_queue(world.engine)]
    assert queue == ["oldest, under review", "deferral ended", "newest, raised"]
    assert a.status == "raised"


def test_the_board_has_a_column_for_every_status_and_the_table_filters_combine(world):
    m1 = meeting(world, days_ago=100)
    m2 = meeting(world, days_ago=10)
    riverside, harbour = world.site_ids["Riverside"], world.site_ids["Harbour"]
    hours = world.category_ids["Opening hours"]
    raise_one(world, m1.id, title="one", site_ids=[riverside], due_on=TODAY - dt.timedelta(1))
    two = raise_one(
        world,
        m1.id,
        title="two",
        site_ids=[harbour],
        category_id=hours,
        owner_user_id=None,
        owner_role="Outreach coordinator",
    )
    act(world, recs.respond, two, decision="accepted", rationale="")
    raise_one(world, m2.id, title="three", site_ids=[riverside, harbour], category_id=hours)
    board = views.board(world.engine)
    assert list(board) == list(STATUSES)
    assert {k: [v.title for v in items] for k, items in board.items() if items} == {
        "raised": ["one", "three"],
        "accepted": ["two"],
    }

    def titles(**f: Any) -> list[str]:
        return [v.title for v in views.list_recommendations(world.engine, **f)]

    assert titles(status="raised") == ["one", "three"]
    assert titles(category_id=hours) == ["two", "three"]
    assert titles(site_id=harbour) == ["two", "three"]
    assert titles(owner="Outreach coordinator") == ["two"]
    assert titles(owner="Dina") == ["one", "three"]
    assert titles(meeting_id=m2.id) == ["three"]
    assert titles(overdue=True) == ["one"]
    assert titles(site_id=riverside, category_id=hours, status="raised") == ["three"]
    assert views.owners(world.engine) == ["Dina", "Outreach coordinator"]


def test_progress_figures_count_statuses_completion_median_days_overdue_and_quarters(world):
    today = dt.date(2025, 8, 15)
    jan = meeting(world, days_ago=(TODAY - dt.date(2025, 1, 10)).days)
    apr = meeting(world, days_ago=(TODAY - dt.date(2025, 4, 10)).days)

    def done(title: str, mtg: MeetingView, done_on: dt.date) -> views.RecommendationView:
        r = raise_one(world, mtg.id, title=title)
        r = act(world, recs.respond, r, decision="accepted", rationale="")
        r = act(world, recs.start_work, r)
        return act(world, recs.mark_done, r, what_changed="x", done_on=done_on)

    done("a", jan, dt.date(2025, 1, 20))  # 10 days
    done("b", jan, dt.date(2025, 4, 20))  # 100 days
    done("c", apr, dt.date(2025, 5, 10))  # 30 days
    raise_one(world, apr.id, title="late", due_on=dt.date(2025, 6, 1))
    declined = raise_one(world, apr.id, title="no", due_on=dt.date(2025, 6, 1))
    act(world, recs.respond, declined, decision="declined", rationale="Cannot")
    p = views.progress(world.engine, today=today)
    assert p.total == 5
    assert {k: v for k, v in p.counts_by_status.items() if v} == {
        "raised": 1,
        "declined": 1,
        "done": 3,
    }
    assert (p.done_or_verified, p.done_or_verified_pct) == (3, 60.0)
    assert p.median_days_to_done == 30.0
    assert p.overdue == 1
    assert [(q.quarter, q.raised, q.completed) for q in p.per_quarter] == [
        ("2025 Q1", 2, 1),
        ("2025 Q2", 3, 2),
        ("2025 Q3", 0, 0),
    ]


def test_progress_figures_for_an_empty_database(world):
    p = views.progress(world.engine)
    assert (p.total, p.done_or_verified_pct, p.median_days_to_done, p.overdue, p.per_quarter) == (
        0,
        None,
        None,
        0,
        (),
    )


def test_the_timeline_and_views_of_an_unknown_recommendation(world):
    with pytest.raises(NotFound):
        views.get(world.engine, 12345)
    with pytest.raises(NotFound):
        act(world, recs.start_review, type("R", (), {"id": 12345, "version": 1})())


def test_the_owner_dropdown_names_each_account_with_its_role(world):
    choices = views.detail_choices(world.engine)
    # Directors and admins can own a recommendation; members cannot (issue 13: the role is
    # shown, so two people with similar names are told apart).
    assert choices.owners == {world.dina.id: "Dina (director)", world.ada.id: "Ada (admin)"}

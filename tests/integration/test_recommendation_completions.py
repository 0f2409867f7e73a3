"""The history of completions (issue 13): evidence, what changed and the group's verification
are kept when a recommendation is reopened; migration 0003 carries existing data over."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, delete, inspect

from advisory import migrate
from advisory.db import session_scope
from advisory.models import RecommendationCompletion
from advisory.services import recommendation_completions as history
from advisory.services import recommendations as recs
from advisory.services.recommendation_views import RecommendationView
from tests.integration.meetings_setup import TODAY, World, act, build_world, meeting, raise_one


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def _done_verified_reopened_done_again(world: World) -> RecommendationView:
    """Done with evidence, verified at a meeting, reopened, worked on and done again."""
    rec = raise_one(world, meeting(world, days_ago=120).id, title="Pads in the toilets")
    rec = act(world, recs.respond, rec, decision="accepted", rationale="")
    rec = act(world, recs.start_work, rec)
    rec = act(
        world,
        recs.mark_done,
        rec,
        what_changed="A box of pads in each toilet.",
        done_on=TODAY - dt.timedelta(days=90),
        evidence="Photo of the boxes; the supplier's invoice.",
    )
    check = meeting(world, days_ago=60)
    rec = act(
        world,
        recs.verify,
        rec,
        meeting_id=check.id,
        group_comment="The boxes are there and full.",
        actor=world.mary,
    )
    rec = act(world, recs.reopen, rec, reason="The boxes have been empty for a month.")
    rec = act(world, recs.start_work, rec, comment="A new supplier.")
    return act(
        world,
        recs.mark_done,
        rec,
        what_changed="Boxes refilled weekly by the cleaner.",
        done_on=TODAY - dt.timedelta(days=5),
        evidence="The cleaning rota.",
    )


def test_a_reopened_recommendation_keeps_its_earlier_evidence_and_verification(world):
    rec = _done_verified_reopened_done_again(world)
    first, second = history.completions(world.engine, rec.id)
    check_quarter = first.verified_at_meeting_label
    assert first.lapsed and not second.lapsed
    assert (first.done_on, first.what_changed, first.evidence, first.done_by) == (
        TODAY - dt.timedelta(days=90),
        "A box of pads in each toilet.",
        "Photo of the boxes; the supplier's invoice.",
        "Dina",
    )
    assert (first.verified_on, first.verification_comment) == (
        TODAY - dt.timedelta(days=60),
        "The boxes are there and full.",
    )
    assert check_quarter is not None and check_quarter.endswith(" meeting")
    assert (first.reopened_by, first.reopen_reason) == (
        "Dina",
        "The boxes have been empty for a month.",
    )
    assert (second.what_changed, second.evidence, second.verified_on) == (
        "Boxes refilled weekly by the cleaner.",
        "The cleaning rota.",
        None,
    )
    # The record itself describes the current completion only ("median days to done").
    assert (rec.done_on, rec.evidence, rec.verified_on) == (
        TODAY - dt.timedelta(days=5),
        "The cleaning rota.",
        None,
    )


def test_a_recommendation_never_done_has_no_completions(world):
    rec = raise_one(world, meeting(world, days_ago=10).id)
    assert history.completions(world.engine, rec.id) == []


def test_the_migration_rebuilds_completions_from_the_timeline_and_goes_down_and_up(world):
    rec = _done_verified_reopened_done_again(world)
    kept = history.completions(world.engine, rec.id)
    migrate.downgrade(world.engine, "0002")
    assert "recommendation_completion" not in inspect(world.engine).get_table_names()
    migrate.upgrade(world.engine)
    first, second = history.completions(world.engine, rec.id)
    # The lapsed completion comes back from the timeline: what changed, the group's words,
    # why it was reopened (its evidence and done date were only on the record, and are gone).
    assert (first.what_changed, first.verification_comment, first.reopen_reason) == (
        kept[0].what_changed,
        kept[0].verification_comment,
        kept[0].reopen_reason,
    )
    assert first.lapsed and first.evidence is None
    # The current completion comes back in full from the record.
    assert (second.done_on, second.what_changed, second.evidence, second.lapsed) == (
        kept[1].done_on,
        kept[1].what_changed,
        kept[1].evidence,
        False,
    )


def test_verifying_or_reopening_work_done_before_the_history_existed_keeps_it(world):
    rec = raise_one(world, meeting(world, days_ago=50).id)
    rec = act(world, recs.respond, rec, decision="accepted", rationale="")
    rec = act(world, recs.start_work, rec)
    rec = act(world, recs.mark_done, rec, what_changed="Women staff on Fridays.", done_on=TODAY)
    with session_scope(world.engine) as s:  # as if it was done before migration 0003
        s.execute(delete(RecommendationCompletion))
    rec = act(world, recs.reopen, rec, reason="She left.")
    (only,) = history.completions(world.engine, rec.id)
    assert (only.what_changed, only.reopen_reason, only.lapsed) == (
        "Women staff on Fridays.",
        "She left.",
        True,
    )

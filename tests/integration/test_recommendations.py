"""Recommendation lifecycle services on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from advisory import clock
from advisory.db import session_scope
from advisory.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from advisory.lifecycle import STATUSES
from advisory.models import AuditEvent, Base, Recommendation, RecommendationEvent
from advisory.services import recommendations as recs
from advisory.services import users
from advisory.services.recommendation_views import RecommendationView, timeline
from tests.integration.meetings_setup import (
    TODAY,
    World,
    act,
    current,
    meeting,
    raise_one,
)


def _events(world: World, rec_id: int) -> list[tuple[str, str, str | None, str | None, str]]:
    return [
        (e.by, e.kind, e.from_status, e.to_status, e.comment)
        for e in timeline(world.engine, rec_id)
    ]


def _audit(world: World, rec_id: int) -> list[tuple[str, str, str | None]]:
    with session_scope(world.engine) as s:
        rows = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "recommendation", AuditEvent.entity_id == rec_id)
            .order_by(AuditEvent.id)
        )
        return [(a.actor, a.action, a.detail) for a in rows]


def _count(world: World, model: type[Base]) -> int:
    with session_scope(world.engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_raising_a_recommendation_records_who_and_an_audit_row(world):
    m = meeting(world, days_ago=30)
    rec = raise_one(world, m.id, due_on=TODAY + dt.timedelta(days=60), priority="high")
    assert (rec.status, rec.raised_on, rec.meeting_id, rec.priority) == (
        "raised",
        m.held_on,
        m.id,
        "high",
    )
    assert rec.owner == "Dina"
    assert rec.site_names == ("Riverside",)
    assert rec.category == "Women-only space or time"
    assert _events(world, rec.id) == [("Mary", "status", None, "raised", "")]
    assert _audit(world, rec.id) == [("mary", "recommendation.create", f"meeting {m.id}")]


def test_the_whole_lifecycle_from_raised_to_verified_records_every_step(world):
    m = meeting(world, days_ago=120)
    later = meeting(world, days_ago=10)
    rec = raise_one(world, m.id)
    rec = act(world, recs.start_review, rec, comment="Asking staff")
    rec = act(
        world, recs.respond, rec, decision="accepted", rationale="Tuesdays", needs_funding=True
    )
    # The day it was recorded (TODAY is read at import: a run across midnight would differ).
    assert (rec.response, rec.needs_funding, rec.responded_on) == ("accepted", True, clock.today())
    rec = act(world, recs.start_work, rec, comment="Posters up")
    done_on = TODAY - dt.timedelta(days=20)
    rec = act(
        world,
        recs.mark_done,
        rec,
        what_changed="Tuesdays are women only",
        done_on=done_on,
        evidence="Rota",
    )
    assert (rec.status, rec.done_on, rec.what_changed, rec.evidence) == (
        "done",
        done_on,
        "Tuesdays are women only",
        "Rota",
    )
    rec = act(
        world,
        recs.verify,
        rec,
        meeting_id=later.id,
        group_comment="More women come",
        actor=world.mary,
    )
    assert (rec.status, rec.verified_at_meeting_id, rec.verified_on) == (
        "verified",
        later.id,
        later.held_on,
    )
    assert rec.verification_comment == "More women come"
    assert _events(world, rec.id) == [
        ("Mary", "status", None, "raised", ""),
        ("Dina", "status", "raised", "under_review", "Asking staff"),
        ("Dina", "status", "under_review", "accepted", "Tuesdays"),
        ("Dina", "status", "accepted", "in_progress", "Posters up"),
        ("Dina", "status", "in_progress", "done", "Tuesdays are women only"),
        ("Mary", "status", "done", "verified", "More women come"),
    ]
    assert [a for a in _audit(world, rec.id) if a[1] == "recommendation.status"] == [
        ("dina", "recommendation.status", "raised -> under_review"),
        ("dina", "recommendation.status", "under_review -> accepted"),
        ("dina", "recommendation.status", "accepted -> in_progress"),
        ("dina", "recommendation.status", "in_progress -> done"),
        ("mary", "recommendation.status", "done -> verified"),
    ]


def test_a_response_to_a_raised_recommendation_records_the_review_step_as_well(world):
    rec = raise_one(world, meeting(world).id)
    rec = act(world, recs.respond, rec, decision="partly_accepted", rationale="One site first")
    assert rec.status == "partly_accepted"
    assert [(e[2], e[3]) for e in _events(world, rec.id)] == [
        (None, "raised"),
        ("raised", "under_review"),
        ("under_review", "partly_accepted"),
    ]


@pytest.mark.parametrize("decision", ["declined", "deferred"])
def test_declined_or_deferred_response_without_rationale_is_refused_and_nothing_saved(
    world, decision
):
    rec = raise_one(world, meeting(world).id)
    with pytest.raises(ValidationError) as info:
        act(
            world,
            recs.respond,
            rec,
            decision=decision,
            rationale="   ",
            deferred_until=TODAY + dt.timedelta(days=30),
        )
    assert info.value.field == "rationale"
    word = "declining" if decision == "declined" else "deferring"
    assert str(info.value) == (
        f"Write the reason for {word}: the group will hear it at the next meeting."
    )
    after = current(world, rec.id)
    assert (after.status, after.version, after.response) == ("raised", rec.version, None)
    assert len(_events(world, rec.id)) == 1


def test_a_deferral_needs_a_future_until_date(world):
    rec = raise_one(world, meeting(world).id)
    with pytest.raises(ValidationError) as info:
        act(world, recs.respond, rec, decision="deferred", rationale="No budget")
    assert (info.value.field, str(info.value)) == (
        "deferred_until",
        "Choose the date until which it is deferred.",
    )
    with pytest.raises(ValidationError) as info:
        act(
            world,
            recs.respond,
            rec,
            decision="deferred",
            rationale="No budget",
            deferred_until=TODAY,
        )
    assert str(info.value) == "The 'deferred until' date must be in the future."
    rec = act(
        world,
        recs.respond,
        rec,
        decision="deferred",
        rationale="No budget",
        deferred_until=TODAY + dt.timedelta(days=90),
    )
    assert (rec.status, rec.deferred_until, rec.response_rationale) == (
        "deferred",
        TODAY + dt.timedelta(days=90),
        "No budget",
    )


def test_an_unknown_response_is_refused(world):
    rec = raise_one(world, meeting(world).id)
    with pytest.raises(ValidationError) as info:
        act(world, recs.respond, rec, decision="maybe", rationale="")
    assert info.value.field == "decision"


def test_raised_cannot_jump_to_verified_and_the_message_names_the_next_step(world):
    m = meeting(world)
    rec = raise_one(world, m.id)
    with pytest.raises(InvalidTransition) as info:
        act(world, recs.verify, rec, meeting_id=m.id, group_comment="Yes", actor=world.mary)
    assert str(info.value) == (
        "A recommendation that is Raised cannot become Verified by the group. "
        "Its next step can be: Under review."
    )
    assert current(world, rec.id).status == "raised"


def test_work_cannot_start_before_the_directors_response(world):
    rec = raise_one(world, meeting(world).id)
    rec = act(world, recs.start_review, rec)
    with pytest.raises(InvalidTransition) as info:
        act(world, recs.start_work, rec)
    assert str(info.value) == (
        "Work cannot start before the director's response: accept or partly accept it first."
    )
    with pytest.raises(InvalidTransition):
        act(world, recs.mark_done, rec, what_changed="x", done_on=TODAY)
    assert current(world, rec.id).status == "under_review"


def test_a_declined_recommendation_is_closed(world):
    rec = raise_one(world, meeting(world).id)
    rec = act(world, recs.respond, rec, decision="declined", rationale="The landlord refuses")
    with pytest.raises(InvalidTransition) as info:
        act(world, recs.start_work, rec)
    assert str(info.value) == (
        "A recommendation that is Declined is closed and cannot become In progress. "
        "If the group still wants it, raise it again at a meeting."
    )
    with pytest.raises(InvalidTransition):
        act(world, recs.respond, rec, decision="accepted", rationale="")


def _in_progress(world: World, *, days_ago: int = 100) -> RecommendationView:
    rec = raise_one(world, meeting(world, days_ago=days_ago).id)
    rec = act(world, recs.respond, rec, decision="accepted", rationale="")
    return act(world, recs.start_work, rec)


def test_marking_done_needs_what_changed_and_a_date_that_is_not_in_the_future(world):
    rec = _in_progress(world)
    cases = [
        ({"what_changed": " ", "done_on": TODAY}, "what_changed"),
        ({"what_changed": "x", "done_on": None}, "done_on"),
        # Two days ahead, not one: TODAY is read at import, and a run that crosses midnight (UTC)
        # would find "tomorrow" is today.
        ({"what_changed": "x", "done_on": TODAY + dt.timedelta(days=2)}, "done_on"),
        ({"what_changed": "x", "done_on": TODAY - dt.timedelta(days=101)}, "done_on"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as info:
            act(world, recs.mark_done, rec, **kwargs)
        assert info.value.field == field
    assert current(world, rec.id).status == "in_progress"


def test_verification_needs_a_meeting_after_the_change_and_the_groups_words(world):
    rec = _in_progress(world)
    rec = act(world, recs.mark_done, rec, what_changed="Done", done_on=TODAY - dt.timedelta(days=5))
    early = meeting(world, days_ago=50)
    late = meeting(world, days_ago=1)
    member = {"actor": world.mary}
    with pytest.raises(ValidationError) as info:
        act(world, recs.verify, rec, meeting_id=early.id, group_comment="ok", **member)
    assert info.value.field == "verified_at_meeting_id"
    with pytest.raises(ValidationError) as info:
        act(world, recs.verify, rec, meeting_id=late.id, group_comment="", **member)
    assert info.value.field == "group_comment"
    with pytest.raises(ValidationError) as info:
        act(world, recs.verify, rec, meeting_id=None, group_comment="ok", **member)
    assert info.value.field == "verified_at_meeting_id"
    assert (
        act(world, recs.verify, rec, meeting_id=late.id, group_comment="ok", **member).status
        == "verified"
    )


@pytest.mark.parametrize("verify_first", [False, True])
def test_done_or_verified_can_be_reopened_and_then_worked_on_again(world, verify_first):
    rec = _in_progress(world)
    rec = act(world, recs.mark_done, rec, what_changed="Box of pads", done_on=TODAY)
    if verify_first:
        rec = act(
            world,
            recs.verify,
            rec,
            meeting_id=meeting(world, days_ago=-1).id,
            group_comment="Yes",
            actor=world.mary,
        )
    with pytest.raises(ValidationError) as info:
        act(world, recs.reopen, rec, reason="", actor=world.mary)
    assert info.value.field == "reason"
    rec = act(world, recs.reopen, rec, reason="The box is empty", actor=world.mary)
    assert (rec.status, rec.done_on, rec.verified_at_meeting_id) == ("reopened", None, None)
    rec = act(world, recs.start_work, rec, comment="New supplier")
    assert rec.status == "in_progress"
    assert _events(world, rec.id)[-2][2:] == (
        "verified" if verify_first else "done",
        "reopened",
        "The box is empty",
    )


def test_members_are_refused_the_director_only_steps_and_nothing_is_saved(world):
    rec = raise_one(world, meeting(world).id)
    member = {"actor": world.mary}
    attempts = [
        (recs.start_review, {}),
        (recs.respond, {"decision": "accepted", "rationale": ""}),
        (recs.start_work, {}),
        (recs.mark_done, {"what_changed": "x", "done_on": TODAY}),
        (recs.escalate, {"level": "organisation", "escalated_on": TODAY}),
    ]
    for action, kwargs in attempts:
        with pytest.raises(PermissionDenied, match="Your role does not allow this."):
            act(world, action, rec, **kwargs, **member)
    with pytest.raises(PermissionDenied):
        recs.add_comment(
            world.engine, recommendation_id=rec.id, text="x", progress_update=True, **member
        )
    after = current(world, rec.id)
    assert (after.status, after.version) == ("raised", rec.version)
    assert len(_events(world, rec.id)) == 1


def test_a_director_whose_role_changed_since_the_page_was_drawn_is_refused_and_nothing_saved(
    world,
):
    rec = raise_one(world, meeting(world).id)
    users.set_role(world.engine, username="dina", role="member", actor=world.ada)
    # world.dina still says "director": the service asks the account as it is now.
    with pytest.raises(PermissionDenied, match="its role changed or it was deactivated"):
        act(world, recs.respond, rec, decision="accepted", rationale="")
    users.set_active(world.engine, username="mary", active=False, actor=world.ada)
    with pytest.raises(PermissionDenied, match="its role changed or it was deactivated"):
        recs.add_comment(world.engine, recommendation_id=rec.id, text="x", actor=world.mary)
    after = current(world, rec.id)
    assert (after.status, after.version) == ("raised", rec.version)
    assert len(_events(world, rec.id)) == 1


def test_everyone_logged_in_can_comment_and_an_empty_comment_is_refused(world):
    rec = raise_one(world, meeting(world).id)
    event = recs.add_comment(
        world.engine, recommendation_id=rec.id, text="Women keep asking", actor=world.mary
    )
    assert (event.kind, event.by, event.comment) == ("comment", "Mary", "Women keep asking")
    update = recs.add_comment(
        world.engine,
        recommendation_id=rec.id,
        text="Posters printed",
        progress_update=True,
        actor=world.dina,
    )
    assert update.kind == "progress"
    with pytest.raises(ValidationError) as info:
        recs.add_comment(world.engine, recommendation_id=rec.id, text="  ", actor=world.mary)
    assert info.value.field == "comment"
    with pytest.raises(NotFound):
        recs.add_comment(world.engine, recommendation_id=9999, text="x", actor=world.mary)
    assert current(world, rec.id).version == rec.version  # comments do not bump the version
    assert [a[1] for a in _audit(world, rec.id)] == [
        "recommendation.create",
        "recommendation.comment",
        "recommendation.progress",
    ]


def _details(world: World, **changes: Any) -> dict[str, Any]:
    values = {
        "title": "A women-only day",
        "category_id": world.category_ids["Women-only space or time"],
        "description": "",
        "site_ids": [world.site_ids["Riverside"]],
        "priority": "medium",
        "owner_user_id": world.director_id,
        "owner_role": None,
        "due_on": None,
    }
    values.update(changes)
    return values


def test_editing_details_records_what_changed_and_members_may_edit_only_before_the_response(
    world,
):
    rec = raise_one(world, meeting(world).id)
    rec = act(
        world,
        recs.edit_details,
        rec,
        actor=world.mary,
        **_details(
            world,
            title="Women-only Tuesdays",
            owner_user_id=None,
            owner_role="Centre manager",
            site_ids=[world.site_ids["Riverside"], world.site_ids["Harbour"]],
        ),
    )
    assert (rec.title, rec.owner, rec.site_names) == (
        "Women-only Tuesdays",
        "Centre manager",
        ("Harbour", "Riverside"),
    )
    assert _events(world, rec.id)[-1] == (
        "Mary",
        "edit",
        None,
        None,
        "Changed title, sites, owner.",
    )
    unchanged = act(
        world,
        recs.edit_details,
        rec,
        actor=world.mary,
        **_details(
            world,
            title="Women-only Tuesdays",
            owner_user_id=None,
            owner_role="Centre manager",
            site_ids=[world.site_ids["Harbour"], world.site_ids["Riverside"]],
        ),
    )
    assert unchanged.version == rec.version
    rec = act(world, recs.respond, rec, decision="accepted", rationale="")
    with pytest.raises(PermissionDenied) as info:
        act(world, recs.edit_details, rec, actor=world.mary, **_details(world))
    assert str(info.value) == (
        "After the director's response only a director can change the details."
    )
    rec = act(world, recs.edit_details, rec, **_details(world, priority="high"))
    assert rec.priority == "high"


def test_bad_details_are_refused_at_the_field_and_nothing_is_saved(world):
    m = meeting(world, days_ago=10)
    before = _count(world, Recommendation)
    cases = [
        ({"title": "   "}, "title", "Enter a short title saying what the group asks for."),
        (
            {"due_on": m.held_on - dt.timedelta(days=1)},
            "due_on",
            f"The due date is before the meeting ({m.held_on:%d %b %Y}) where this was raised. "
            "Choose a later date.",
        ),
        ({"category_id": None}, "category_id", "Choose a category."),
        ({"priority": "urgent"}, "priority", "Choose a priority: high, medium, low."),
        ({"site_ids": [9999]}, "site_ids", "Choose sites from the list."),
        ({"owner_user_id": 9999}, "owner", "Choose the owner from the list of users."),
        (
            {"title": "x" * 201},
            "title",
            "Keep the title under 200 characters; put the rest in the description.",
        ),
    ]
    for kwargs, field, message in cases:
        values = {"title": "A title", **kwargs}
        with pytest.raises(ValidationError) as info:
            raise_one(world, m.id, **values)
        assert (info.value.field, str(info.value)) == (field, message)
    with pytest.raises(ValidationError) as info:
        raise_one(world, 9999)
    assert info.value.field == "meeting_id"
    assert _count(world, Recommendation) == before
    assert _count(world, RecommendationEvent) == 0
    # The due date may be the meeting day itself.
    assert raise_one(world, m.id, due_on=m.held_on).due_on == m.held_on


def test_escalation_records_the_level_the_date_and_a_timeline_entry(world):
    rec = _in_progress(world)
    with pytest.raises(ValidationError) as info:
        act(world, recs.escalate, rec, level="the moon", escalated_on=TODAY)
    assert info.value.field == "escalation_level"
    with pytest.raises(ValidationError) as info:
        act(
            world,
            recs.escalate,
            rec,
            level="organisation",
            escalated_on=TODAY + dt.timedelta(days=2),  # still ahead after a midnight
        )
    assert info.value.field == "escalated_on"
    rec = act(
        world,
        recs.escalate,
        rec,
        level="district or national",
        escalated_on=TODAY - dt.timedelta(days=2),
        comment="Peer posts are not funded.",
    )
    assert (rec.escalation_level, rec.escalated_on) == (
        "district or national",
        TODAY - dt.timedelta(days=2),
    )
    assert _events(world, rec.id)[-1][1:] == (
        "escalation",
        None,
        None,
        f"Escalated to district or national level on "
        f"{TODAY - dt.timedelta(days=2):%d %b %Y}. Peer posts are not funded.",
    )
    assert _audit(world, rec.id)[-1] == ("dina", "recommendation.escalate", "district or national")


class _Undo(Exception):
    """Raised inside a transaction to roll back an attempt that the service allowed."""


# Which lifecycle services may run from which status (issue 3), written out independently of
# lifecycle.NEXT_STEPS. A response to a raised or deferred recommendation records the
# step into review first, so respond is allowed from those too.
ALLOWED_FROM = {
    "start_review": {"raised", "deferred"},
    "respond": {"raised", "under_review", "deferred"},
    "start_work": {"accepted", "partly_accepted", "reopened"},
    "mark_done": {"in_progress"},
    "verify": {"done"},
    "reopen": {"done", "verified"},
}


def _to_status(world: World, meeting_id: int, later_id: int, status: str) -> RecommendationView:
    rec = raise_one(world, meeting_id, title=status)
    path = {
        "under_review": ["review"],
        "accepted": ["accepted"],
        "partly_accepted": ["partly_accepted"],
        "declined": ["declined"],
        "deferred": ["deferred"],
        "in_progress": ["accepted", "start"],
        "done": ["accepted", "start", "done"],
        "verified": ["accepted", "start", "done", "verify"],
        "reopened": ["accepted", "start", "done", "reopen"],
    }.get(status, [])
    for step in path:
        if step == "review":
            rec = act(world, recs.start_review, rec)
        elif step in ("accepted", "partly_accepted", "declined", "deferred"):
            rec = act(
                world,
                recs.respond,
                rec,
                decision=step,
                rationale="Because",
                deferred_until=TODAY + dt.timedelta(days=30),
            )
        elif step == "start":
            rec = act(world, recs.start_work, rec)
        elif step == "done":
            rec = act(
                world, recs.mark_done, rec, what_changed="x", done_on=TODAY - dt.timedelta(days=3)
            )
        elif step == "verify":
            rec = act(world, recs.verify, rec, meeting_id=later_id, group_comment="ok")
        elif step == "reopen":
            rec = act(world, recs.reopen, rec, reason="lapsed")
    assert rec.status == status
    return rec


def test_every_lifecycle_service_runs_only_from_the_statuses_that_allow_it(world):
    m = meeting(world, days_ago=60)
    later = meeting(world, days_ago=1)
    attempts = {
        "start_review": (recs.start_review, {}),
        "respond": (recs.respond, {"decision": "accepted", "rationale": ""}),
        "start_work": (recs.start_work, {}),
        "mark_done": (recs.mark_done, {"what_changed": "x", "done_on": TODAY}),
        "verify": (recs.verify, {"meeting_id": later.id, "group_comment": "ok"}),
        "reopen": (recs.reopen, {"reason": "lapsed"}),
    }
    seen = {}
    for status in STATUSES:
        rec = _to_status(world, m.id, later.id, status)
        for name, (action, kwargs) in attempts.items():
            try:
                with session_scope(world.engine) as s:
                    action(
                        s,
                        recommendation_id=rec.id,
                        expected_version=rec.version,
                        actor=world.dina,
                        **kwargs,
                    )
                    raise _Undo
            except _Undo:
                seen[(status, name)] = True
            except InvalidTransition:
                seen[(status, name)] = False
        assert current(world, rec.id).status == status  # every attempt left it unchanged
    assert seen == {
        (status, name): status in ALLOWED_FROM[name] for status in STATUSES for name in attempts
    }

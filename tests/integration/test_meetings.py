"""Meetings services on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from advisory import clock
from advisory.db import session_scope
from advisory.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from advisory.models import AuditEvent, Meeting, MeetingRevision
from advisory.services import (
    categories,
    meeting_views,
    meetings,
    organisation,
    recommendation_views,
)
from advisory.services import recommendations as recs
from advisory.services.recommendation_views import RecommendationView
from components.query_ids import MAX_ID
from tests.factories import TEST_ADMIN
from tests.integration.meetings_setup import (
    TODAY,
    World,
    act,
    current,
    meeting,
    raise_one,
)
from tests.server_clock import local_date_off_utc


def _meeting_count(world: World) -> int:
    with session_scope(world.engine) as s:
        return s.scalar(select(func.count(Meeting.id)))


def _edit_values(m: meeting_views.MeetingView, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "held_on": m.held_on,
        "format": m.format,
        "place": m.place,
        "member_ids": list(m.member_ids),
        "guests": m.guests,
        "women_consulted": m.women_consulted,
        "consultation_methods": list(m.consultation_methods),
        "agenda": m.agenda,
        "minutes": m.minutes,
        "decisions": m.decisions,
        "next_meeting_on": m.next_meeting_on,
    }
    values.update(changes)
    return values


def test_logging_a_meeting_keeps_every_field_and_writes_an_audit_row(world):
    held = dt.date(2025, 5, 14)
    m = meeting(
        world,
        days_ago=(TODAY - held).days,
        format="mixed",
        place="  Back room ",
        member_ids=[world.member_ids["Zahra"], world.member_ids["Aye"]],
        guests=2,
        women_consulted=17,
        consultation_methods=["survey", "focus group"],
        agenda="1. Feedback",
        minutes="**Good** meeting",
        decisions="Ask for a women-only day",
        next_meeting_on=dt.date(2025, 8, 13),
    )
    assert (m.held_on, m.quarter, m.label) == (
        held,
        "2025 Q2",
        "2025 Q2 meeting, 14 May 2025 · Back room",
    )
    assert (m.format, m.place, m.guests, m.women_consulted) == ("mixed", "Back room", 2, 17)
    assert m.member_names == ("Aye", "Zahra")
    assert m.consultation_methods == ("focus group", "survey")
    assert (m.minutes, m.next_meeting_on, m.version, m.updated_by) == (
        "**Good** meeting",
        dt.date(2025, 8, 13),
        1,
        "mary",
    )
    with session_scope(world.engine) as s:
        audit = s.scalars(select(AuditEvent).where(AuditEvent.entity == "meeting")).all()
        assert [(a.actor, a.action, a.entity_id, a.detail) for a in audit] == [
            ("mary", "meeting.create", m.id, "2025 Q2")
        ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            # Nine days ahead: still more than a week if the run crosses midnight (UTC).
            {"held_on": TODAY + dt.timedelta(days=9)},
            "held_on",
            f"The meeting date {TODAY + dt.timedelta(days=9):%d %b %Y} is more than a week in "
            "the future. Log a meeting on the day it happens (or up to a week before).",
        ),
        ({"held_on": None}, "held_on", "Enter the date of the meeting."),
        (
            {"guests": -1},
            "guests",
            "The number of guests cannot be negative. Enter 0 if there were none.",
        ),
        (
            {"women_consulted": -3},
            "women_consulted",
            "The number of women consulted cannot be negative. Enter 0 if there were none.",
        ),
        (
            {"women_consulted": 2.5},
            "women_consulted",
            "Enter the number of women consulted as a whole number.",
        ),
        ({"format": "by letter"}, "format", "Choose a format: in person, remote, mixed."),
        (
            {"consultation_methods": ["telepathy"]},
            "consultation_methods",
            "Choose how women were consulted from: focus group, outreach conversations, "
            "survey, other.",
        ),
        (
            {"next_meeting_on": TODAY - dt.timedelta(days=30)},
            "next_meeting_on",
            "The next meeting date must be after this meeting's date.",
        ),
        (
            {"member_ids": [9999]},
            "member_ids",
            "Pick members present from the group's member list.",
        ),
    ],
)
def test_bad_meeting_input_is_refused_at_the_field_and_nothing_is_saved(
    world, changes, field, message
):
    values: dict[str, Any] = {"held_on": TODAY - dt.timedelta(days=10)}
    values.update(changes)
    with pytest.raises(ValidationError) as info:
        meetings.create_meeting(world.engine, actor=world.mary, **values)
    assert (info.value.field, str(info.value)) == (field, message)
    assert _meeting_count(world) == 0


def test_a_meeting_up_to_a_week_ahead_is_accepted(world):
    assert meeting(world, days_ago=-7).held_on == TODAY + dt.timedelta(days=7)


def test_editing_a_meeting_keeps_the_previous_version_as_history(world):
    m = meeting(world, days_ago=20, guests=1, minutes="Draft")
    edited = meetings.edit_meeting(
        world.engine,
        meeting_id=m.id,
        expected_version=m.version,
        actor=world.dina,
        **_edit_values(m, minutes="Final minutes", guests=3),
    )
    assert (edited.minutes, edited.guests, edited.version, edited.updated_by) == (
        "Final minutes",
        3,
        2,
        "dina",
    )
    with session_scope(world.engine) as s:
        same = meetings.edit_meeting(
            s,
            meeting_id=m.id,
            expected_version=edited.version,
            actor=world.dina,
            **_edit_values(edited),
        )
        assert same.version == 2  # nothing changed: no new version, no history row
        changes = meeting_views.history(s, m.id)
        revisions = s.scalars(select(MeetingRevision)).all()
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.entity == "meeting").order_by(AuditEvent.id)
        ).all()
    assert [(c.version, c.changed_by, c.fields) for c in changes] == [
        (1, "Dina", ("guests", "minutes"))
    ]
    assert len(revisions) == 1 and '"minutes": "Draft"' in revisions[0].snapshot
    assert actions == ["meeting.create", "meeting.edit"]


def test_a_second_save_of_a_meeting_from_an_older_version_is_refused(world):
    m = meeting(world, days_ago=20)
    meetings.edit_meeting(
        world.engine,
        meeting_id=m.id,
        expected_version=m.version,
        actor=world.dina,
        **_edit_values(m, decisions="First edit"),
    )
    first = meeting_views.get(world.engine, m.id)
    with pytest.raises(StaleEdit) as info:
        meetings.edit_meeting(
            world.engine,
            meeting_id=m.id,
            expected_version=m.version,
            actor=world.mary,
            **_edit_values(m, decisions="Second edit"),
        )
    assert str(info.value) == (
        f"This was changed by Dina at {first.updated_at:%Y-%m-%d %H:%M} UTC; "
        "reload to see their change"
    )
    kept = meeting_views.get(world.engine, m.id)
    assert (kept.decisions, kept.version) == ("First edit", 2)


def test_a_meeting_cannot_move_after_the_due_date_of_a_recommendation_raised_there(world):
    m = meeting(world, days_ago=30)
    raise_one(world, m.id, due_on=TODAY - dt.timedelta(days=20))
    with pytest.raises(ValidationError) as info:
        meetings.edit_meeting(
            world.engine,
            meeting_id=m.id,
            expected_version=m.version,
            actor=world.dina,
            **_edit_values(m, held_on=TODAY - dt.timedelta(days=10)),
        )
    assert info.value.field == "held_on"


def test_meetings_are_listed_newest_first_and_grouped_by_quarter(world):
    for day in (dt.date(2025, 1, 15), dt.date(2025, 5, 1), dt.date(2025, 6, 20)):
        meeting(world, days_ago=(TODAY - day).days)
    listed = meeting_views.list_meetings(world.engine)
    assert [m.held_on for m in listed] == [
        dt.date(2025, 6, 20),
        dt.date(2025, 5, 1),
        dt.date(2025, 1, 15),
    ]
    grouped = meeting_views.by_quarter(listed)
    assert {q: [m.held_on.day for m in ms] for q, ms in grouped.items()} == {
        "2025 Q2": [20, 1],
        "2025 Q1": [15],
    }


def test_the_meeting_counts_the_recommendations_raised_there(world):
    m = meeting(world)
    raise_one(world, m.id, title="one")
    raise_one(world, m.id, title="two")
    assert meeting_views.get(world.engine, m.id).recommendation_count == 2
    with pytest.raises(NotFound):
        meeting_views.get(world.engine, 999)


def test_members_to_pick_are_those_in_the_group_on_the_day_plus_those_already_picked(world):
    with session_scope(world.engine) as s:
        organisation.member_left(
            s,
            member_id=world.member_ids["Nang"],
            left_on=TODAY - dt.timedelta(days=100),
            actor=TEST_ADMIN,
        )
    today = [n for _, n in meeting_views.members_to_pick(world.engine)]
    before = [
        n for _, n in meeting_views.members_to_pick(world.engine, on=TODAY - dt.timedelta(days=200))
    ]
    kept = [
        n
        for _, n in meeting_views.members_to_pick(world.engine, include=(world.member_ids["Nang"],))
    ]
    assert today == ["Aye", "Zahra"]
    assert before == ["Aye", "Nang", "Zahra"]
    assert kept == ["Aye", "Nang", "Zahra"]


def test_categories_are_seeded_by_the_migration_and_only_admins_change_them(world):
    db = world.engine
    names = [c.name for c in categories.list_categories(db)]
    assert names == list(categories.SEED)
    assert names[6] == (
        "Sexual and reproductive health (contraception, maternal and newborn health, "
        "safe abortion and post-abortion care)"
    )
    with pytest.raises(PermissionDenied):
        categories.add_category(db, name="Transport", actor=world.dina)
    added = categories.add_category(db, name="  Transport  money ", actor=world.ada)
    assert added.name == "Transport money"
    with pytest.raises(ValidationError) as info:
        categories.add_category(db, name="opening HOURS", actor=world.ada)
    assert str(info.value) == "A category named 'opening HOURS' already exists."
    categories.rename_category(db, category_id=added.id, name="Transport", actor=world.ada)
    categories.set_active(db, category_id=added.id, active=False, actor=world.ada)
    active = [c.name for c in categories.list_categories(db, active_only=True)]
    assert "Transport" not in active and len(active) == len(categories.SEED)
    assert categories.get(db, added.id).name == "Transport"


def test_saving_a_category_with_a_taken_name_saves_neither_the_name_nor_the_retirement(world):
    db = world.engine
    added = categories.add_category(db, name="Transport money", actor=world.ada)
    with pytest.raises(ValidationError):
        categories.change_category(
            db, category_id=added.id, new_name="Opening hours", active=False, actor=world.ada
        )
    assert categories.get(db, added.id) == added
    saved = categories.change_category(
        db, category_id=added.id, new_name="  ", active=False, actor=world.ada
    )
    assert (saved.name, saved.active) == ("Transport money", False)


def test_a_meeting_a_week_ahead_in_utc_is_accepted_whatever_the_servers_time_zone(world):
    today = clock.today()
    with local_date_off_utc():
        ahead = meetings.create_meeting(
            world.engine, held_on=today + dt.timedelta(days=7), actor=world.mary
        )
    assert ahead.held_on == today + dt.timedelta(days=7)
    with local_date_off_utc(), pytest.raises(ValidationError) as info:
        meetings.create_meeting(
            world.engine, held_on=today + dt.timedelta(days=8), actor=world.mary
        )
    assert info.value.field == "held_on"
    assert _meeting_count(world) == 1


def test_the_largest_id_a_link_can_carry_is_simply_not_found(world):
    with pytest.raises(NotFound):
        meeting_views.get(world.engine, MAX_ID)
    with pytest.raises(NotFound):
        recommendation_views.get(world.engine, MAX_ID)


def _move(
    world: World, m: meeting_views.MeetingView, held_on: dt.date
) -> meeting_views.MeetingView:
    return meetings.edit_meeting(
        world.engine,
        meeting_id=m.id,
        expected_version=m.version,
        actor=world.dina,
        **_edit_values(m, held_on=held_on),
    )


def _days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def _done(world: World, meeting_id: int, *, done_days_ago: int) -> RecommendationView:
    rec = raise_one(world, meeting_id)
    rec = act(world, recs.respond, rec, decision="accepted", rationale="")
    rec = act(world, recs.start_work, rec)
    return act(world, recs.mark_done, rec, what_changed="Done", done_on=_days_ago(done_days_ago))


def _edits_and_audits(world: World, rec_id: int) -> tuple[list[tuple[str, str]], list[str]]:
    with session_scope(world.engine) as s:
        edits = [
            (e.by, e.comment) for e in recommendation_views.timeline(s, rec_id) if e.kind == "edit"
        ]
        audits = s.scalars(
            select(AuditEvent.detail).where(
                AuditEvent.action == "recommendation.edit", AuditEvent.entity_id == rec_id
            )
        ).all()
    return edits, audits


def test_correcting_a_meetings_date_moves_the_raised_on_date_of_its_recommendations(world):
    m = meeting(world, days_ago=30)
    rec = raise_one(world, m.id)
    elsewhere = raise_one(world, meeting(world, days_ago=60).id, title="Women staff")
    _move(world, m, _days_ago(28))
    moved = current(world, rec.id)
    assert (moved.raised_on, moved.version, moved.updated_by) == (
        _days_ago(28),
        rec.version + 1,
        "dina",
    )
    assert current(world, elsewhere.id) == elsewhere
    assert _edits_and_audits(world, rec.id) == (
        [
            (
                "Dina",
                f"The meeting's date was corrected from {_days_ago(30):%d %b %Y} to "
                f"{_days_ago(28):%d %b %Y}; the 'raised on' date follows it.",
            )
        ],
        [f"raised on date follows meeting {m.id}"],
    )


def test_correcting_a_meetings_date_moves_the_verified_on_date_of_what_was_checked_there(world):
    rec = _done(world, meeting(world, days_ago=100).id, done_days_ago=50)
    check = meeting(world, days_ago=40)
    rec = act(world, recs.verify, rec, meeting_id=check.id, group_comment="ok", actor=world.mary)
    assert rec.verified_on == _days_ago(40)
    _move(world, check, _days_ago(45))
    after = current(world, rec.id)
    assert (after.verified_on, after.raised_on, after.version) == (
        _days_ago(45),
        _days_ago(100),
        rec.version + 1,
    )
    edits, audits = _edits_and_audits(world, rec.id)
    assert edits[-1][1].endswith("; the 'verified on' date follows it.")
    assert audits == [f"verified on date follows meeting {check.id}"]


def test_a_meeting_cannot_move_after_the_done_or_escalation_date_of_what_was_raised_there(world):
    m = meeting(world, days_ago=100)
    done = _done(world, m.id, done_days_ago=50)
    escalated = act(
        world,
        recs.escalate,
        raise_one(world, m.id, title="Safe-house referrals"),
        level="organisation",
        escalated_on=_days_ago(70),
    )
    for days_ago, message in (
        (
            60,
            f"was escalated on {_days_ago(70):%d %b %Y}, before the new date. Change that "
            "escalation date first",
        ),
        (
            40,
            f"was done on {_days_ago(50):%d %b %Y}, before the new date. Change that done "
            "date first",
        ),
    ):
        with pytest.raises(ValidationError) as info:
            _move(world, m, _days_ago(days_ago))
        assert info.value.field == "held_on"
        assert str(info.value) == (
            f"A recommendation raised at this meeting {message}, or check the meeting date."
        )
    assert _meeting_version_and_date(world, m.id) == (m.version, m.held_on)
    assert current(world, done.id) == done
    assert current(world, escalated.id) == escalated


def test_a_meeting_cannot_move_before_the_done_date_of_what_was_verified_there(world):
    rec = _done(world, meeting(world, days_ago=100).id, done_days_ago=50)
    check = meeting(world, days_ago=40)
    rec = act(world, recs.verify, rec, meeting_id=check.id, group_comment="ok", actor=world.mary)
    with pytest.raises(ValidationError) as info:
        _move(world, check, _days_ago(55))
    assert (info.value.field, str(info.value)) == (
        "held_on",
        f"A recommendation verified at this meeting was done on {_days_ago(50):%d %b %Y}, "
        "after the new date: the group cannot have checked it before it was done. Check the "
        "meeting date.",
    )
    assert _meeting_version_and_date(world, check.id) == (check.version, check.held_on)
    assert current(world, rec.id) == rec


def _meeting_version_and_date(world: World, meeting_id: int) -> tuple[int, dt.date]:
    with session_scope(world.engine) as s:
        row = s.get(Meeting, meeting_id)
        return row.version, row.held_on


def test_two_meetings_on_one_day_are_told_apart_by_place_or_format_in_every_picker(world):
    held = TODAY - dt.timedelta(days=9)
    morning = meeting(world, days_ago=9, place="Riverside back room")
    evening = meeting(world, days_ago=9, format="remote")
    again = meeting(world, days_ago=9, format="remote")
    quarter = morning.quarter
    day = f"{held:%d %b %Y}"
    assert morning.label == f"{quarter} meeting, {day} · Riverside back room"
    assert evening.label == f"{quarter} meeting, {day} · remote"
    labels = meeting_views.pick_labels(meeting_views.list_meetings(world.engine))
    assert labels == {
        again.id: f"{quarter} meeting, {day} · remote (meeting {again.id})",
        evening.id: f"{quarter} meeting, {day} · remote (meeting {evening.id})",
        morning.id: f"{quarter} meeting, {day} · Riverside back room",
    }
    # The recommendations filter offers the same labels.
    assert recommendation_views.filter_choices(world.engine).meetings == labels

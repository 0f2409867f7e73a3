"""Meetings services on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from advisory.db import session_scope
from advisory.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from advisory.models import AuditEvent, Meeting, MeetingRevision
from advisory.services import categories, meetings, organisation
from tests.integration.meetings_setup import TODAY, build_world, meeting, raise_one


@pytest.fixture
def world(engine):  # type: ignore[no-untyped-def]
    return build_world(engine)


def _meeting_count(world) -> int:  # type: ignore[no-untyped-def]
    with session_scope(world.engine) as s:
        return s.scalar(select(func.count(Meeting.id)))


def _edit_values(m: meetings.MeetingView, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
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
    assert (m.held_on, m.quarter, m.label) == (held, "2025 Q2", "2025 Q2 meeting, 14 May 2025")
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
            {"held_on": TODAY + dt.timedelta(days=8)},
            "held_on",
            f"The meeting date {TODAY + dt.timedelta(days=8):%d %b %Y} is more than a week in "
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
    values: dict[str, object] = {"held_on": TODAY - dt.timedelta(days=10)}
    values.update(changes)
    with session_scope(world.engine) as s, pytest.raises(ValidationError) as info:
        meetings.create_meeting(s, by="mary", role="member", **values)  # type: ignore[arg-type]
    assert (info.value.field, str(info.value)) == (field, message)
    assert _meeting_count(world) == 0


def test_a_meeting_up_to_a_week_ahead_is_accepted(world):
    assert meeting(world, days_ago=-7).held_on == TODAY + dt.timedelta(days=7)


def test_editing_a_meeting_keeps_the_previous_version_as_history(world):
    m = meeting(world, days_ago=20, guests=1, minutes="Draft")
    with session_scope(world.engine) as s:
        edited = meetings.edit_meeting(
            s,
            meeting_id=m.id,
            expected_version=m.version,
            by="dina",
            role="director",
            **_edit_values(m, minutes="Final minutes", guests=3),  # type: ignore[arg-type]
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
            by="dina",
            role="director",
            **_edit_values(edited),  # type: ignore[arg-type]
        )
        assert same.version == 2  # nothing changed: no new version, no history row
        changes = meetings.history(s, m.id)
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
    with session_scope(world.engine) as s:
        meetings.edit_meeting(
            s,
            meeting_id=m.id,
            expected_version=m.version,
            by="dina",
            role="director",
            **_edit_values(m, decisions="First edit"),  # type: ignore[arg-type]
        )
        first = meetings.get(s, m.id)
    with pytest.raises(StaleEdit) as info, session_scope(world.engine) as s:
        meetings.edit_meeting(
            s,
            meeting_id=m.id,
            expected_version=m.version,
            by="mary",
            role="member",
            **_edit_values(m, decisions="Second edit"),  # type: ignore[arg-type]
        )
    assert str(info.value) == (
        f"This was changed by Dina at {first.updated_at:%Y-%m-%d %H:%M} UTC; "
        "reload to see their change"
    )
    with session_scope(world.engine) as s:
        kept = meetings.get(s, m.id)
    assert (kept.decisions, kept.version) == ("First edit", 2)


def test_a_meeting_cannot_move_after_the_due_date_of_a_recommendation_raised_there(world):
    m = meeting(world, days_ago=30)
    raise_one(world, m.id, due_on=TODAY - dt.timedelta(days=20))
    with pytest.raises(ValidationError) as info, session_scope(world.engine) as s:
        meetings.edit_meeting(
            s,
            meeting_id=m.id,
            expected_version=m.version,
            by="dina",
            role="director",
            **_edit_values(m, held_on=TODAY - dt.timedelta(days=10)),  # type: ignore[arg-type]
        )
    assert info.value.field == "held_on"


def test_meetings_are_listed_newest_first_and_grouped_by_quarter(world):
    for day in (dt.date(2025, 1, 15), dt.date(2025, 5, 1), dt.date(2025, 6, 20)):
        meeting(world, days_ago=(TODAY - day).days)
    with session_scope(world.engine) as s:
        listed = meetings.list_meetings(s)
    assert [m.held_on for m in listed] == [
        dt.date(2025, 6, 20),
        dt.date(2025, 5, 1),
        dt.date(2025, 1, 15),
    ]
    grouped = meetings.by_quarter(listed)
    assert {q: [m.held_on.day for m in ms] for q, ms in grouped.items()} == {
        "2025 Q2": [20, 1],
        "2025 Q1": [15],
    }


def test_the_meeting_counts_the_recommendations_raised_there(world):
    m = meeting(world)
    raise_one(world, m.id, title="one")
    raise_one(world, m.id, title="two")
    with session_scope(world.engine) as s:
        assert meetings.get(s, m.id).recommendation_count == 2
        with pytest.raises(NotFound):
            meetings.get(s, 999)


def test_members_to_pick_are_those_in_the_group_on_the_day_plus_those_already_picked(world):
    with session_scope(world.engine) as s:
        organisation.member_left(
            s, member_id=world.member_ids["Nang"], left_on=TODAY - dt.timedelta(days=100), by="t"
        )
        today = [n for _, n in meetings.members_to_pick(s)]
        before = [n for _, n in meetings.members_to_pick(s, on=TODAY - dt.timedelta(days=200))]
        kept = [n for _, n in meetings.members_to_pick(s, include=(world.member_ids["Nang"],))]
    assert today == ["Aye", "Zahra"]
    assert before == ["Aye", "Nang", "Zahra"]
    assert kept == ["Aye", "Nang", "Zahra"]


def test_categories_are_seeded_on_first_use_and_only_admins_change_them(world):
    with session_scope(world.engine) as s:
        names = [c.name for c in categories.list_categories(s)]
        assert names == list(categories.SEED)
        assert names[6] == (
            "Sexual and reproductive health (contraception, maternal and newborn health, "
            "safe abortion and post-abortion care)"
        )
        assert categories.ensure_seeded(s) == 0
        with pytest.raises(PermissionDenied):
            categories.add_category(s, name="Transport", by="dina", role="director")
        added = categories.add_category(s, name="  Transport  money ", by="ada", role="admin")
        assert added.name == "Transport money"
        with pytest.raises(ValidationError) as info:
            categories.add_category(s, name="opening HOURS", by="ada", role="admin")
        assert str(info.value) == "A category named 'opening HOURS' already exists."
        categories.rename_category(
            s, category_id=added.id, name="Transport", by="ada", role="admin"
        )
        categories.set_active(s, category_id=added.id, active=False, by="ada", role="admin")
        active = [c.name for c in categories.list_categories(s, active_only=True)]
        assert "Transport" not in active and len(active) == len(categories.SEED)
        assert categories.get(s, added.id).name == "Transport"

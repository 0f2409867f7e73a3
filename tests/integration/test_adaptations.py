"""Adaptations on SQLite and PostgreSQL: validation, optimistic concurrency, links both ways."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from advisory.db import session_scope
from advisory.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from advisory.models import AdvisoryGroup, AuditEvent, Category, Meeting, Recommendation, Site
from advisory.services import adaptations, users
from tests.factories import make_user

TUESDAY = 1


@pytest.fixture
def db(engine):  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        site = Site(name="Riverside")
        group = s.scalars(select(AdvisoryGroup)).one()  # seeded by the migrations
        category = Category(name="Safety and privacy")
        s.add_all([site, category, Site(name="Harbour")])
        s.flush()
        meeting = Meeting(group_id=group.id, held_on=dt.date(2023, 1, 10))
        s.add(meeting)
        s.flush()
        for title in ("A women-only day at the drop-in centre", "Women staff on the door"):
            s.add(
                Recommendation(
                    meeting_id=meeting.id,
                    title=title,
                    category_id=category.id,
                    raised_on=dt.date(2023, 1, 10),
                )
            )
    make_user(engine, "dina", "director")
    make_user(engine, "nang", "member")
    return engine


def who(db, username: str):  # type: ignore[no-untyped-def]
    """The account's view: the actor the pages pass."""
    return users.get_view(db, username)


def ids(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        out = {x.name: x.id for x in s.scalars(select(Site))}
        out |= {r.title: r.id for r in s.scalars(select(Recommendation))}
        return out


def create(engine, **changes):  # type: ignore[no-untyped-def]
    i = ids(engine)
    fields = {
        "name": "Women-only Tuesday",
        "type": "women-only day or hours",
        "site_id": i["Riverside"],
        "start_on": dt.date(2023, 3, 7),
        "weekdays": [TUESDAY],
        "hours": "09:00-17:00",
        "notes": "Men are welcome every other day.",
        "recommendation_ids": [i["A women-only day at the drop-in centre"]],
        "actor": who(engine, "dina"),
    } | changes
    with session_scope(engine) as s:
        return adaptations.create_adaptation(s, **fields)


def test_a_director_registers_an_adaptation_that_shows_on_the_recommendation_too(db):
    created = create(db)
    assert (created.name, created.site_name, created.weekdays, created.version) == (
        "Women-only Tuesday",
        "Riverside",
        (1,),
        1,
    )
    assert created.schedule == "Tuesday, 09:00-17:00"
    assert [r.title for r in created.recommendations] == ["A women-only day at the drop-in centre"]
    i = ids(db)
    with session_scope(db) as s:
        linked = adaptations.adaptations_for_recommendation(
            s, i["A women-only day at the drop-in centre"]
        )
        assert [a.id for a in linked] == [created.id]
        assert adaptations.adaptations_for_recommendation(s, i["Women staff on the door"]) == []
        actions = list(
            s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "adaptation"))
        )
    assert actions == ["adaptation.create"]


def test_the_weekday_schedule_is_stored_monday_first(db):
    created = create(db, weekdays=[3, 1, 1])
    with session_scope(db) as s:
        from advisory.models import Adaptation

        assert s.get(Adaptation, created.id).weekdays == "1,3"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter a name for the adaptation."),
        ({"name": "x" * 161}, "name", "A name is at most 160 characters."),
        (
            {"type": "party"},
            "type",
            "Choose a type of adaptation: women-only day or hours, "
            "discreet/unmarked outreach vehicle, women staff, childcare, changed opening hours, "
            "new sexual and reproductive health service, gender-based-violence support, peer "
            "outreach, other.",
        ),
        ({"site_id": 999}, "site", "Choose the site where the change was made."),
        ({"start_on": None}, "start_on", "Enter the date the adaptation started."),
        ({"end_on": dt.date(2023, 3, 6)}, "end_on", "The end date is before the start date."),
        ({"weekdays": [7]}, "weekdays", "Weekdays are 0 (Monday) to 6 (Sunday)."),
        (
            {"weekdays": []},
            "weekdays",
            "Choose the weekday(s) the women-only time runs (tick every day if it is daily).",
        ),
        ({"hours": "x" * 61}, "hours", "Hours are at most 60 characters, e.g. 09:00-13:00."),
        (
            {"recommendation_ids": [999]},
            "recommendations",
            "No recommendation #999. It may have been removed; reload the page.",
        ),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_is_saved(db, changes, field, message):
    with pytest.raises(ValidationError) as info:
        create(db, **changes)
    assert (info.value.field, str(info.value)) == (field, message)
    with session_scope(db) as s:
        assert adaptations.list_adaptations(s) == []


def test_other_types_need_no_weekday_and_may_lapse(db):
    lapsed = create(
        db,
        name="Childcare corner",
        type="childcare",
        weekdays=[],
        hours="",
        end_on=dt.date(2023, 9, 30),
        recommendation_ids=[],
    )
    assert lapsed.is_active(dt.date(2023, 5, 1)) and not lapsed.is_active(dt.date(2023, 10, 1))
    with session_scope(db) as s:
        assert adaptations.list_adaptations(s, active_on=dt.date(2023, 10, 1)) == []


def test_members_read_but_may_not_create_or_edit(db):
    with pytest.raises(PermissionDenied):
        create(db, actor=who(db, "nang"))
    created = create(db)
    with session_scope(db) as s:
        assert [a.name for a in adaptations.list_adaptations(s)] == ["Women-only Tuesday"]
        with pytest.raises(PermissionDenied):
            adaptations.link_recommendation(
                s, adaptation_id=created.id, recommendation_id=1, actor=who(s, "nang")
            )


def test_an_edit_made_on_an_old_version_is_refused_naming_who_saved(db):
    make_user(db, "amina", "admin")
    created = create(db)
    base = {
        "adaptation_id": created.id,
        "expected_version": created.version,
        "type": created.type,
        "site_id": created.site_id,
        "start_on": created.start_on,
        "weekdays": [1],
    }
    with session_scope(db) as s:
        first = adaptations.update_adaptation(
            s, **base, name="Women-only Tuesday and Thursday", actor=who(s, "amina")
        )
    assert first.version == 2
    with session_scope(db) as s, pytest.raises(StaleEdit) as info:
        adaptations.update_adaptation(s, **base, name="Mine", actor=who(s, "dina"))
    assert str(info.value).startswith("This was changed by Amina at ")
    assert str(info.value).endswith("; reload to see their change")
    with session_scope(db) as s:
        assert adaptations.get_adaptation(s, created.id).name == "Women-only Tuesday and Thursday"


def test_editing_can_replace_the_linked_recommendations(db):
    created = create(db)
    i = ids(db)
    with session_scope(db) as s:
        edited = adaptations.update_adaptation(
            s,
            adaptation_id=created.id,
            expected_version=1,
            name=created.name,
            type=created.type,
            site_id=created.site_id,
            start_on=created.start_on,
            end_on=dt.date(2024, 1, 31),
            weekdays=[1, 3],
            hours="10:00-14:00",
            notes=created.notes,
            recommendation_ids=[i["Women staff on the door"]],
            actor=who(s, "dina"),
        )
        detail = s.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "adaptation.update")
        ).one()
    assert [r.title for r in edited.recommendations] == ["Women staff on the door"]
    assert edited.schedule == "Tuesday, Thursday, 10:00-14:00"
    assert detail == "changed: end, weekdays, hours, recommendations"


def test_link_and_unlink_show_on_both_sides(db):
    created = create(db, recommendation_ids=[])
    rec = ids(db)["Women staff on the door"]
    with session_scope(db) as s:
        adaptations.link_recommendation(
            s, adaptation_id=created.id, recommendation_id=rec, actor=who(s, "dina")
        )
        adaptations.link_recommendation(  # twice: no change
            s, adaptation_id=created.id, recommendation_id=rec, actor=who(s, "dina")
        )
        assert [a.name for a in adaptations.adaptations_for_recommendation(s, rec)] == [
            "Women-only Tuesday"
        ]
        assert adaptations.get_adaptation(s, created.id).recommendation_ids == (rec,)
        adaptations.unlink_recommendation(
            s, adaptation_id=created.id, recommendation_id=rec, actor=who(s, "dina")
        )
        assert adaptations.adaptations_for_recommendation(s, rec) == []
        with pytest.raises(NotFound, match="not linked"):
            adaptations.unlink_recommendation(
                s, adaptation_id=created.id, recommendation_id=rec, actor=who(s, "dina")
            )


def test_deleting_needs_the_current_version_and_removes_the_links(db):
    created = create(db)
    rec = ids(db)["A women-only day at the drop-in centre"]
    with session_scope(db) as s, pytest.raises(StaleEdit):
        adaptations.delete_adaptation(
            s, adaptation_id=created.id, expected_version=7, actor=who(s, "dina")
        )
    with session_scope(db) as s:
        adaptations.delete_adaptation(
            s, adaptation_id=created.id, expected_version=1, actor=who(s, "dina")
        )
    with session_scope(db) as s:
        assert adaptations.list_adaptations(s) == []
        assert adaptations.adaptations_for_recommendation(s, rec) == []
        with pytest.raises(NotFound):
            adaptations.get_adaptation(s, created.id)

"""What needs a director's attention, on both databases (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from advisory.errors import PermissionDenied
from advisory.services import recommendations as recs
from advisory.services import reminders
from tests.integration.meetings_setup import TODAY, World, act, build_world, meeting, raise_one


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def _in(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


def _seed(world: World) -> None:
    """One recommendation for each case the four lists must tell apart."""
    old = meeting(world, days_ago=200)
    recent = meeting(world, days_ago=20)
    later = meeting(world, days_ago=2)
    raise_one(world, old.id, title="raised, overdue", due_on=_in(-5))
    raise_one(world, recent.id, title="raised, due in 3 days", due_on=_in(3))
    raise_one(world, recent.id, title="raised, no due date")
    for title, due in (
        ("accepted, due today", _in(0)),
        ("accepted, due in 14 days", _in(14)),
        ("accepted, due in 15 days", _in(15)),
    ):
        act(
            world,
            recs.respond,
            raise_one(world, recent.id, title=title, due_on=due),
            decision="accepted",
            rationale="",
        )
    late = raise_one(world, old.id, title="in progress, overdue", due_on=_in(-10))
    late = act(world, recs.respond, late, decision="accepted", rationale="")
    act(world, recs.start_work, late)
    for title in ("done", "verified"):
        r = raise_one(world, old.id, title=title, due_on=_in(-30))
        r = act(world, recs.respond, r, decision="accepted", rationale="")
        r = act(world, recs.start_work, r)
        r = act(world, recs.mark_done, r, what_changed="A women-only day", done_on=_in(-3))
        if title == "verified":
            act(world, recs.verify, r, meeting_id=later.id, group_comment="Women come")
    act(
        world,
        recs.respond,
        raise_one(world, recent.id, title="declined", due_on=_in(3)),
        decision="declined",
        rationale="No budget",
    )
    act(
        world,
        recs.respond,
        raise_one(world, recent.id, title="deferred, due in 5 days", due_on=_in(5)),
        decision="deferred",
        rationale="After the budget",
        deferred_until=_in(30),
    )


def _titles(items) -> list[str]:
    return [i.title for i in items]


def test_the_four_lists_hold_exactly_what_needs_the_directors_attention(world):
    _seed(world)
    attention = reminders.needs_attention(world.engine, actor=world.dina, today=TODAY)

    assert _titles(attention.waiting_for_response) == [
        "raised, overdue",
        "raised, due in 3 days",
        "raised, no due date",
    ]
    assert _titles(attention.due_soon) == [
        "accepted, due today",
        "raised, due in 3 days",
        "accepted, due in 14 days",
    ]
    assert _titles(attention.overdue) == ["in progress, overdue", "raised, overdue"]
    assert _titles(attention.awaiting_verification) == ["done"]
    assert attention.total == 7
    assert attention.due_soon[0].due_on == TODAY


def test_an_admin_sees_the_same_lists_and_a_member_is_refused(world):
    _seed(world)
    as_director = reminders.needs_attention(world.engine, actor=world.dina, today=TODAY)
    assert reminders.needs_attention(world.engine, actor=world.ada, today=TODAY) == as_director
    with pytest.raises(PermissionDenied):
        reminders.needs_attention(world.engine, actor=world.mary, today=TODAY)


def test_with_nothing_raised_nothing_needs_attention(world):
    attention = reminders.needs_attention(world.engine, actor=world.dina, today=TODAY)
    assert attention.total == 0
    assert attention.overdue == attention.due_soon == ()

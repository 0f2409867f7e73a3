"""The group's next meeting, as its latest meeting planned it, on both databases (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from advisory.services import meeting_views
from tests.integration.meetings_setup import TODAY, World, build_world, meeting


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def _in(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


def test_the_latest_meetings_next_date_is_the_next_meeting(world):
    meeting(world, days_ago=200, next_meeting_on=_in(-100))
    meeting(world, days_ago=10, next_meeting_on=_in(80))

    upcoming = meeting_views.next_meeting(world.engine, today=TODAY)

    assert upcoming is not None
    assert (upcoming.on, upcoming.planned_at) == (_in(80), _in(-10))
    assert upcoming.group  # the seeded group's name, shown in the calendar entry


def test_an_older_meetings_plan_is_superseded_by_a_later_meeting_without_one(world):
    meeting(world, days_ago=100, next_meeting_on=_in(30))
    meeting(world, days_ago=5)

    assert meeting_views.next_meeting(world.engine, today=TODAY) is None


def test_a_planned_date_that_has_passed_is_no_next_meeting(world):
    meeting(world, days_ago=100, next_meeting_on=_in(-1))

    assert meeting_views.next_meeting(world.engine, today=TODAY) is None
    assert meeting_views.next_meeting(world.engine, today=_in(-1)) is not None


def test_without_meetings_there_is_no_next_meeting(world):
    assert meeting_views.next_meeting(world.engine, today=TODAY) is None

"""The next meeting's calendar file on the meetings page and the overview, in AppTest."""

from __future__ import annotations

import datetime as dt

from advisory.i18n import format_date
from tests.integration.meetings_setup import TODAY, build_world, meeting
from tests.ui.apptest import engine_for, page_test, texts

NEXT = TODAY + dt.timedelta(days=40)


def _labels(at) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


def test_the_meetings_page_and_overview_offer_the_next_meeting_as_a_calendar_file(app_env):
    world = build_world(engine_for(app_env))
    meeting(world, days_ago=50, next_meeting_on=NEXT, minutes="MINUTES-SECRET")

    at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert f"**Next meeting:** {format_date(NEXT, 'full')}" in texts(at)
    assert "Add to my calendar (.ics)" in _labels(at)

    at = page_test("pages/overview.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert "Add to my calendar (.ics)" in _labels(at)


def test_without_a_planned_date_no_calendar_file_is_offered(app_env):
    world = build_world(engine_for(app_env))
    meeting(world, days_ago=50)

    at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert "Next meeting" not in texts(at)
    assert "Add to my calendar (.ics)" not in _labels(at)

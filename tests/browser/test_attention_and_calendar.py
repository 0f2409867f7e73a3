"""Needs your attention, the meetings search and the next meeting's calendar file, in Chromium
on a real server, at 1280 and 390 px (issue 13). Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import icalendar
import pytest
from playwright.sync_api import expect

from advisory import clock
from tests.browser.helpers import create_user, download, login, shot, wait_for_app
from tests.integration.meetings_setup import build_world, meeting, raise_one

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

PASSWORD = "director long passphrase"
TODAY = clock.today()
NEXT = TODAY + dt.timedelta(days=40)
LATE_TITLE = "Women staff on every shift, at night too"


@pytest.fixture(scope="module")
def seeded(live_server: LiveServer) -> LiveServer:
    engine = live_server.engine()
    world = build_world(engine)
    m = meeting(
        world,
        days_ago=50,
        place="Riverside DIC",
        next_meeting_on=NEXT,
        minutes="MINUTES-SECRET women asked about the night shelter",
    )
    raise_one(world, m.id, title=LATE_TITLE, due_on=TODAY - dt.timedelta(days=3))
    engine.dispose()
    create_user(live_server, "dora", "director", PASSWORD)
    return live_server


@pytest.mark.parametrize("width", [1280, 390])
def test_a_director_opens_an_overdue_item_and_saves_the_next_meeting_to_a_calendar(
    seeded, new_page, width
):
    page = new_page({"width": width, "height": 900})
    page.goto(seeded.url)
    login(page, "dora", PASSWORD)
    expect(page.get_by_text("Needs your attention")).to_be_visible()
    page.get_by_text("1 overdue").click()
    wait_for_app(page)
    shot(page, f"attention_panel_{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name=LATE_TITLE).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=LATE_TITLE)).to_be_visible()

    page.goto(f"{seeded.url}/meetings")
    wait_for_app(page)
    box = page.get_by_role("textbox", name="Search meetings")
    box.fill("shelter")
    box.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("1 meeting matches.")).to_be_visible()
    shot(page, f"meetings_search_{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ics = download(page, "Add to my calendar (.ics)")
    data = ics.path().read_bytes()
    assert ics.suggested_filename == f"advisory-meeting-{NEXT:%Y-%m-%d}.ics"
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("DTSTART") == NEXT
    assert b"MINUTES-SECRET" not in data and b"\r\n" in data

"""The impact page for demo adaptations, on a real server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from advisory import demo
from advisory.db import session_scope
from advisory.models import Adaptation
from tests.browser.helpers import create_user, login, shot, wait_for_app
from tests.factories import TEST_ADMIN

PW = "impact page passphrase"


@pytest.fixture(scope="module")
def demo_ids(live_server) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The demo loaded once into the server's database, and a director to look at it."""
    engine = live_server.engine()
    with session_scope(engine) as s:
        demo.load(s, actor=TEST_ADMIN)
    with session_scope(engine) as s:
        ids = dict(s.execute(select(Adaptation.name, Adaptation.id)).all())
    engine.dispose()
    create_user(live_server, "ines", "director", PW)
    return ids


def _open(live_server, new_page, adaptation_id: int, width: int, height: int):  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": width, "height": height})
    page.goto(live_server.url)
    wait_for_app(page)
    login(page, "ines", PW)
    page.goto(f"{live_server.url}/impact?adaptation={adaptation_id}")
    wait_for_app(page)
    return page


def test_the_impact_page_of_the_women_only_tuesday_shows_the_weekday_split(
    live_server, new_page, demo_ids
):
    page = _open(live_server, new_page, demo_ids["Women-only Tuesday"], 1280, 3600)
    expect(
        page.get_by_role("heading", name="On the adapted day, or on other days?")
    ).to_be_visible()
    expect(page.get_by_text("Most of the rise was on Tuesdays")).to_be_visible()
    expect(page.get_by_text("likely range").first).to_be_visible()
    page.wait_for_timeout(1000)  # let the plotly chart draw before the screenshot
    shot(page, "impact-01-women-only-tuesday")
    phone = _open(live_server, new_page, demo_ids["Women-only Tuesday"], 390, 3000)
    expect(phone.get_by_text("Most of the rise was on Tuesdays")).to_be_visible()
    phone.wait_for_timeout(1000)
    shot(phone, "impact-02-phone")


@pytest.mark.parametrize(("width", "height", "name"), [(1280, 3200, "03"), (390, 4200, "04")])
def test_the_health_post_page_says_it_cant_tell_because_recording_changed(
    live_server, new_page, demo_ids, width, height, name
):
    page = _open(live_server, new_page, demo_ids["Women staff at reception"], width, height)
    headline = page.get_by_text(
        "We can't tell yet whether women's visits changed after Women staff at reception "
        "started: gender was recorded differently after the change."
    ).first
    expect(headline).to_be_visible()
    expect(
        page.get_by_text(
            "Gender was recorded differently after the change: it was not recorded"
        ).first
    ).to_be_visible()
    expect(page.get_by_text("Counting the visits as recorded").first).to_be_visible()
    page.wait_for_timeout(1000)  # let the plotly chart draw before the screenshot
    shot(page, f"impact-{name}-recording-changed-{width}px")

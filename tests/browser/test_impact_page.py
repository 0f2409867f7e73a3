"""The impact page for a demo adaptation, on a real server."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from advisory import demo
from advisory.db import session_scope
from advisory.models import Adaptation
from tests.browser.helpers import create_user, login, shot, wait_for_app
from tests.factories import TEST_ADMIN

PW = "impact page passphrase"


def test_the_impact_page_of_the_women_only_tuesday_shows_the_weekday_split(live_server, new_page):
    engine = live_server.engine()
    with session_scope(engine) as s:
        demo.load(s, actor=TEST_ADMIN)
    with session_scope(engine) as s:
        tuesday = s.scalar(select(Adaptation.id).where(Adaptation.name == "Women-only Tuesday"))
    engine.dispose()
    create_user(live_server, "ines", "director", PW)
    page = new_page(viewport={"width": 1280, "height": 3600})
    page.goto(live_server.url)
    wait_for_app(page)
    login(page, "ines", PW)
    page.goto(f"{live_server.url}/impact?adaptation={tuesday}")
    wait_for_app(page)
    expect(
        page.get_by_role("heading", name="On the adapted day, or on other days?")
    ).to_be_visible()
    expect(page.get_by_text("Tuesdays went up")).to_be_visible()
    expect(page.get_by_text("likely range").first).to_be_visible()
    page.wait_for_timeout(1000)  # let the plotly chart draw before the screenshot
    shot(page, "impact-01-women-only-tuesday")
    phone = new_page(viewport={"width": 390, "height": 3000})
    phone.goto(live_server.url)
    wait_for_app(phone)
    login(phone, "ines", PW)
    phone.goto(f"{live_server.url}/impact?adaptation={tuesday}")
    wait_for_app(phone)
    expect(phone.get_by_text("Tuesdays went up")).to_be_visible()
    phone.wait_for_timeout(1000)
    shot(phone, "impact-02-phone")

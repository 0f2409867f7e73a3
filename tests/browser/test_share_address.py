"""The share link a director copies opens: it starts with the address in the director's browser
(here ``http://localhost:<port>``, while the server itself listens on 127.0.0.1), and APP_URL is
not set (issue 13: links were ``http://localhost:8501/...`` whatever the port)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, start_server, stop_server
from tests.browser.helpers import login, shot, wait_for_app
from tests.factories import DIRECTOR, ORGANISATION, seed_share_world

PASSWORD = "a long test passphrase"  # the seeded director's (tests/factories.py)


@pytest.fixture(scope="module")
def server_without_app_url() -> Iterator[LiveServer]:
    server = start_server({"APP_URL": ""})  # empty: unset for advisory.config
    engine = server.engine()
    seed_share_world(engine)
    engine.dispose()
    yield server
    stop_server(server)


def test_the_copied_link_opens_the_funder_view_at_the_address_the_director_used(
    server_without_app_url, new_page
):
    port = server_without_app_url.url.rsplit(":", 1)[1]
    address = f"http://localhost:{port}"
    assert port != "8501"
    director = new_page()
    director.goto(address)
    wait_for_app(director)
    login(director, DIRECTOR, PASSWORD)
    director.get_by_role("link", name="Sharing").click()
    wait_for_app(director)
    expect(director.get_by_role("heading", name="Sharing")).to_be_visible()
    # Unset APP_URL and the browser's own address: nothing to warn about.
    assert director.locator("[data-testid='stAlertContentWarning']").count() == 0
    director.get_by_role("textbox", name="Who is it for?").fill("Global Fund")
    director.get_by_role("button", name="Create link").click()
    wait_for_app(director)
    code = director.locator("[data-testid='stCode'] code").first
    try:
        expect(code).to_be_visible(timeout=20_000)
    finally:
        shot(director, "share-address-01-after-create")
    shown = code.inner_text().strip()
    assert re.fullmatch(re.escape(address) + r"/\?share=[A-Za-z0-9_-]{43}", shown), shown
    shot(director, "share-address-01-link-shown")

    funder = new_page()
    funder.goto(shown)  # exactly as shown, character for character
    wait_for_app(funder)
    expect(funder.get_by_text("Read-only view")).to_be_visible()
    expect(funder.get_by_role("heading", name=ORGANISATION)).to_be_visible()
    shot(funder, "share-address-02-link-opened")

"""A share link end to end on a real server: a director creates it, a fresh browser with no
cookies opens the read-only view, the director revokes it, and the funder gets "not valid"."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.helpers import login, shot, wait_for_app
from tests.factories import DIRECTOR, ORGANISATION, seed_share_world

PASSWORD = "a long test passphrase"  # the seeded director's (tests/factories.py)
INVALID = "This link is not valid. Ask the service for a new one."


def test_create_open_revoke_a_share_link(live_server, new_page):
    engine = live_server.engine()
    seed_share_world(engine)
    engine.dispose()

    director = new_page()
    director.goto(live_server.url)
    wait_for_app(director)
    login(director, DIRECTOR, PASSWORD)
    director.get_by_role("link", name="Sharing").click()
    wait_for_app(director)
    director.get_by_role("textbox", name="Who is it for?").fill("Global Fund")
    director.get_by_role("button", name="Create link").click()
    wait_for_app(director)
    code = director.locator("[data-testid='stCode'] code").first
    expect(code).to_be_visible()
    url = code.inner_text().strip()
    match = re.fullmatch(re.escape(live_server.url) + r"/\?share=([A-Za-z0-9_-]{43})", url)
    assert match, url
    token = match.group(1)
    shot(director, "share-01-link-created")

    funder = new_page()
    assert funder.context.cookies() == []
    funder.goto(url)
    wait_for_app(funder)
    expect(funder.get_by_text("Read-only view")).to_be_visible()
    expect(funder.get_by_role("heading", name=ORGANISATION)).to_be_visible()
    expect(funder.get_by_text("This link expires on")).to_be_visible()
    expect(funder.get_by_role("heading", name="Women's visits")).to_be_visible()
    main = funder.locator("[data-testid='stMain']")
    # No input at all, but the language switch (issue 10), which changes only the words.
    fields = ":is(input, textarea, select, [contenteditable='true'])"
    assert main.locator(f"{fields}:not(.st-key-shared_language *)").count() == 0
    assert main.locator(f".st-key-shared_language {fields}").count() == 1
    # The report downloads are drawn last: wait for them before reading every button.
    expect(
        main.locator("[data-testid='stDownloadButton']").filter(has_text="Web page")
    ).to_have_count(4)
    # A button's text is its icon's ligature name ("download"), then its label.
    downloads = [
        b.inner_text().strip().splitlines()[-1].strip()
        for b in main.locator("[data-testid='stDownloadButton'] button").all()
    ]
    # The four latest quarters' shareable reports as PDF and web page (issue 13), and a
    # referral card per site without contact details (issue 12).
    assert [d for d in downloads if d in ("PDF", "Web page")] == ["PDF", "Web page"] * 4
    assert all(d in ("PDF", "Web page") or d.startswith("Referral card of") for d in downloads)
    # Every other button is Streamlit's own view control on a chart (its toolbar) or the language
    # switch's "Open" arrow: they take no input and send nothing to the server.
    others = [
        b.get_attribute("aria-label")
        for b in main.locator("button").all()
        if not b.evaluate(
            "e => !!e.closest('[data-testid=stDownloadButton], [data-testid=stElementToolbar], "
            ".st-key-shared_language')"
        )
    ]
    assert others == [], others
    expect(funder.get_by_role("textbox", name="Username")).to_have_count(0)
    expect(funder.get_by_text(INVALID)).to_have_count(0)
    shot(funder, "share-02-funder-view")
    expect(main.locator("[data-testid='stPlotlyChart']").first).to_be_visible()
    funder.get_by_role("heading", name="Women's visits").scroll_into_view_if_needed()
    shot(funder, "share-02b-funder-attendance")

    director.reload()
    wait_for_app(director)
    director.get_by_role("button", name="Revoke").click()
    wait_for_app(director)
    expect(director.get_by_text("is revoked for good")).to_be_visible()
    shot(director, "share-03-revoked-by-director")

    funder.reload()
    wait_for_app(funder)
    expect(funder.get_by_text(INVALID)).to_be_visible()
    expect(funder.get_by_text("Read-only view")).to_have_count(0)
    assert funder.locator("[data-testid='stMain'] button").count() == 0
    assert funder.locator("[data-testid='stDataFrame']").count() == 0
    shot(funder, "share-04-funder-not-valid")

    # The same page for a link that never existed, and nothing else reachable from it.
    stranger = new_page()
    stranger.goto(f"{live_server.url}/users?share={'A' * 43}&role=admin")
    wait_for_app(stranger)
    expect(stranger.get_by_text(INVALID)).to_be_visible()
    expect(stranger.get_by_role("heading", name="Users")).to_have_count(0)

    assert token not in live_server.log.read_text()

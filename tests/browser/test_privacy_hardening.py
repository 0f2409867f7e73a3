"""In Chromium: no request leaves the server, logged-out deep links keep their page without a
"Page not found" pop-up, and logging out removes the login cookie (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from bench.load_client import visit_main_page
from components.navigation import PAGES
from tests.browser.helpers import create_user, login, logout, shot, wait_for_app
from tests.conftest import ROOT

ADMIN_PW = "the admin's long passphrase"


def _cli(server, *args: str) -> str:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "ADVISORY_DATA_DIR": str(server.data_dir),
        "APP_URL": server.url,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "advisory", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def _record(page: Page, seen: list[str]) -> None:
    page.on("request", lambda request: seen.append(request.url))
    page.on("websocket", lambda ws: seen.append(ws.url))


def _favicon(page: Page) -> str:
    return page.locator("link[rel='shortcut icon']").get_attribute("href") or ""


@pytest.fixture(scope="module")
def share_url(live_server) -> str:  # type: ignore[no-untyped-def]
    """The demo data, an admin "ada", and a share link (set up once for this module)."""
    # A fresh server's very first visitor must open "/" (bench/load_client.visit_main_page).
    visit_main_page(live_server.url)
    _cli(live_server, "demo")
    create_user(live_server, "ada", "admin", ADMIN_PW)
    return _cli(live_server, "share", "create", "--label", "Funder").strip()


def test_no_page_sends_a_request_to_another_host(live_server, share_url, new_page):
    host = urllib.parse.urlsplit(live_server.url).netloc
    seen: list[str] = []

    page = new_page()
    _record(page, seen)
    page.goto(live_server.url)
    wait_for_app(page)
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    assert _favicon(page).startswith("data:image/svg+xml"), _favicon(page)  # the login page
    login(page, "ada", ADMIN_PW)
    for spec in PAGES:
        page.goto(f"{live_server.url}/{spec.url_path}")
        wait_for_app(page)
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        assert not _favicon(page).startswith("http") or host in _favicon(page), _favicon(page)
    page.goto(f"{live_server.url}/impact")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Impact of adaptations")).to_be_visible()
    page.wait_for_timeout(1500)  # charts and images finish loading

    funder = new_page()
    _record(funder, seen)
    funder.goto(share_url)
    wait_for_app(funder)
    expect(funder.get_by_text("Read-only view")).to_be_visible()
    funder.wait_for_timeout(1500)
    shot(funder, "privacy-funder-view")

    for p in (page, funder):
        favicon = _favicon(p)
        # A ":material/...:" icon would be https://fonts.gstatic.com/...; ours is inline.
        assert favicon.startswith("data:image/svg+xml"), favicon
    network = [u for u in seen if urllib.parse.urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    assert network, "the recorder saw the app's own requests"
    elsewhere = sorted({u for u in network if urllib.parse.urlsplit(u).netloc != host})
    assert elsewhere == []


def test_a_logged_out_deep_link_shows_the_login_form_without_a_pop_up_then_opens(
    live_server, share_url, new_page
):
    page = new_page()
    page.goto(f"{live_server.url}/attendance")
    wait_for_app(page)
    expect(page.get_by_role("textbox", name="Username")).to_be_visible()
    page.wait_for_timeout(500)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_text("does not seem to exist")).to_have_count(0)
    shot(page, "privacy-deep-link-login")
    login(page, "ada", ADMIN_PW)
    expect(page.get_by_role("heading", name="Attendance", exact=True)).to_be_visible()
    assert urllib.parse.urlsplit(page.url).path == "/attendance"
    expect(page.get_by_text("Page not found")).to_have_count(0)


def _auth_cookies(page: Page) -> list[dict]:
    return [c for c in page.context.cookies() if c["name"] == "advisory_auth"]


def test_logging_out_deletes_the_login_cookie_from_the_browser(live_server, share_url, new_page):
    page = new_page()
    page.goto(f"{live_server.url}/audit")
    wait_for_app(page)
    login(page, "ada", ADMIN_PW)
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    cookie = _auth_cookies(page)
    assert len(cookie) == 1 and cookie[0]["sameSite"] == "Strict"
    assert not cookie[0]["secure"]  # plain HTTP here; tests/deploy checks Secure behind TLS
    logout(page)
    # The next person starts at the login page, not on the page the last one was reading.
    assert urllib.parse.urlsplit(page.url).path == "/"
    deadline = time.monotonic() + 15
    while _auth_cookies(page) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert _auth_cookies(page) == []
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("textbox", name="Username")).to_be_visible()

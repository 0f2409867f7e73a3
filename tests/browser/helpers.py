"""Browser-test helpers: wait for Streamlit reruns the way Streamlit's own e2e suite does."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
from playwright.sync_api import Download, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from advisory.actors import SystemActor
from advisory.db import session_scope
from advisory.services import users

TEST_ADMIN = SystemActor("test")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Wait until the app is connected, the script has finished and no skeleton is left."""
    page.wait_for_timeout(250)  # debounce: a rerun may not have started yet
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']",
        state="attached",
        timeout=timeout,
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']",
        state="attached",
        timeout=timeout,
    )
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=timeout)


def login(page: Page, username: str, password: str) -> None:
    page.get_by_role("button", name="Log in").wait_for()
    wait_for_app(page)
    clicked = time.time()
    page.get_by_role("textbox", name="Username", exact=True).fill(username)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    wait_for_app(page)
    page.get_by_role("button", name="Log out").wait_for(timeout=30_000)
    wait_for_app(page)
    # The login cookie is written by a browser component shortly after the login itself.
    deadline = time.monotonic() + 30
    while not _holds_login_cookie(page, username, clicked):
        if time.monotonic() > deadline:
            raise AssertionError(f"the browser never stored a login cookie for {username}")
        page.wait_for_timeout(200)


def _holds_login_cookie(page: Page, username: str, since: float) -> bool:
    for cookie in page.context.cookies():
        if cookie["name"] != "advisory_auth":
            continue
        payload = jwt.decode(cookie["value"], options={"verify_signature": False})
        issued = float(payload["exp_date"]) - 86400  # AUTH_COOKIE_DAYS is 1 in tests
        if payload.get("username") == username and issued >= since - 1:
            return True
    return False


def logout(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    wait_for_app(page)
    page.get_by_role("textbox", name="Username").wait_for(timeout=30_000)


def create_user(server, username: str, role: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Create an account straight in the server's database (test set-up, not the flow)."""
    engine = server.engine()
    with session_scope(engine) as s:
        users.create_user(
            s,
            username=username,
            display_name=username.title(),
            role=role,
            password=password,
            actor=TEST_ADMIN,
        )
    engine.dispose()


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def download(page: Page, button: str, *, timeout: float = 20_000) -> Download:
    """Press the download button named `button` once the app is idle; the file it gave.

    why: on a loaded machine a press was lost (the referral card, once in a whole-suite run),
    when download buttons still reran the page (components/downloads.py says why they no
    longer do). A download changes nothing, so when none comes the button is pressed once more.
    """
    for attempt in (1, 2):
        wait_for_app(page)
        try:
            with page.expect_download(timeout=timeout) as info:
                page.get_by_role("button", name=button).click()
        except PlaywrightTimeout:
            if attempt == 2:
                raise
        else:
            return info.value
    raise AssertionError("unreachable")

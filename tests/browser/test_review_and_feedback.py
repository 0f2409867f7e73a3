"""The review queue and the feedback summary with the demo data, at 390 and 1280 px (issue 13):
a list with one response form at a time, the summary grouped by status with its printable
page, and neither scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from advisory import demo
from advisory.db import session_scope
from tests.browser.helpers import create_user, download, login, shot, wait_for_app
from tests.factories import TEST_ADMIN

PW = "review and feedback passphrase"
SIZES = [(390, 844), (1280, 900)]


@pytest.fixture(scope="module")
def demo_server(live_server):  # type: ignore[no-untyped-def]
    engine = live_server.engine()
    with session_scope(engine) as s:
        demo.load(s, actor=TEST_ADMIN)
    engine.dispose()
    create_user(live_server, "rosa", "director", PW)
    return live_server


def _open(server, new_page, path: str, width: int, height: int) -> Page:  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": width, "height": height})
    page.goto(server.url)
    login(page, "rosa", PW)
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    return page


def _sideways(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_review_queue_lists_what_waits_and_opens_one_response_form(
    demo_server, new_page, width, height
):
    page = _open(demo_server, new_page, "review", width, height)
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    answers = page.get_by_role("button", name="Answer")
    waiting = answers.count()
    assert waiting >= 2
    expect(page.get_by_role("button", name="Save response")).to_have_count(0)
    assert _sideways(page) <= 0
    shot(page, f"review-01-list-{width}px")
    answers.first.click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Save response")).to_have_count(1)
    expect(page.get_by_role("button", name="Answer")).to_have_count(waiting - 1)
    assert _sideways(page) <= 0
    shot(page, f"review-02-answering-{width}px")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_feedback_summary_is_grouped_by_status_and_offers_the_printable_page(
    demo_server, new_page, width, height
):
    page = _open(demo_server, new_page, "feedback", width, height)
    expect(page.get_by_role("heading", name="What happened to what we asked")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for the director's answer (")).to_be_visible()
    assert page.get_by_role("heading", name=re.compile(r"\(\d+\)$")).count() >= 3
    expect(page.get_by_role("button", name="Download the printable page (A4)")).to_be_visible()
    assert _sideways(page) <= 0
    shot(page, f"feedback-01-{width}px")
    printable = download(page, "Download the printable page (A4)")
    assert printable.suggested_filename.endswith(".html")
    text = open(printable.path(), encoding="utf-8").read()  # noqa: PTH123
    assert "@page { size: A4;" in text and "<h2>" in text

"""The table of all adaptations shows each verdict and change on a phone and on a desktop
(issue 13, item 4): verdict and change come right after the name, cards on a narrow screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from advisory import demo
from advisory.db import session_scope
from advisory.models import Adaptation
from tests.browser.helpers import create_user, login, shot, wait_for_app
from tests.factories import TEST_ADMIN

PW = "impact table passphrase"
VERDICTS = ("went up", "went down", "little or no change", "we can't tell yet")


@pytest.fixture(scope="module")
def reception_id(live_server) -> int:  # type: ignore[no-untyped-def]
    engine = live_server.engine()
    with session_scope(engine) as s:
        demo.load(s, actor=TEST_ADMIN)
    with session_scope(engine) as s:
        found = s.scalar(select(Adaptation.id).where(Adaptation.name == "Women staff at reception"))
    engine.dispose()
    create_user(live_server, "ines", "director", PW)
    return found


def _open(live_server, new_page, adaptation_id: int, width: int):  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(live_server.url)
    wait_for_app(page)
    login(page, "ines", PW)
    page.goto(f"{live_server.url}/impact?adaptation={adaptation_id}")
    wait_for_app(page, timeout=90_000)
    return page


def test_on_a_phone_each_adaptation_is_a_card_with_its_verdict_inside_the_screen(
    live_server, new_page, reception_id
):
    page = _open(live_server, new_page, reception_id, 390)
    cards = page.locator(".st-key-impact_narrow_only")
    expect(cards).to_be_visible()
    expect(page.locator(".st-key-impact_wide_only")).to_be_hidden()
    verdict = cards.get_by_text("Women's visits: we can't tell yet").first
    expect(verdict).to_be_visible()
    box = verdict.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert cards.get_by_text("likely range").first.is_visible()  # the change, with its range
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "impact-table-01-phone-cards")


def test_on_a_desktop_the_verdict_and_change_are_the_columns_after_the_name(
    live_server, new_page, reception_id
):
    page = _open(live_server, new_page, reception_id, 1280)
    grid = page.locator(".st-key-impact_wide_only")
    expect(grid).to_be_visible()
    expect(page.locator(".st-key-impact_narrow_only")).to_be_hidden()
    box = grid.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280
    # The grid is drawn on a canvas; its accessible table holds the cells of the columns in
    # view, so the verdict and the change being there (columns 2 and 3, with more columns
    # after them) means they are on screen, not cut off.
    headers = grid.locator("[role='columnheader']")
    expect(headers.nth(1)).to_have_text("women's visits")
    expect(headers.nth(2)).to_have_text("change (likely range)")
    cells = grid.locator("[role='gridcell'][aria-colindex='2']")
    expect(cells.first).to_be_attached()
    assert set(cells.all_inner_texts()) <= set(VERDICTS)
    assert grid.locator("[role='gridcell'][aria-colindex='4']").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "impact-table-02-desktop")

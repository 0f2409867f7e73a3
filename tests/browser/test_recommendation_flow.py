"""The recommendation journey once, end to end, on a real server in Chromium.

A facilitator logs a meeting and raises a recommendation there; the director accepts it,
marks it in progress and done; the group verifies it and downloads the list. Screenshots of
the board (wide and on a 390 px phone) and of the detail page are saved under test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from advisory.db import session_scope
from advisory.services import organisation, recommendation_views
from advisory.services.recommendation_views import RecommendationView
from tests.browser.helpers import create_user, download, login, shot, wait_for_app
from tests.factories import TEST_ADMIN

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

DIRECTOR_PW = "director long passphrase"
MEMBER_PW = "facilitator long passphrase"
TITLE = "A women-only day at the drop-in centre"


def _seed(server: LiveServer) -> None:
    create_user(server, "dina", "director", DIRECTOR_PW)
    create_user(server, "mary", "member", MEMBER_PW)
    engine = server.engine()
    with session_scope(engine) as s:
        organisation.add_site(
            s, name="Riverside drop-in centre", kind="drop-in centre", actor=TEST_ADMIN
        )
        group = organisation.default_group(s)
        for name in ("Aye", "Zahra"):
            organisation.add_member(
                s, group_id=group.id, name=name, joined_on=None, actor=TEST_ADMIN
            )
    engine.dispose()


def _recommendation(server: LiveServer) -> RecommendationView:
    engine = server.engine()
    (rec,) = recommendation_views.list_recommendations(engine)
    engine.dispose()
    return rec


def _click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    wait_for_app(page)


def _choose(page: Page, label: str, option: str) -> None:
    """Pick `option` by typing it and pressing Enter (no click on a list a rerun may redraw)."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label)
    for _ in range(3):
        wait_for_app(page)
        box.locator("input").click()
        box.locator("input").press_sequentially(option[:12])  # the list filters as one types
        page.get_by_role("option", name=option).wait_for()
        page.keyboard.press("Enter")
        wait_for_app(page)
        if option in box.inner_text() or box.locator("input").input_value() == option:
            return
    raise AssertionError(f"could not choose {option!r} in {label!r}")


def test_meeting_recommendation_response_done_and_verified_in_the_browser(live_server, new_page):
    _seed(live_server)
    page = new_page()
    page.goto(live_server.url)
    wait_for_app(page)

    # The facilitator logs today's meeting and raises a recommendation there.
    login(page, "mary", MEMBER_PW)
    page.goto(f"{live_server.url}/meetings")
    wait_for_app(page)
    members = page.locator("[data-testid='stMultiSelect']").filter(has_text="Members present")
    for _ in range(3):  # a rerun may redraw the list under the pointer: try again
        members.click()
        try:
            page.get_by_role("option", name="Aye").click(timeout=5_000)
        except PlaywrightTimeout:
            continue
        finally:
            page.keyboard.press("Escape")
        if "Aye" in members.inner_text():
            break
    expect(members).to_contain_text("Aye")
    page.get_by_label("How many other women did the group consult").fill("12")
    _click(page, "Save meeting")
    expect(page.get_by_text(re.compile(r"^Meeting saved: .* meeting, "))).to_be_visible()
    page.get_by_text("Raise a recommendation at this meeting").click()
    page.get_by_label("What does the group ask for? (short title)").fill(TITLE)
    _choose(page, "Category", "Women-only space or time")
    page.get_by_label("Named role (if not a person), e.g. Outreach coordinator").fill(
        "Centre manager"
    )
    _click(page, "Raise recommendation")
    expect(page.get_by_text(f"Recommendation raised: {TITLE}.")).to_be_visible()

    # The director, on her own device, answers it, starts the work and marks it done.
    page = new_page()
    page.goto(live_server.url)
    wait_for_app(page)
    login(page, "dina", DIRECTOR_PW)
    page.goto(f"{live_server.url}/recommendations")
    wait_for_app(page)
    expect(page.get_by_text(TITLE)).to_be_visible()
    shot(page, "recommendations-01-board")
    page.locator("button[data-testid^='stBaseButton']").filter(has_text="Open").click()
    wait_for_app(page)
    page.get_by_text("Accept", exact=True).click()
    page.get_by_label("Reason (needed to decline or defer; the group will hear it)").fill(
        "Tuesdays, with women staff on duty."
    )
    _click(page, "Save response")
    expect(page.get_by_text("Response saved.")).to_be_visible()
    _click(page, "Mark as in progress")
    expect(page.get_by_text("Marked as in progress.")).to_be_visible()
    page.get_by_label("What changed in the service?").fill("Every Tuesday is for women only.")
    _click(page, "Mark as done")
    expect(page.get_by_text("Marked as done.", exact=False)).to_be_visible()
    assert _recommendation(live_server).status == "done"

    # The group verifies it at the meeting (the facilitator's device again).
    page = new_page()
    page.goto(live_server.url)
    wait_for_app(page)
    login(page, "mary", MEMBER_PW)
    rec = _recommendation(live_server)
    page.goto(f"{live_server.url}/recommendations?id={rec.id}")
    wait_for_app(page)
    expect(page.get_by_role("button", name="Save response")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark as done")).to_have_count(0)
    page.get_by_label("What the group said").fill("Women say Tuesday is their day now.")
    _click(page, "Verified by the group")
    expect(page.get_by_text("Verified by the group.", exact=True)).to_be_visible()
    expect(page.get_by_text("Done → Verified by the group")).to_be_visible()
    shot(page, "recommendations-02-detail")
    rec = _recommendation(live_server)
    assert (rec.status, rec.verification_comment) == (
        "verified",
        "Women say Tuesday is their day now.",
    )

    # The board on a phone: the status columns stack and stay usable.
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.goto(live_server.url)
    wait_for_app(phone)
    login(phone, "mary", MEMBER_PW)
    phone.goto(f"{live_server.url}/recommendations")
    wait_for_app(phone)
    expect(phone.get_by_text(TITLE)).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the board is {width} px wide on a 390 px screen"
    shot(phone, "recommendations-03-board-phone")

    # The file is built when its button is pressed (issue 11), and holds the recommendation.
    csv = download(phone, "Recommendations (CSV)")
    assert csv.suggested_filename == "recommendations.csv"
    assert TITLE in Path(csv.path()).read_text(encoding="utf-8-sig")

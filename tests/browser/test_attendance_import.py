"""Importing attendance in Chromium: a file with two bad rows is refused with both rows named;
the corrected file shows its totals and imports. Screenshots under test-artifacts/."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from advisory.db import session_scope
from advisory.models import AttendanceRecord
from advisory.services import organisation
from tests.browser.helpers import create_user, login, shot, wait_for_app
from tests.factories import TEST_ADMIN

DIRECTOR_PW = "director long passphrase"
BAD = (
    "date,site,service,gender,visits\n"
    "2024-03-04,Riverside,drop-in visit,F,12\n"
    "2024-03-04,Riverside,drop-in visit,lady,3\n"  # row 3: unknown gender label
    "2024-03-04,Riverside,drop-in visit,M,30\n"
    "2024-03-05,Riverside,drop-in visit,TW,-2\n"  # row 5: negative count
)
FIXED = BAD.replace(",lady,3", ",Unknown,3").replace(",TW,-2", ",TW,2")


def _upload(page: Page, name: str, text: str) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )
    wait_for_app(page)


def _rows(server) -> int:  # type: ignore[no-untyped-def]
    engine = server.engine()
    with session_scope(engine) as s:
        n = s.scalar(select(func.count(AttendanceRecord.id)))
    engine.dispose()
    return n


def test_two_bad_rows_are_reported_then_the_fixed_file_shows_totals_and_imports(
    live_server, new_page
):
    create_user(live_server, "dina", "director", DIRECTOR_PW)
    engine = live_server.engine()
    with session_scope(engine) as s:
        organisation.add_site(s, name="Riverside", kind="drop-in centre", actor=TEST_ADMIN)
    engine.dispose()

    page = new_page()
    page.goto(live_server.url)
    wait_for_app(page)
    login(page, "dina", DIRECTOR_PW)
    page.goto(f"{live_server.url}/attendance-import")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Import attendance")).to_be_visible()

    _upload(page, "march.csv", BAD)
    expect(page.get_by_text("2 problems found: nothing has been imported.")).to_be_visible()
    problems = page.locator("[data-testid='stTable']").first
    expect(problems.get_by_role("row").filter(has_text="lady")).to_contain_text("3")
    expect(problems.get_by_role("row").filter(has_text="Unknown gender label")).to_contain_text(
        "gender"
    )
    expect(problems.get_by_role("row").filter(has_text="-2")).to_contain_text(
        "A count cannot be negative."
    )
    row_cells = [
        problems.get_by_role("row").nth(i).get_by_role("cell").first.inner_text() for i in (1, 2)
    ]
    assert [c.strip() for c in row_cells] == ["3", "5"]
    expect(page.get_by_role("button", name="Download the problems (CSV)")).to_be_visible()
    expect(page.get_by_role("button", name="Import 4 rows")).to_have_count(0)
    shot(page, "attendance-import-01-two-bad-rows")
    assert _rows(live_server) == 0

    _upload(page, "march-fixed.csv", FIXED)
    expect(page.get_by_text("4 rows checked: no problems.")).to_be_visible()
    totals = page.locator("[data-testid='stTable']").first
    expect(totals.get_by_role("row").filter(has_text="Riverside")).to_contain_text("47")
    shot(page, "attendance-import-02-fixed-file-totals")

    page.get_by_role("button", name="Import 4 rows").click()
    wait_for_app(page)
    expect(
        page.get_by_text("Imported march-fixed.csv as batch #1: 4 rows written; 47 visits.")
    ).to_be_visible()
    done = page.locator("[data-testid='stTable']").first
    expect(done.get_by_role("row").filter(has_text="Riverside")).to_contain_text("12")
    shot(page, "attendance-import-03-imported")
    assert _rows(live_server) == 4

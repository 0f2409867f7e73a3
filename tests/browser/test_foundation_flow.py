"""The first-run journey on a real server, and deep links that survive reloads."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import login, logout, shot, wait_for_app

ADMIN_PW = "correct horse battery staple"
MEMBER_TEMP = "temporary member passphrase"
MEMBER_PW = "the member's own passphrase"


def test_setup_login_create_member_and_member_is_refused_the_admin_page(live_server, new_page):
    page = new_page()
    page.goto(live_server.url)
    wait_for_app(page)
    expect(page.get_by_text("Set up Advisory Dashboard")).to_be_visible()
    shot(page, "foundation-01-setup")
    page.get_by_label("Organisation name").fill("Riverside Harm Reduction")
    page.get_by_label("Admin username").fill("amina")
    page.get_by_label("Display name").fill("Amina")
    page.get_by_role("textbox", name="Password", exact=True).fill(ADMIN_PW)
    page.get_by_role("textbox", name="Repeat the password").fill(ADMIN_PW)
    page.get_by_role("button", name="Create admin account").click()
    wait_for_app(page)
    expect(page.get_by_text("Admin account 'amina' created.")).to_be_visible()
    # The form is gone (issue 13): nothing to press again that would silently do nothing.
    expect(page.get_by_role("button", name="Create admin account")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Admin username")).to_have_count(0)
    page.get_by_role("button", name="Continue to log in").click()
    wait_for_app(page)

    login(page, "amina", ADMIN_PW)
    page.get_by_role("link", name="Users").click()
    wait_for_app(page)
    page.get_by_label("Username").fill("nang")
    page.get_by_label("Display name (first name or pseudonym)").fill("Nang")
    page.get_by_role("textbox", name="Temporary password (12+ characters)").fill(MEMBER_TEMP)
    page.get_by_role("button", name="Add user").click()
    wait_for_app(page)
    expect(page.get_by_text("Added member 'nang'.")).to_be_visible()
    shot(page, "foundation-02-users")
    logout(page)

    login(page, "nang", MEMBER_TEMP)
    expect(page.get_by_text("Your password was reset by an admin")).to_be_visible()
    # The login cookie's component may start one more rerun; while it runs, Streamlit keeps the
    # previous run's form beside the new one. Fill the form once a run has finished.
    current = page.get_by_role("textbox", name="Current password")
    for _attempt in range(20):
        wait_for_app(page)
        if current.count() == 1:
            break
        page.wait_for_timeout(250)
    current.fill(MEMBER_TEMP)
    page.get_by_role("textbox", name="New password (12+ characters)").fill(MEMBER_PW)
    page.get_by_role("textbox", name="Repeat the new password").fill(MEMBER_PW)
    page.get_by_role("button", name="Change password").click()
    wait_for_app(page)
    expect(page.get_by_text("Password changed. Log in with the new password.")).to_be_visible()

    login(page, "nang", MEMBER_PW)
    page.goto(f"{live_server.url}/users")
    wait_for_app(page)
    expect(page.get_by_text("You don't have access to this page.")).to_be_visible()
    expect(page.get_by_role("button", name="Add user")).to_have_count(0)
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    shot(page, "foundation-03-member-refused")
    page.get_by_role("link", name="Go to the home page").click()
    wait_for_app(page)
    expect(page.get_by_text("Welcome, Nang.")).to_be_visible()
    assert page.url.rstrip("/").endswith(("/overview", live_server.url.split("//")[1]))


def test_a_logged_in_user_keeps_the_page_on_reload_and_in_a_new_tab(live_server, new_page):
    page = new_page()
    page.goto(live_server.url)
    wait_for_app(page)
    login(page, "amina", ADMIN_PW)
    page.goto(f"{live_server.url}/audit")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    for _ in range(3):
        page.reload()
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
        assert page.url.endswith("/audit")
    tab = page.context.new_page()
    tab.goto(f"{live_server.url}/settings")
    wait_for_app(tab)
    expect(tab.get_by_role("heading", name="Sites and settings")).to_be_visible()
    assert tab.url.endswith("/settings")


def test_logging_out_ends_the_login_in_every_tab(live_server, new_page):
    page = new_page()
    page.goto(live_server.url)
    wait_for_app(page)
    login(page, "amina", ADMIN_PW)
    cookies = page.context.cookies()
    other = new_page()
    other.context.add_cookies(cookies)  # a copy of the cookie, e.g. a second device
    other.goto(f"{live_server.url}/users")
    wait_for_app(other)
    expect(other.get_by_role("heading", name="Users")).to_be_visible()
    logout(page)
    other.goto(f"{live_server.url}/users")
    wait_for_app(other)
    expect(other.get_by_role("textbox", name="Username")).to_be_visible()
    expect(other.get_by_role("heading", name="Users")).to_have_count(0)


def test_the_app_is_usable_on_a_phone_sized_screen(live_server, new_page):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url)
    wait_for_app(page)
    login(page, "amina", ADMIN_PW)
    shot(page, "foundation-04-phone-overview")
    expect(page.get_by_text("Welcome, Amina.")).to_be_visible()

"""The account page on a phone (issue 13): every tap target at least 44 px high, no sideways
scrolling, at 390 px wide."""

from __future__ import annotations

import pytest

from tests.browser.helpers import create_user, login, shot, wait_for_app

PASSWORD = "a long browser test passphrase"
MIN_TAP = 44
PHONE = {"width": 390, "height": 844}

# Everything a finger can press in the page's main area (the sidebar is closed on a phone).
TARGETS = """
() => {
  const main = document.querySelector("[data-testid='stMain']") || document.body;
  const sel = "button, a[href], input:not([type=hidden]), textarea, select, [role=button], " +
              "[role=checkbox], [role=radio], [role=combobox], [role=switch], [role=link]";
  return [...main.querySelectorAll(sel)]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
    // A field's tap lands anywhere in its box, not only on the <input> inside it.
    .map(el => el.closest("[data-testid='stTextInputRootElement']") && el.tagName === "INPUT"
               ? Object.assign(el.closest("[data-testid='stTextInputRootElement']"),
                               {_label: el.getAttribute("aria-label")}) : el)
    .map(el => { const r = el.getBoundingClientRect();
      return {tag: el.tagName, label: (el._label || el.getAttribute("aria-label") || el.innerText ||
              el.getAttribute("data-testid") || "").trim().slice(0, 40),
              testid: el.getAttribute("data-testid") || "", height: r.height, width: r.width}; });
}
"""


@pytest.fixture(scope="module")
def account(live_server):  # type: ignore[no-untyped-def]
    create_user(live_server, "pia", "member", PASSWORD)
    return live_server


def test_every_tap_target_on_the_account_page_is_at_least_44_px_high_on_a_phone(account, new_page):
    page = new_page(PHONE)
    page.goto(account.url)
    login(page, "pia", PASSWORD)
    page.goto(f"{account.url}/account")
    wait_for_app(page)
    page.get_by_role("heading", name="My account").wait_for()
    shot(page, "account-390")
    targets = page.evaluate(TARGETS)
    assert targets, "no tap targets found"
    small = [t for t in targets if t["height"] < MIN_TAP]
    assert not small, "\n".join(str(t) for t in small)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

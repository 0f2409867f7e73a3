"""Phones and laptops: no page scrolls sideways and every tap target is at least 44 px high.

A real `streamlit run` server with the demonstration data (`python -m advisory demo`'s logic),
Debian's Chromium at 390x844 (a phone) and 1280x800 (a laptop). Each page in PAGES is opened
logged in as the demo account named beside it (the funder view through a share link, without
logging in), then each of its tabs in turn, and checked:
- no horizontal overflow: `document.documentElement.scrollWidth <= innerWidth`, the same for
  the main container, and no visible element reaching past the right edge of the screen
  unless it sits in a container that scrolls sideways on purpose (tab lists, wide tables);
- every visible button, link, input, select, tab, checkbox and radio option is at least 44 px
  high (for a field, the box a tap lands in; links inside a sentence are left out, as WCAG
  2.5.8 does). Streamlit's own widgets get there through components/touch_targets.py.
Screenshots of the whole page go to test-artifacts/phones-<page>-<width>.png.

To cover another page add it to PAGES: its url path and the demo account that opens it
("shared" is the funder view).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from advisory import actors, demo
from advisory.services import share_links, users
from tests.browser.conftest import LiveServer, start_server, stop_server
from tests.browser.helpers import ARTIFACTS, login, wait_for_app

SHARED = "shared"  # the funder view, opened through a share link
PAGES: dict[str, str | None] = {
    "attendance": "demo-member",
    "attendance-import": "demo-director",
    SHARED: None,
    "impact": "demo-member",
    "review": "demo-director",
    "feedback": "demo-member",
}
VIEWPORTS = {"phone": (390, 844), "laptop": (1280, 800)}
MIN_TARGET = 44
MAX_SHOT_HEIGHT = 8000

# The box a tap lands in, for elements that sit inside a larger widget.
FIELD_BOXES = (
    '.react-aria-ComboBox > [role="group"], [data-testid="stDateInputField"], '
    '[data-testid="stTimeInputField"], [data-testid="stTextInputRootElement"], '
    '[data-testid="stNumberInputContainer"], [data-testid="stTextAreaRootElement"]'
)

SMALL_TARGETS = """
([minimum, fieldBoxes]) => {
  const selector = 'button, a[href], input, select, textarea, summary, [role="button"], '
    + '[role="tab"], [role="combobox"], [role="checkbox"], [role="radio"], [role="switch"], '
    + '[role="slider"]';
  const seen = new Set();
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (el.matches('a') && el.closest('p, li')) continue;  // a link inside a sentence
    let target = el.closest(fieldBoxes) || el;
    if (el.matches('input[type="checkbox"], input[type="radio"]')) {
      target = el.closest('label') || el;
    }
    if (seen.has(target)) continue;
    seen.add(target);
    const r = target.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= 0 || r.left >= window.innerWidth) continue;  // off screen (a closed menu)
    if (r.height < minimum - 0.5) {
      const holder = el.closest('[data-testid]');
      const text = (el.innerText || el.getAttribute('aria-label') || el.value || '').trim();
      small.push(`${el.tagName} in ${holder ? holder.dataset.testid : '?'} "${text.slice(0, 40)}"`
        + ` ${Math.round(r.height)} px high`);
    }
  }
  return small;
}
"""

OVERFLOW = """
() => {
  const out = [];
  const width = window.innerWidth;
  const doc = document.documentElement;
  if (doc.scrollWidth > width) out.push(`the page is ${doc.scrollWidth} px wide in ${width}`);
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && main.scrollWidth > main.clientWidth + 1) {
    out.push(`the main area scrolls sideways: ${main.scrollWidth} px in ${main.clientWidth}`);
  }
  const scrollsSideways = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if ((x === 'auto' || x === 'scroll') && p !== main && p !== doc && p !== document.body) {
        return true;
      }
    }
    return false;
  };
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (scrollsSideways(el)) continue;
    const holder = el.closest('[data-testid]');
    out.push(`${el.tagName} in ${holder ? holder.dataset.testid : '?'} ends at `
      + `${Math.round(r.right)} px`);
    if (out.length > 20) break;
  }
  return out;
}
"""


@dataclass
class DemoServer:
    server: LiveServer
    passwords: dict[str, str]
    share_token: str


@pytest.fixture(scope="module")
def demo_server() -> Iterator[DemoServer]:
    server = start_server()
    engine = server.engine()
    result = demo.load(engine, actor=actors.CLI)
    director = users.get_view(engine, "demo-director")
    assert director is not None
    token = share_links.create(engine, label="Phones test", actor=director).token
    engine.dispose()
    yield DemoServer(server, dict(result.accounts), token)
    stop_server(server)


def _open(page: Page, demo_server: DemoServer, name: str) -> None:
    url = demo_server.server.url
    account = PAGES[name]
    if name == SHARED:
        page.goto(f"{url}/?share={demo_server.share_token}")
    else:
        assert account is not None, f"say which demo account opens {name}"
        page.goto(url)
        login(page, account, demo_server.passwords[account])
        page.goto(f"{url}/{name}")
    wait_for_app(page, timeout=120_000)
    expect(page.locator("h1").first).to_be_visible(timeout=60_000)


def _problems(page: Page, where: str) -> list[str]:
    found = [f"{where}: {p}" for p in page.evaluate(OVERFLOW)]
    found += [f"{where}: {p}" for p in page.evaluate(SMALL_TARGETS, [MIN_TARGET, FIELD_BOXES])]
    return found


def _screenshot(page: Page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main area, so grow the window to fit."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    assert size is not None
    height = page.evaluate(
        "() => (document.querySelector('[data-testid=\"stMain\"]') || document.body).scrollHeight"
    )
    page.set_viewport_size({"width": size["width"], "height": min(height, MAX_SHOT_HEIGHT)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"phones-{name}.png"))
    page.set_viewport_size(size)
    page.wait_for_timeout(300)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_fits_the_screen_and_every_tap_target_is_44_px_high(
    demo_server, new_page, name, viewport
):
    width, height = VIEWPORTS[viewport]
    page = new_page({"width": width, "height": height})
    _open(page, demo_server, name)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower())
    problems = _problems(page, name)
    _screenshot(page, f"{slug}-{width}")
    tabs = page.locator("[data-testid='stMain'] [role='tab']")
    for i in range(1, tabs.count()):
        tab = tabs.nth(i)
        label = tab.inner_text().strip()
        tab.click()
        wait_for_app(page)
        problems += _problems(page, f"{name}, tab {label!r}")
        tab_slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        _screenshot(page, f"{slug}-{tab_slug}-{width}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_funder_view_shows_every_headline_figure_within_the_first_screen(
    demo_server, new_page, viewport
):
    width, height = VIEWPORTS[viewport]
    page = new_page({"width": width, "height": height})
    _open(page, demo_server, SHARED)
    metrics = page.locator(".st-key-funder_headline [data-testid='stMetric']")
    expect(metrics.first).to_be_visible(timeout=60_000)
    labels = [m.inner_text() for m in metrics.all()]
    assert any("Recommendations raised" in t for t in labels), labels
    assert any("Adaptations in place" in t for t in labels), labels
    for metric in metrics.all():
        box = metric.bounding_box()
        assert box is not None
        # Whole within the first screen, without scrolling: a funder reads the figures first.
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (metric.inner_text(), box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (metric.inner_text(), box)
    page.screenshot(path=str(ARTIFACTS / f"phones-shared-first-screen-{width}.png"))

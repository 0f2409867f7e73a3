"""Every language, on a real server with the demonstration data (issue 10).

For each language the app speaks, a demo member's account is set to it and a browser whose
Accept-Language says the same opens the login page, logs in, and goes through meetings, a
recommendation's page, the impact page of an adaptation and the quarterly reports (the preview
and the downloaded web page); a director's share link made in that language is opened in a
fresh browser that asks for English. On each screen the visible text is compared with the
English catalog: a line that reads exactly like an English message whose translation differs
is English left behind. What people typed (titles, minutes, names: the demo's own words, read
from its database) is set aside first: it stays as typed.

Burmese and Swahili are also read on a phone (390 px), where nothing may run past the screen's
edge (the overflow check of tests/browser/test_phones.py).
Screenshots at 1280 and 390 px go to test-artifacts/languages-<lang>-<screen>-<width>.png.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import jwt
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import String, Text, select

from advisory import actors, demo, i18n, models
from advisory.db import session_scope
from advisory.services import languages, share_links, users
from tests.browser.conftest import LiveServer, start_server, stop_server
from tests.browser.helpers import ARTIFACTS, create_user, wait_for_app
from tests.browser.test_phones import OVERFLOW
from tests.unit.test_catalogs import code_messages

TRANSLATED = sorted(set(i18n.LANGUAGES) - {i18n.DEFAULT})
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
MEMBER, DIRECTOR = "demo-member", "demo-director"
SHOT_LANGUAGES = {"my", "sw"}  # looked at by a person at both widths (the issue asks for these)


@dataclass
class DemoServer:
    server: LiveServer
    passwords: dict[str, str]
    adaptation_id: int
    recommendation_id: int
    typed: frozenset[str]


def _typed_texts(engine) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """Every text value stored in the demo database: what people typed stays as typed."""
    found: set[str] = set()
    with session_scope(engine) as s:
        for table in models.Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String | Text):
                    found.update(str(v).strip() for v in s.execute(select(column)).scalars() if v)
    return frozenset(found)


@pytest.fixture(scope="module")
def demo_server() -> Iterator[DemoServer]:
    server = start_server()
    engine = server.engine()
    result = demo.load(engine, actor=actors.CLI)
    with session_scope(engine) as s:
        adaptation_id = s.scalars(
            select(models.Adaptation.id).where(models.Adaptation.name == "Women-only Tuesday")
        ).one()
        recommendation_id = s.scalars(select(models.Recommendation.id).limit(1)).one()
    typed = _typed_texts(engine)
    engine.dispose()
    yield DemoServer(server, dict(result.accounts), adaptation_id, recommendation_id, typed)
    stop_server(server)


@cache
def _english_left_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    """A pattern per English message whose translation in `language` reads differently.

    Placeholders match any text; a message of placeholders and punctuation only says nothing.
    """
    patterns = []
    with i18n.use(language):
        for (context, msgid), texts in code_messages().items():
            if context is not None:
                translated = i18n.pgettext(context, msgid)
            elif len(texts) > 1:
                translated = i18n.ngettext(texts[0], texts[1], 2)
            else:
                translated = i18n._(msgid)
            for english in texts:
                if translated.strip() == english.strip():
                    continue
                literal = re.sub(r"\{[^{}]*\}", "", english)
                if len(re.sub(r"[\W\d_]+", "", literal)) < 3:
                    continue
                parts = re.split(r"\{[^{}]*\}", _visible(english))
                patterns.append(re.compile(".+?".join(re.escape(p) for p in parts)))
    return tuple(patterns)


def _visible(message: str) -> str:
    """The message as a screen shows it: Markdown emphasis and links reduced to their text."""
    text = re.sub(r"\*\*|__|`", "", message)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r":material/[a-z_]+:", "", text)
    return " ".join(text.split())


def english_left(page: Page, language: str, typed: frozenset[str]) -> list[str]:
    text = page.locator("[data-testid='stApp']").inner_text()
    lines = {" ".join(line.split()) for line in text.splitlines()}
    lines = {line for line in lines if line and line not in typed}
    return sorted(
        line
        for line in lines
        if not any(t and t in line for t in typed if len(t) > 12)
        and any(p.fullmatch(line) for p in _english_left_patterns(language))
    )


def _context(browser: Browser, language: str, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport=viewport, locale=language)
    ctx.set_default_timeout(60_000)
    return ctx


def _login(page: Page, server: DemoServer, username: str) -> None:
    """Log in through the form, whatever its language: the fields by type, the button by
    the catalog's own label."""
    form = page.locator("[data-testid='stForm']").first
    form.wait_for()
    wait_for_app(page)
    clicked = time.time()
    form.locator("input[type='text']").first.fill(username)
    form.locator("input[type='password']").first.fill(server.passwords[username])
    form.locator("[data-testid='stFormSubmitButton'] button").first.click()
    wait_for_app(page)
    page.locator("[data-testid='stSidebar']").wait_for(state="attached")
    deadline = time.monotonic() + 30
    while not any(
        c["name"] == "advisory_auth"
        and jwt.decode(c["value"], options={"verify_signature": False}).get("username") == username
        and float(jwt.decode(c["value"], options={"verify_signature": False})["exp_date"]) - 86400
        >= clicked - 1
        for c in page.context.cookies()
    ):
        assert time.monotonic() < deadline, "the browser never stored a login cookie"
        page.wait_for_timeout(200)


def _look(page: Page, demo_server: DemoServer, language: str, screen: str) -> list[str]:
    wait_for_app(page, timeout=120_000)
    expect(page.locator("[data-testid='stMain'] :is(h1, h2, h3)").first).to_be_visible(
        timeout=60_000
    )
    page.wait_for_timeout(500)  # plotly charts draw their labels after the script run
    found = [f"{screen}: {line}" for line in english_left(page, language, demo_server.typed)]
    # Long words (Burmese has no spaces between words) must wrap, never push the page sideways.
    found += [f"{screen}: {problem}" for problem in page.evaluate(OVERFLOW)]
    if language in SHOT_LANGUAGES:
        # The whole page: Streamlit scrolls inside its main area, so grow the window to fit.
        ARTIFACTS.mkdir(exist_ok=True)
        size = page.viewport_size or LAPTOP
        height = page.evaluate(
            "() => (document.querySelector('[data-testid=\"stMain\"]') || document.body)"
            ".scrollHeight"
        )
        page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / f"languages-{language}-{screen}-{size['width']}.png"))
        page.set_viewport_size(size)
    return found


def _set_member_language(demo_server: DemoServer, language: str) -> None:
    engine = demo_server.server.engine()
    member = users.get_view(engine, MEMBER)
    assert member is not None
    languages.set_user_language(engine, actor=member, language=language)
    engine.dispose()


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_member_reads_every_screen_in_her_language_with_no_english_left(
    demo_server: DemoServer, browser: Browser, language: str
) -> None:
    _set_member_language(demo_server, language)
    url = demo_server.server.url
    problems: list[str] = []
    widths = (LAPTOP, PHONE) if language in SHOT_LANGUAGES else (LAPTOP,)
    for viewport in widths:
        ctx = _context(browser, language, viewport)
        page = ctx.new_page()
        page.goto(url)
        wait_for_app(page)
        problems += _look(page, demo_server, language, "login")
        _login(page, demo_server, MEMBER)
        for screen, path in (
            ("overview", ""),
            ("meetings", "meetings"),
            ("recommendation", f"recommendations?id={demo_server.recommendation_id}"),
            ("impact", f"impact?adaptation={demo_server.adaptation_id}"),
            ("reports", "reports"),
        ):
            page.goto(f"{url}/{path}")
            problems += _look(page, demo_server, language, screen)
        ctx.close()
    assert problems == [], f"English left in {language}:\n" + "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_share_link_made_in_a_language_opens_in_it_in_a_browser_that_asks_for_english(
    demo_server: DemoServer, browser: Browser, language: str
) -> None:
    engine = demo_server.server.engine()
    director = users.get_view(engine, DIRECTOR)
    assert director is not None
    token = share_links.create(
        engine, label=f"Funder ({language})", actor=director, language=language
    ).token
    engine.dispose()
    ctx = browser.new_context(viewport=LAPTOP, locale="en-US")  # no cookies, English browser
    page = ctx.new_page()
    page.goto(f"{demo_server.server.url}/?share={token}")
    problems = _look(page, demo_server, language, "funder-view")
    with i18n.use(language):
        heading = page.locator("h1").first.inner_text()
    ctx.close()
    assert problems == [], f"English left in the {language} funder view:\n" + "\n".join(problems)
    assert heading


def test_a_members_language_choice_survives_a_reload_logout_and_another_browser(
    demo_server: DemoServer, browser: Browser
) -> None:
    create_user(demo_server.server, "amani", "member", "amani language passphrase")
    demo_server.passwords["amani"] = "amani language passphrase"
    with i18n.use("sw"):
        log_out = i18n._("Log out")
    url = demo_server.server.url
    first = _context(browser, "en-US", LAPTOP)
    page = first.new_page()
    page.goto(url)
    _login(page, demo_server, "amani")
    # Typed and confirmed with Enter, as a person using the keyboard would (the list filters).
    menu = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(
        has_text="Language"
    )
    menu.locator("input").click()
    menu.locator("input").press_sequentially("Kisw")
    page.get_by_role("option", name="Kiswahili").wait_for()
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_role("button", name=log_out)).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("button", name=log_out)).to_be_visible()
    page.get_by_role("button", name=log_out).click()
    wait_for_app(page)
    first.close()
    # Another browser that asks for English: her account says Swahili.
    other = _context(browser, "en-US", PHONE)
    page = other.new_page()
    page.goto(url)
    _login(page, demo_server, "amani")
    page.goto(f"{url}/meetings")
    wait_for_app(page)
    with i18n.use("sw"):
        meetings = i18n._("Meetings")
    expect(page.get_by_role("heading", name=meetings).first).to_be_visible()
    other.close()

"""The Sharing page (AppTest): directors and admins create, pause, resume and revoke links;
members see nothing; the address is shown once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from advisory.db import DatabaseBusy
from advisory.services import share_links
from tests.factories import TEST_ADMIN, make_site
from tests.ui.apptest import engine_for, page_test, texts

URL_RE = re.compile(r"^http://localhost:8501/\?share=([A-Za-z0-9_-]{43})$")


@pytest.fixture
def env(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, int]:
    monkeypatch.delenv("APP_URL", raising=False)
    engine = engine_for(app_env)
    for name in ("Riverside drop-in centre", "Harbour outreach"):
        make_site(engine, name)
    created = share_links.create(engine, label="Secret Funder Label", actor=TEST_ADMIN)
    engine.dispose()
    return app_env, created.link.id


def _links(data_dir: Path) -> list[share_links.ShareLinkView]:
    engine = engine_for(data_dir)
    links = share_links.list_links(engine, actor=TEST_ADMIN)
    engine.dispose()
    return links


def _button(at: AppTest, label: str) -> Button:
    return next(b for b in at.button if b.label == label)


def test_a_member_sees_only_the_refusal_and_no_link(env):
    data_dir, _ = env
    at = page_test("pages/sharing.py", data_dir=data_dir, username="nang", role="member")
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["You don't have access to this page."]
    assert "Secret Funder Label" not in texts(at)
    # The refusal page's own title (issue 13) is the only title: nothing of the Sharing page.
    assert [t.value for t in at.title] == ["No access"]
    assert not at.dataframe and not at.text_input and not at.button
    assert not at.code


@pytest.mark.parametrize("role", ["director", "admin"])
def test_a_director_or_admin_creates_a_link_and_sees_its_address_once(env, role):
    data_dir, _ = env
    at = page_test("pages/sharing.py", data_dir=data_dir, username=f"{role}1", role=role)
    at.run()
    assert not at.exception
    at.text_input(key="share_label").input("Global Fund")
    at.number_input(key="share_days").set_value(30)
    at.multiselect(key="share_sites").set_value(["Harbour outreach"])
    at.multiselect(key="share_sections").set_value(["attendance"])
    _button(at, "Create link").click().run()
    assert not at.exception
    (code,) = at.code
    token = URL_RE.match(code.value).group(1)
    assert "it is shown only once" in texts(at)
    engine = engine_for(data_dir)
    scope = share_links.resolve(engine, token)
    engine.dispose()
    assert scope.site_names == ("Harbour outreach",)
    assert scope.sections == ("attendance",)
    newest = _links(data_dir)[0]
    assert (newest.label, newest.status, newest.created_by) == (
        "Global Fund",
        "active",
        role.title() + "1",
    )
    assert (newest.expires_at - newest.created_at).days == 30
    # Any later run no longer shows it: only a fingerprint was kept.
    at.run()
    assert not at.code
    assert token not in texts(at)
    assert "Global Fund" in at.dataframe[0].value["for"].tolist()


def test_an_empty_label_is_refused_with_a_message_and_nothing_is_created(env):
    data_dir, _ = env
    at = page_test("pages/sharing.py", data_dir=data_dir, username="dir1", role="director")
    at.run()
    _button(at, "Create link").click().run()
    assert not at.exception
    assert "Enter a label saying who the link is for" in texts(at)
    assert not at.code
    assert len(_links(data_dir)) == 1


def test_pause_resume_and_revoke_from_the_page(env):
    data_dir, link_id = env
    at = page_test("pages/sharing.py", data_dir=data_dir, username="dir1", role="director")
    at.run()
    at.selectbox(key="share_pick").set_value(f"{link_id}: Secret Funder Label (active)")
    _button(at, "Pause").click().run()
    assert not at.exception
    assert f"Link {link_id} is paused." in texts(at)
    assert _links(data_dir)[0].status == "paused"
    _button(at, "Pause").click().run()
    assert "This link is already paused." in texts(at)
    _button(at, "Resume").click().run()
    assert _links(data_dir)[0].status == "active"
    _button(at, "Revoke").click().run()
    assert f"Link {link_id} is revoked for good." in texts(at)
    assert _links(data_dir)[0].status == "revoked"
    table = at.dataframe[0].value
    assert table.loc[table["number"] == link_id, "status"].tolist() == ["revoked"]


def test_a_refused_link_keeps_what_was_typed_and_a_created_one_clears_the_form(env):
    data_dir, _ = env
    at = page_test("pages/sharing.py", data_dir=data_dir, username="dir1", role="director")
    at.run()
    at.text_input(key="share_label").input("Global Fund")
    at.number_input(key="share_days").set_value(30)
    at.multiselect(key="share_sections").set_value([])
    _button(at, "Create link").click().run()
    assert not at.exception
    assert "Choose at least one section the link shows." in texts(at)
    assert at.text_input(key="share_label").value == "Global Fund"
    assert at.number_input(key="share_days").value == 30
    at.multiselect(key="share_sections").set_value(["impact"])
    _button(at, "Create link").click().run()
    assert not at.exception
    assert len(at.code) == 1
    assert at.text_input(key="share_label").value == ""
    assert at.number_input(key="share_days").value == share_links.DEFAULT_DAYS


def test_a_busy_database_is_a_message_above_the_form_not_a_traceback(env, monkeypatch):
    data_dir, _ = env

    def busy(*args: object, **kwargs: object) -> None:
        raise DatabaseBusy()

    at = page_test("pages/sharing.py", data_dir=data_dir, username="dir1", role="director")
    at.run()
    at.text_input(key="share_label").input("Global Fund")
    monkeypatch.setattr(share_links, "create", busy)
    _button(at, "Create link").click().run()
    assert not at.exception
    assert "The database is busy just now" in texts(at)
    assert at.text_input(key="share_label").value == "Global Fund"
    assert not at.code


def _as_browser(headers: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    """The request headers Streamlit gives st.context during at.run() (AppTest has none)."""
    from types import SimpleNamespace
    from unittest import mock

    ctx = SimpleNamespace(cookies={}, headers=headers)
    return mock.patch("streamlit.runtime.context._get_client_context", return_value=ctx)


def test_without_app_url_the_link_starts_with_the_address_the_browser_used(env):
    data_dir, _ = env
    at = page_test("pages/sharing.py", data_dir=data_dir, username="director1", role="director")
    with _as_browser([("Host", "localhost:18601")]):
        at.run()
        at.text_input(key="share_label").input("Global Fund")
        _button(at, "Create link").click().run()
    assert not at.exception
    assert not at.warning
    (code,) = at.code
    assert re.fullmatch(r"http://localhost:18601/\?share=[A-Za-z0-9_-]{43}", code.value)


def test_app_url_overrides_the_browser_address_and_the_page_warns_that_they_differ(
    env, monkeypatch
):
    data_dir, _ = env
    monkeypatch.setenv("APP_URL", "https://advisory.example.org/")
    at = page_test("pages/sharing.py", data_dir=data_dir, username="director1", role="director")
    with _as_browser([("Host", "localhost:18601")]):
        at.run()
        (warning,) = at.warning
        shown = warning.value.replace("\\", "")  # as the reader sees it, markdown unescaped
        assert "https://advisory.example.org (the APP_URL setting)" in shown
        assert "you opened this page at http://localhost:18601" in shown
        at.text_input(key="share_label").input("Global Fund")
        _button(at, "Create link").click().run()
    assert not at.exception
    (code,) = at.code
    assert re.fullmatch(r"https://advisory\.example\.org/\?share=[A-Za-z0-9_-]{43}", code.value)


def test_app_url_matching_the_browser_address_gives_no_warning(env, monkeypatch):
    data_dir, _ = env
    monkeypatch.setenv("APP_URL", "https://advisory.example.org")
    at = page_test("pages/sharing.py", data_dir=data_dir, username="director1", role="director")
    headers = [("Host", "127.0.0.1:8501"), ("X-Forwarded-Host", "advisory.example.org"),
               ("X-Forwarded-Proto", "https")]  # fmt: skip
    with _as_browser(headers):
        at.run()
    assert not at.exception
    assert not at.warning

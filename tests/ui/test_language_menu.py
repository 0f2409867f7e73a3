"""The language menu (AppTest through app.py): hidden while only English exists; a pick
changes the run's words at once and is saved with the account."""

from __future__ import annotations

import time

import jwt
from streamlit.testing.v1 import AppTest

from advisory import config
from advisory.services import languages, users
from tests.language_catalogs import catalogs
from tests.ui.apptest import app_file, browser_cookies, engine_for, ensure_user

FRENCH = {"Language": "Langue"}


def _cookies() -> dict[str, str]:
    token = jwt.encode(
        {"username": "amina", "exp_date": time.time() + 86400}, config.cookie_key(), "HS256"
    )
    return {"advisory_auth": token}


def _logged_in(app_env) -> AppTest:
    ensure_user(app_env, "amina", "member")
    at = AppTest.from_file(app_file("app.py"), default_timeout=30)
    with browser_cookies(_cookies()):
        at.run()
    assert at.session_state["username"] == "amina"
    return at


def test_with_only_english_there_is_no_language_menu(app_env, monkeypatch, tmp_path):
    with catalogs(monkeypatch, tmp_path / "locale", {}):
        at = AppTest.from_file(app_file("app.py"), default_timeout=30).run()
    assert not at.exception
    assert not [box for box in at.selectbox if box.label in ("Language", "Langue")]


def test_a_logged_in_member_finds_the_language_menu_in_the_sidebar(app_env, monkeypatch, tmp_path):
    # why only the first run: AppTest's later runs of a multipage app with st.navigation do
    # not run app.py's sidebar again; saving a pick is tested in tests/integration/
    # test_languages.py and in the browser.
    with catalogs(monkeypatch, tmp_path / "locale", {"fr": FRENCH}):
        at = _logged_in(app_env)
        menu = next(box for box in at.sidebar.selectbox if box.key == "advisory_language_menu")
        assert menu.label == "Language"
        assert menu.options == ["English", "Français"]


def test_a_member_whose_account_says_french_reads_french_from_the_first_run(
    app_env, monkeypatch, tmp_path
):
    with catalogs(monkeypatch, tmp_path / "locale", {"fr": FRENCH}):
        ensure_user(app_env, "amina", "member")
        engine = engine_for(app_env)
        languages.set_user_language(engine, actor=users.get_view(engine, "amina"), language="fr")
        engine.dispose()
        at = _logged_in(app_env)
        menu = next(box for box in at.sidebar.selectbox if box.key == "advisory_language_menu")
        assert menu.label == "Langue"
        assert menu.value == "fr"


def test_the_login_page_offers_the_languages_before_anyone_logs_in(app_env, monkeypatch, tmp_path):
    ensure_user(app_env, "amina", "member")  # a set-up app: the login page, not the setup
    with catalogs(monkeypatch, tmp_path / "locale", {"fr": FRENCH}):
        at = AppTest.from_file(app_file("app.py"), default_timeout=30).run()
        menu = next(box for box in at.selectbox if box.label == "Language")
        menu.select("fr").run()
        assert not at.exception
        assert any(box.label == "Langue" for box in at.selectbox)

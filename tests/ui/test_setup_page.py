"""First run: the setup page creates the first admin; bad input saves nothing."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from advisory.db import session_scope
from advisory.services import users
from tests.ui.apptest import app_file, engine_for, texts


def _fill(at: AppTest, **values: str) -> None:
    labels = {
        "organisation": "Organisation name",
        "username": "Admin username",
        "display": "Display name",
        "password": "Password",
        "confirm": "Repeat the password",
    }
    for key, value in values.items():
        next(t for t in at.text_input if t.label == labels[key]).input(value)


def _user_count(data_dir: Path) -> int:
    engine = engine_for(data_dir)
    with session_scope(engine) as s:
        n = len(users.list_users(s))
    engine.dispose()
    return n


def test_first_run_shows_the_setup_page_and_no_login(app_env):
    at = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
    assert not at.exception
    assert "Set up Advisory Dashboard" in texts(at)
    assert "There is no default password" in texts(at)


def test_setup_refuses_a_short_password_and_saves_nothing(app_env):
    at = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
    _fill(
        at, organisation="Org", username="amina", display="Amina", password="short", confirm="short"
    )
    at.button[0].click().run()
    assert "at least 12 characters" in texts(at)
    assert _user_count(app_env) == 0


def test_setup_refuses_an_empty_username_and_different_passwords(app_env):
    at = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
    _fill(
        at,
        organisation="Org",
        username="",
        display="",
        password="a long passphrase one",
        confirm="a long passphrase one",
    )
    at.button[0].click().run()
    assert "Enter a username." in texts(at)
    _fill(at, username="amina", confirm="a different passphrase")
    at.button[0].click().run()
    assert "The two passwords differ." in texts(at)
    assert _user_count(app_env) == 0


def test_setup_creates_the_first_admin_and_then_offers_the_login(app_env):
    at = AppTest.from_file(app_file("app.py"), default_timeout=30).run()
    _fill(
        at,
        organisation="Riverside",
        username="Amina",
        display="Amina",
        password="a long passphrase one",
        confirm="a long passphrase one",
    )
    at.button[0].click().run()
    assert not at.exception
    assert "Admin account 'amina' created. Log in with it to go on." in texts(at)
    # The form is gone (issue 13): nothing left to fill in or press but the step on.
    assert not at.text_input and not at.checkbox
    assert [b.label for b in at.button] == ["Continue to log in"]
    assert [t.value for t in at.title] == ["Setup complete"]
    engine = engine_for(app_env)
    with session_scope(engine) as s:
        admin = users.get_view(s, "amina")
    assert admin is not None and admin.role == "admin"
    assert any(b.label == "Continue to log in" for b in at.button)
    # Any other session now gets the login form, never the setup page.
    other = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
    assert "Set up Advisory Dashboard" not in texts(other)
    assert [t.label for t in other.text_input] == ["Username", "Password"]


def test_the_setup_page_refuses_once_an_account_exists(app_env):
    from tests.ui.apptest import ensure_user, page_test

    ensure_user(app_env, "amina", "admin")
    at = page_test("pages/setup.py").run()
    assert "Setup is already complete" in texts(at)
    assert not at.text_input

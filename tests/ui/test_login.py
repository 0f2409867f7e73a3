"""The hardened login: the real streamlit-authenticator form and cookie, with our rules."""

from __future__ import annotations

import time

import jwt
from streamlit.testing.v1 import AppTest

from advisory import config
from advisory.db import session_scope
from advisory.services import users
from components.auth import FAILED_MESSAGE
from tests.ui.apptest import app_file, browser_cookies, engine_for, ensure_user, texts

PW = "a long test passphrase"


def _login(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def _cookie(username: str, issued: float, days: float = 1.0) -> str:
    return jwt.encode(
        {"username": username, "exp_date": issued + days * 86400},
        config.cookie_key(),
        algorithm="HS256",
    )


def test_a_correct_password_logs_in_and_a_wrong_one_gets_the_same_message_as_a_stranger(
    app_env,
):
    ensure_user(app_env, "nang", "member")
    at = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
    _login(at, "nang", "wrong passphrase!!")
    assert FAILED_MESSAGE in texts(at)
    at2 = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
    _login(at2, "nobody-here", "wrong passphrase!!")
    assert FAILED_MESSAGE in texts(at2)
    at3 = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
    _login(at3, "nang", PW)
    assert at3.session_state["authentication_status"] is True
    assert at3.session_state["username"] == "nang"


def test_five_failures_lock_the_account_even_for_the_right_password(app_env):
    ensure_user(app_env, "nang", "member")
    for _ in range(5):
        at = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
        _login(at, "nang", "wrong passphrase!!")
    at = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
    _login(at, "nang", PW)
    assert FAILED_MESSAGE in texts(at)
    assert not at.session_state["authentication_status"]
    engine = engine_for(app_env)
    with session_scope(engine) as s:
        assert users.get_by_username(s, "nang").locked_until is not None


def test_unknown_users_cost_one_bcrypt_check_like_wrong_passwords(app_env, monkeypatch):
    from advisory import passwords

    calls: list[str] = []
    real_dummy = passwords.dummy_check

    def counting_dummy(password: str) -> None:
        calls.append("dummy")
        real_dummy(password)  # the real bcrypt work still happens

    monkeypatch.setattr(passwords, "dummy_check", counting_dummy)
    ensure_user(app_env, "nang", "member")
    at = AppTest.from_file(app_file("app.py"), default_timeout=20).run()
    _login(at, "nobody-here", "wrong passphrase!!")
    assert calls == ["dummy"]
    assert FAILED_MESSAGE in texts(at)


def test_a_valid_cookie_logs_in_without_the_form(app_env):
    ensure_user(app_env, "nang", "member")
    at = AppTest.from_file(app_file("app.py"), default_timeout=20)
    with browser_cookies({"advisory_auth": _cookie("nang", time.time())}):
        at.run()
    assert at.session_state["username"] == "nang"
    assert "Welcome, Nang." in texts(at)


def test_a_cookie_issued_before_sessions_valid_after_is_treated_as_logged_out(app_env):
    ensure_user(app_env, "nang", "member")
    issued = time.time()
    time.sleep(0.01)
    engine = engine_for(app_env)
    with session_scope(engine) as s:
        users.end_all_sessions(s, actor=users.get_view(s, "nang"), reason="logout")
    at = AppTest.from_file(app_file("app.py"), default_timeout=20)
    with browser_cookies({"advisory_auth": _cookie("nang", issued)}):
        at.run()
    assert not at.session_state["authentication_status"]
    assert [t.label for t in at.text_input] == ["Username", "Password"]


def test_a_forged_or_expired_cookie_is_ignored(app_env):
    ensure_user(app_env, "nang", "member")
    forged = jwt.encode(
        {"username": "nang", "exp_date": time.time() + 86400}, "x" * 40, algorithm="HS256"
    )
    expired = _cookie("nang", time.time() - 2 * 86400)
    for cookie in (forged, expired, "not-a-jwt"):
        at = AppTest.from_file(app_file("app.py"), default_timeout=20)
        with browser_cookies({"advisory_auth": cookie}):
            at.run()
        assert not at.session_state["authentication_status"]


def test_a_cookie_that_claims_to_be_issued_in_the_future_is_refused(app_env):
    # e.g. issued when AUTH_COOKIE_DAYS was 30 and read after it was lowered to 1
    ensure_user(app_env, "nang", "member")
    at = AppTest.from_file(app_file("app.py"), default_timeout=20)
    with browser_cookies({"advisory_auth": _cookie("nang", time.time(), days=30)}):
        at.run()
    assert not at.session_state["authentication_status"]


def test_the_generated_cookie_key_is_kept_private(app_env):
    key = config.cookie_key()
    path = app_env / "auth_cookie.key"
    assert path.read_text().strip() == key and len(key) >= 40
    assert path.stat().st_mode & 0o777 == 0o600
    assert config.cookie_key() == key  # generated once, then reused


# Logout itself is tested in the browser (tests/browser/test_foundation_flow.py): AppTest does
# not deliver clicks to widgets drawn in app.py around st.navigation.

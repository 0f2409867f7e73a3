"""The login gate: who is this session, and the login/logout widgets.

How it fits with streamlit-authenticator 0.4.2 (see shared/design/streamlit-notes.md):
- We decode the library's login cookie ourselves from `st.context.cookies` before
  `st.navigation`, because creating `Authenticate` first loses deep links (upstream #179).
- We accept a cookie or a session only if the account is active and the login was issued
  after the account's `sessions_valid_after` (the library never revokes its cookie: #91, #195).
- We wrap the library's login check with a lockout kept in the database and a dummy bcrypt
  check for unknown or locked names, so answers and timings reveal nothing.
- The library never decodes the cookie itself here (issue 14): its decoder lets
  `InvalidAlgorithmError` escape, so a cookie signed with `alg: none` crashed the login page.
  Every cookie is decoded by `_decode` below, and anything it cannot verify means logged out.
- We write the cookie ourselves through the library's cookie component: `SameSite=Strict`,
  and `Secure` whenever the page is served over HTTPS. It cannot be `HttpOnly`: the component
  writes it from JavaScript (README "Accounts and login security" says what mitigates that).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from typing import Any

import jwt
import streamlit as st

from advisory import config, passwords
from advisory.i18n import N_, _
from advisory.services import users
from advisory.services.users import UserView
from components import language
from components.database import configured_cookie_key, get_engine

# Our own session-state keys. The library's keys (name, username, roles, email,
# authentication_status, logout, init) are never used as widget keys (notes pitfall 3).
LOGIN_AT = "advisory_login_at"
LOGIN_FAILED = "advisory_login_failed"
JUST_LOGGED_OUT = "advisory_just_logged_out"

FAILED_MESSAGE = N_(
    "Incorrect username or password. After 5 failed attempts an account is locked for "
    "15 minutes; an admin can reset a forgotten password."
)


def cookie_name() -> str:
    return config.setting("AUTH_COOKIE_NAME") or "advisory_auth"


def cookie_days() -> float:
    return float(config.setting("AUTH_COOKIE_DAYS") or 1)


def _epoch_to_utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC).replace(tzinfo=None)


def _decode(raw: object) -> tuple[str, float] | None:
    """(username, expiry) of a login cookie signed with our key (HS256 only), else None.

    Any other token (unsigned `alg: none`, another algorithm or key, not a JWT at all, odd
    claims) is simply not a login: never an exception, never the error page.
    """
    if not isinstance(raw, str) or not raw:
        return None
    try:
        payload = jwt.decode(raw, config.cookie_key(configured_cookie_key()), algorithms=["HS256"])
        username = payload["username"]
        expires = float(payload["exp_date"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError, OverflowError):
        return None
    if not isinstance(username, str) or not username or not math.isfinite(expires):
        return None
    return username, expires


def _user_from_cookie() -> tuple[UserView | None, float | None]:
    """Decode the login cookie (cheap, renders nothing); None when absent or not honoured."""
    raw = st.context.cookies.get(cookie_name()) if st.context.cookies else None
    decoded = _decode(raw)
    if decoded is None:
        return None, None
    username, expires = decoded
    # (An expiry beyond ten years is no cookie of ours, and would not fit a datetime.)
    if expires <= time.time() or expires > time.time() + 3650 * 86400:
        return None, None
    # The library's JWT has no issued-at; it is the expiry minus the configured lifetime.
    issued = expires - cookie_days() * 86400
    if issued > time.time() + 60:
        # Issued "in the future": the lifetime setting was shortened since. Refuse, or a cookie
        # revoked by sessions_valid_after would look new again.
        return None, None
    user = users.session_is_valid(get_engine(), username, _epoch_to_utc(issued))
    return user, (issued if user else None)


def _clear_login_state() -> None:
    for key in ("name", "username", "authentication_status", "email", "roles", LOGIN_AT):
        if key in st.session_state:
            st.session_state[key] = None


def current_user() -> UserView | None:
    """The logged-in user for this run, re-checked against the database every run."""
    if st.session_state.get("authentication_status") and st.session_state.get("username"):
        issued = st.session_state.get(LOGIN_AT)
        if issued is None:
            # Seeded by a test or set by the library this run: treat it as issued now.
            issued = time.time()
            st.session_state[LOGIN_AT] = issued
        user = users.session_is_valid(
            get_engine(), st.session_state["username"], _epoch_to_utc(float(issued) + 1e-3)
        )
        if user is None:
            _clear_login_state()
        return user
    if st.session_state.get(JUST_LOGGED_OUT):
        return None
    user, issued = _user_from_cookie()
    if user is not None:
        st.session_state["authentication_status"] = True
        st.session_state["username"] = user.username
        st.session_state["name"] = user.display_name
        st.session_state["roles"] = [user.role]
        st.session_state[LOGIN_AT] = issued
    return user


def _guarded(original: Callable[..., object]) -> Callable[..., bool | None]:
    """Wrap the library's AuthenticationController.login with our lockout and timing rules."""

    def login(
        username: str | None = None,
        password: str | None = None,
        *args: object,
        token: object = None,
        **kwargs: object,
    ) -> bool | None:
        if token is not None:
            # Cookie logins are decided by current_user(); a cookie it refused stays refused.
            return None
        name = users.normalise_username(username or "")
        if not name or not password:
            st.session_state[LOGIN_FAILED] = _("Enter your username and password.")
            return False
        attempt = users.start_login_attempt(get_engine(), name)
        if attempt is None or attempt > users.MAX_FAILED_LOGINS:
            # Unknown, inactive or locked (or parallel attempts past the limit): same answer,
            # same time, and the password is never checked.
            passwords.dummy_check(password)
            ok = False
        else:
            ok = bool(original(name, password, *args, **kwargs))
        users.finish_login_attempt(get_engine(), name, attempt=attempt, ok=ok)
        if not ok:
            st.session_state["authentication_status"] = False
            st.session_state[LOGIN_FAILED] = _(FAILED_MESSAGE)
        return ok

    return login


COOKIE_PENDING = "advisory_cookie_pending"
COOKIE_DELETE = "advisory_cookie_delete"


def _authenticator() -> Any:  # a streamlit_authenticator.Authenticate (untyped library)
    """The real streamlit-authenticator, with credentials from the database and our guard."""
    import streamlit_authenticator as stauth

    credentials = users.credentials_for_login(get_engine())
    sleep = float(config.setting("LOGIN_SLEEP_SECONDS") or 0)  # environment, else default
    authenticator = stauth.Authenticate(
        credentials,
        cookie_name(),
        config.cookie_key(configured_cookie_key()),
        cookie_days(),
        auto_hash=False,
        login_sleep_time=sleep,
    )
    authenticator.authentication_controller.login = _guarded(
        authenticator.authentication_controller.login
    )
    # why (issue 14): the library decodes the cookie again in login() and lets
    # InvalidAlgorithmError escape; current_user() has already decided about the cookie.
    authenticator.cookie_controller.get_cookie = lambda: None
    authenticator.cookie_controller.set_cookie = lambda: _set_login_cookie(authenticator)
    return authenticator


def _delete_login_cookie(authenticator: Any) -> None:
    """Remove the login cookie from the browser (through the library's cookie component).

    why (issue 14): the cookie stayed in the browser after logout. The old code deleted it
    only when `st.context.cookies` held it, but those are the cookies of the page load: a tab
    that logged in after loading has its cookie only in the browser. So logout() asks for the
    deletion, and it is drawn on every run of the login form until the next login, which keeps
    the component on screen until the browser has run it.
    """
    manager = authenticator.cookie_controller.cookie_model.cookie_manager
    try:
        manager.delete(cookie_name(), key="advisory_cookie_delete")
    except KeyError:
        pass  # the component had not yet reported the browser's cookies; the delete is sent


def _served_over_https() -> bool:
    """Is the browser on HTTPS (directly, or behind our TLS proxy)?"""
    url = st.context.url
    headers = st.context.headers
    forwarded = headers.get("X-Forwarded-Proto") if headers else None
    if isinstance(url, str) and url.startswith("https://"):
        return True
    return isinstance(forwarded, str) and forwarded.split(",")[0].strip().lower() == "https"


def _set_login_cookie(authenticator: Any) -> None:
    """Store the login cookie in the browser: the library's JWT, Secure behind HTTPS."""
    days = cookie_days()
    token = jwt.encode(
        {"username": st.session_state["username"], "exp_date": time.time() + days * 86400},
        config.cookie_key(configured_cookie_key()),
        algorithm="HS256",
    )
    authenticator.cookie_controller.cookie_model.cookie_manager.set(
        cookie_name(),
        token,
        expires_at=dt.datetime.now() + dt.timedelta(days=days),
        secure=_served_over_https() or None,
        same_site="strict",
    )


def show_login_form() -> None:
    """The login form (the real streamlit-authenticator), hardened; reruns after a login."""
    authenticator = _authenticator()
    language.picker(None, key="advisory_login_language_menu")
    refused = st.context.cookies and st.context.cookies.get(cookie_name())
    if refused or st.session_state.get(COOKIE_DELETE):
        # A cookie that current_user() refused (expired, logged out, password changed), or
        # the one this tab held until its logout.
        _delete_login_cookie(authenticator)
    st.session_state[LOGIN_FAILED] = None
    notice = st.session_state.get("advisory_notice")
    if notice:
        st.info(notice)
    # why: the library's form login also sets its cookie here through a component; we set it
    # again in the first logged-in run (write_login_cookie), where the page keeps the
    # component on screen long enough for the browser to store it. An immediate rerun here
    # alone could drop the cookie, and reloads would then log out.
    authenticator.login(
        location="main",
        fields={
            "Form name": _("Log in"),
            "Username": _("Username"),
            "Password": _("Password"),
            "Login": _("Log in"),
        },
        clear_on_submit=True,
    )
    if st.session_state.get("authentication_status"):
        st.session_state[LOGIN_AT] = time.time()
        st.session_state[JUST_LOGGED_OUT] = False
        st.session_state["advisory_notice"] = None
        st.session_state[COOKIE_PENDING] = True
        st.session_state[COOKIE_DELETE] = False
        st.rerun()
    elif st.session_state.get(LOGIN_FAILED):
        st.error(st.session_state[LOGIN_FAILED])


def _cookie_is_this_login(raw: object, username: str, logged_in_at: float) -> bool:
    """Is `raw` a cookie for this very login (not an older one the browser still holds)?"""
    decoded = _decode(raw)
    if decoded is None:
        return False
    issued = decoded[1] - cookie_days() * 86400
    return decoded[0] == username and issued >= logged_in_at - 1.0


def write_login_cookie() -> None:
    """After a form login, store the login cookie; call after st.navigation on every run.

    why: the cookie is written by the library's browser component. A rerun that comes too soon
    removes the component before the browser has stored the cookie, and then a reload logs the
    user out. So we keep writing it on each run until the component reports that the browser
    holds it.
    """
    if not st.session_state.get(COOKIE_PENDING):
        return
    authenticator = _authenticator()
    held = authenticator.cookie_controller.cookie_model.cookie_manager.cookies or {}
    username = st.session_state.get("username") or ""
    logged_in_at = float(st.session_state.get(LOGIN_AT) or time.time())
    if _cookie_is_this_login(held.get(cookie_name()), username, logged_in_at):
        st.session_state[COOKIE_PENDING] = False
        return
    authenticator.cookie_controller.set_cookie()


def logout(user: UserView) -> None:
    """End this login everywhere: the database refuses every cookie issued before now."""
    users.end_all_sessions(get_engine(), actor=user, reason="logout")
    _clear_login_state()
    st.session_state[JUST_LOGGED_OUT] = True
    st.session_state[COOKIE_DELETE] = True
    st.session_state["logout"] = True

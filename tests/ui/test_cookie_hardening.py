"""Login cookies we cannot verify mean "logged out", never an error page; ours are Secure on HTTPS.

why (issue 14): a cookie signed with `alg: none` crashed the login page twice before it
recovered (streamlit-authenticator lets `InvalidAlgorithmError` escape its own decoder).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from unittest import mock

import jwt
import pytest
from streamlit.testing.v1 import AppTest

from advisory import config
from tests.ui.apptest import app_file, browser_cookies, ensure_user

PW = "a long test passphrase"
# The HS512 case signs with our 43-byte key on purpose: PyJWT warns that it is short for SHA-512.
pytestmark = pytest.mark.filterwarnings("ignore:The HMAC key")


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _signed(payload: dict, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, config.cookie_key(), algorithm=algorithm)


def _signed_raw(payload_json: str) -> str:
    """A correctly signed HS256 token whose payload is any JSON (PyJWT only encodes dicts)."""
    body = base64.urlsafe_b64encode(payload_json.encode()).rstrip(b"=").decode()
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{body}"
    digest = hmac.new(config.cookie_key().encode(), signing_input.encode(), hashlib.sha256)
    signature = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
    return f"{signing_input}.{signature}"


def _claims(**changes: object) -> dict:
    return {"username": "nang", "exp_date": time.time() + 3600, **changes}


def _hostile_cookies() -> dict[str, str]:
    return {
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims())}.",
        "alg None": f"{_b64({'alg': 'None'})}.{_b64(_claims())}.",
        "HS512 with our key": _signed(_claims(), "HS512"),
        "no algorithm": f"{_b64({'typ': 'JWT'})}.{_b64(_claims())}.sig",
        "header not JSON": "bm90IGpzb24.e30.c2ln",
        "three dots": "...",
        "not base64": "%%%.%%%.%%%",
        "one part": "eyJhbGciOiJIUzI1NiJ9",
        "username not a string": _signed(_claims(username=12)),
        "empty username": _signed(_claims(username="")),
        "expiry not a number": _signed(_claims(exp_date="tomorrow")),
        "expiry NaN": _signed(_claims(exp_date=float("nan"))),
        "expiry beyond any date": _signed(_claims(exp_date=1e300)),
        "signed claims that are a list": _signed_raw("[]"),
        "signed claims without a username": _signed_raw('{"exp_date": 4102444800}'),
    }


HOSTILE = (
    "alg none",
    "alg None",
    "HS512 with our key",
    "no algorithm",
    "header not JSON",
    "three dots",
    "not base64",
    "one part",
    "username not a string",
    "empty username",
    "expiry not a number",
    "expiry NaN",
    "expiry beyond any date",
    "signed claims that are a list",
    "signed claims without a username",
)


def test_every_hostile_cookie_kind_is_built(app_env):
    assert sorted(_hostile_cookies()) == sorted(HOSTILE)


# (The tokens are built inside each test: they are signed with the test's own cookie key.)
@pytest.mark.parametrize("kind", HOSTILE)
def test_an_undecodable_or_unsigned_cookie_is_logged_out_without_an_error_page(app_env, kind):
    ensure_user(app_env, "nang", "admin")
    cookie = _hostile_cookies()[kind]
    at = AppTest.from_file(app_file("app.py"), default_timeout=20)
    with browser_cookies({"advisory_auth": cookie}):
        at.run()
        assert not at.exception, at.exception
        assert not at.session_state["authentication_status"]
        assert [t.label for t in at.text_input] == ["Username", "Password"]
        at.run()  # the issue saw a second crash on the next run
        assert not at.exception, at.exception
    assert [t.label for t in at.text_input] == ["Username", "Password"]


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _cookie_writes(at: AppTest) -> list[dict]:
    """The arguments of every 'set' the cookie component was asked to do in this run.

    (AppTest shows custom components as UnknownElements; their proto holds the arguments.)
    """
    writes = []
    for node in _nodes(at._tree):
        if getattr(node, "type", None) == "component_instance":
            args = json.loads(node.proto.json_args or "{}")
            if args.get("method") == "set":
                writes.append(args)
    return writes


def _login_through_the_form(at: AppTest, headers: list[tuple[str, str]]) -> None:
    ctx = SimpleNamespace(cookies={}, headers=headers)
    with mock.patch("streamlit.runtime.context._get_client_context", return_value=ctx):
        at.run()
        at.text_input[0].input("nang")
        at.text_input[1].input(PW)
        at.button[0].click().run()


@pytest.mark.parametrize(("proto", "secure"), [("https", True), ("http", None)])
def test_the_login_cookie_is_secure_behind_https_and_strict_same_site(app_env, proto, secure):
    ensure_user(app_env, "nang", "admin")
    at = AppTest.from_file(app_file("app.py"), default_timeout=20)
    _login_through_the_form(at, [("X-Forwarded-Proto", proto)])
    assert at.session_state["authentication_status"] is True
    writes = _cookie_writes(at)
    assert writes, "the first logged-in run stores the login cookie"
    for args in writes:
        assert args["cookie"] == "advisory_auth"
        assert args["options"].get("secure") is secure
        assert args["options"]["sameSite"] == "strict"
        payload = jwt.decode(args["value"], config.cookie_key(), algorithms=["HS256"])
        assert payload["username"] == "nang"
        assert payload["exp_date"] == pytest.approx(time.time() + 86400, abs=60)

"""Helpers to run pages in Streamlit's AppTest against a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from advisory.db import make_engine
from tests import factories

TIMEOUT = 20
ROOT = Path(__file__).resolve().parents[2]


def app_file(path: str) -> str:
    """Absolute path of an app file given relative to the project root."""
    return str(ROOT / path)


def engine_for(data_dir: Path) -> Engine:
    return make_engine(f"sqlite:///{data_dir / 'advisory.db'}")


def ensure_user(data_dir: Path, username: str, role: str) -> None:
    engine = engine_for(data_dir)
    factories.ensure_user(engine, username, role)
    engine.dispose()


def page_test(
    path: str, *, data_dir: Path | None = None, username: str | None = None, role: str | None = None
) -> AppTest:
    """An AppTest for `path`, logged in as `username` with `role` (created if missing)."""
    at = AppTest.from_file(app_file(path), default_timeout=TIMEOUT)
    if username and role:
        assert data_dir is not None, "a logged-in page test needs the app's data folder"
        ensure_user(data_dir, username, role)
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["name"] = username.title()
        at.session_state["roles"] = [role]
    return at


@contextmanager
def browser_cookies(cookies: dict[str, str]) -> Iterator[None]:
    """Make `st.context.cookies` return `cookies` during `at.run()` (AppTest has no browser)."""
    ctx = SimpleNamespace(cookies=cookies, headers={})
    with mock.patch("streamlit.runtime.context._get_client_context", return_value=ctx):
        yield


def texts(at: AppTest) -> str:
    """All visible text of markdown, titles, captions, errors, infos, warnings, successes."""
    parts: list[str] = []
    for group in (
        at.title,
        at.header,
        at.subheader,
        at.markdown,
        at.caption,
        at.error,
        at.info,
        at.warning,
        at.success,
    ):
        parts.extend(str(e.value) for e in group)
    return "\n".join(parts)

"""The share token never appears in a log line: creating, resolving, viewing, pausing and
revoking a link, the funder view itself, and the command line, with SQL logging switched on."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from advisory.cli import main
from advisory.db import session_scope
from advisory.services import share_links
from tests.factories import TEST_ADMIN, make_site, make_user
from tests.ui.apptest import app_file, engine_for


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture everything at DEBUG, SQL statements with their parameters and Streamlit included."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    streamlit_logger = logging.getLogger("streamlit")
    # Streamlit's loggers do not propagate to the root logger; listen to them directly.
    streamlit_logger.addHandler(caplog.handler)
    old_level = streamlit_logger.level
    streamlit_logger.setLevel(logging.DEBUG)
    yield caplog
    streamlit_logger.removeHandler(caplog.handler)
    streamlit_logger.setLevel(old_level)


def _everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        [
            caplog.text,
            *(str(r.args) for r in caplog.records),
            *(r.getMessage() for r in caplog.records),
        ]
    )


def test_the_service_never_logs_the_token(engine: Engine, all_logs):
    make_site(engine, "Riverside", "clinic")
    director = make_user(engine, "dir", "director")
    created = share_links.create(engine, label="Funder", actor=director)
    link_id = created.link.id
    token = created.token
    with session_scope(engine) as s:
        scope = share_links.resolve(s, token)
        assert scope is not None
        share_links.record_link_view(s, link_id=scope.link_id)
        share_links.resolve(s, token[:-1] + ("x" if token[-1] != "x" else "y"))
        share_links.pause(s, link_id=link_id, actor=director)
        share_links.resume(s, link_id=link_id, actor=director)
        share_links.revoke(s, link_id=link_id, actor=director)
        assert share_links.resolve(s, token) is None
    logged = _everything_logged(all_logs)
    assert "share_link" in logged  # SQL logging really was on
    assert token not in logged
    assert token[:16] not in logged


def test_the_funder_view_never_logs_the_token(app_env, all_logs):
    engine = engine_for(app_env)
    created = share_links.create(engine, label="Funder", actor=TEST_ADMIN)
    token, link_id = created.token, created.link.id
    at = AppTest.from_file(app_file("app.py"), default_timeout=30)
    at.query_params["share"] = token
    at.run()
    assert not at.exception
    share_links.revoke(engine, link_id=link_id, actor=TEST_ADMIN)
    at.run()
    engine.dispose()
    logged = _everything_logged(all_logs)
    assert logged.strip()  # the app did log (SQL at least)
    assert token not in logged


def test_the_command_line_prints_the_address_on_stdout_and_logs_nothing_of_it(
    tmp_path, monkeypatch, capsys, all_logs
):
    monkeypatch.setenv("ADVISORY_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["share", "create", "--label", "Funder", "--days", "10"]) == 0
    out = capsys.readouterr()
    token = out.out.strip().rsplit("=", 1)[1]
    assert len(token) == 43
    assert main(["share", "list"]) == 0
    assert main(["share", "revoke", "1"]) == 0
    rest = capsys.readouterr()
    assert token not in out.err + rest.out + rest.err
    assert token not in _everything_logged(all_logs)

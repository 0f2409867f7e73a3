"""Production settings in .streamlit/config.toml that protect users."""

from __future__ import annotations

import re
import tomllib

from advisory.config import SETTINGS
from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_tracebacks_are_never_shown_to_users():
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_the_toolbar_is_in_viewer_mode():
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_no_usage_statistics_cookie_is_set():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_no_full_garbage_collection_runs_after_every_page_run():
    # With pandas, plotly and statsmodels loaded, Streamlit's forced gc.collect(2) after each
    # run took about four fifths of the server's time (bench/load_bench.py: 3.1 runs/s with
    # it, 15.2 without, at 20 sessions on 1M rows).
    assert CONFIG["runner"]["postScriptGC"] is False


def test_xsrf_and_cors_protection_stay_on():
    assert CONFIG["server"].get("enableXsrfProtection", True) is True
    assert CONFIG["server"].get("enableCORS", True) is True


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [s.name for s in SETTINGS if not re.search(rf"`{s.name}`", readme)]
    assert missing == []


def test_secrets_and_databases_are_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text()
    for pattern in (
        ".streamlit/secrets.toml",
        "data/*.db",
        "data/*.key",
        ".venv/",
        "test-artifacts/",
    ):
        assert pattern in ignored

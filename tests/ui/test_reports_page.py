"""The Quarterly reports page (AppTest): everyone logged in gets the internal report; directors
and admins also the shareable one; the preview uses native elements only."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.apptest import page_test, texts


def _downloads(at: AppTest) -> dict[str, object]:
    return {d.proto.label: d.proto for d in at.get("download_button")}


@pytest.mark.parametrize(
    ("role", "labels"),
    [
        ("member", ["Download the internal report"]),
        ("director", ["Download the internal report", "Download the shareable report"]),
        ("admin", ["Download the internal report", "Download the shareable report"]),
    ],
)
def test_the_shareable_report_is_offered_to_directors_and_admins_only(
    app_env, share_world, role, labels
):
    at = page_test("pages/reports.py", data_dir=app_env, username=f"{role}1", role=role)
    at.run()
    assert not at.exception
    assert list(_downloads(at)) == labels
    assert at.selectbox(key="report_quarter").value == "2025 Q2"


def test_choosing_a_quarter_previews_its_figures(app_env, share_world):
    at = page_test("pages/reports.py", data_dir=app_env, username="dir1", role="director")
    at.run()
    at.selectbox(key="report_quarter").set_value("2025 Q1").run()
    assert not at.exception
    assert "Preview: 2025 Q1 (January to March 2025)" in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Meetings held"] == "1"
    assert metrics["Recommendations raised"] == "4"
    # Two self-contained HTML files (AppTest keeps them in memory; their content is tested in
    # tests/unit/test_quarterly_report.py).
    assert [d.proto.url.endswith(".html") for d in at.get("download_button")] == [True, True]


def test_with_no_records_the_page_says_there_is_nothing_to_report(app_env):
    at = page_test("pages/reports.py", data_dir=app_env, username="mem1", role="member")
    at.run()
    assert not at.exception
    assert "There is nothing to report yet" in texts(at)
    assert not at.get("download_button")

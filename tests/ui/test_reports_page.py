"""The Quarterly reports page (AppTest): everyone logged in gets the internal report; directors
and admins also the shareable one; the preview uses native elements only."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import report_preview
from tests.ui.apptest import page_test, texts


def _downloads(at: AppTest) -> list[str]:
    return [d.key for d in at.get("download_button")]


INTERNAL = ["report_internal_pdf", "report_internal_html"]
SHAREABLE = ["report_shareable_pdf", "report_shareable_html"]


@pytest.mark.parametrize(
    ("role", "labels"),
    [("member", INTERNAL), ("director", INTERNAL + SHAREABLE), ("admin", INTERNAL + SHAREABLE)],
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
    # Each report as PDF and web page, made when clicked (their content is tested in
    # tests/unit/test_quarterly_report.py and tests/unit/test_report_pdf.py).
    assert [d.proto.label for d in at.get("download_button")] == ["PDF", "Web page"] * 2


def test_with_no_records_the_page_says_there_is_nothing_to_report(app_env):
    at = page_test("pages/reports.py", data_dir=app_env, username="mem1", role="member")
    at.run()
    assert not at.exception
    assert "There is nothing to report yet" in texts(at)
    assert not at.get("download_button")


def test_past_the_most_sites_previewed_the_others_are_named_and_pointed_to_the_downloads(
    app_env, share_world, monkeypatch
):
    monkeypatch.setattr(report_preview, "MAX_SITES", 1)
    at = page_test("pages/reports.py", data_dir=app_env, username="dir1", role="director")
    at.run()
    assert not at.exception
    assert len(at.dataframe) >= 1
    captions = [c.value for c in at.caption]
    assert any("in the downloads above" in c for c in captions), captions

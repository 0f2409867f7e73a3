"""The shareable quarterly report as PDF (real Chromium, text read back with pypdf), and the
funder view's report downloads, which check the link again when clicked."""

from __future__ import annotations

import io
import unicodedata

import pytest

from advisory import i18n, pdf
from advisory.reports import funder_view, report_files
from advisory.reports.quarterly import Quarter
from advisory.services import share_links
from tests.factories import ORGANISATION, TEST_ADMIN

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF's text (requirements-dev.txt)")
pytestmark = pytest.mark.skipif(pdf.engine_path() is None, reason="no Chromium installed")


def _text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    return unicodedata.normalize("NFKC", text)  # the PDF's "ﬁ" ligature as "fi"


def test_the_shareable_report_pdf_carries_the_headline_figures(sqlite_engine, share_world):
    data = report_files.report_bytes(
        sqlite_engine, quarter=Quarter(2025, 1), shareable=True, fmt="pdf"
    )
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert f"{ORGANISATION}: quarterly report, 2025 Q1" in text
    # The headline, with counts of requests exact and women consulted (people) protected.
    for figure in ("4 Recommendations raised", "0 Verified by the group", "1 Adaptations in place",
                   "<5 Women consulted"):  # fmt: skip
        assert figure in text
    assert "MINUTES-SECRET" not in text


def test_a_funder_report_download_checks_the_link_again_when_clicked(sqlite_engine, share_world):
    created = share_links.create(sqlite_engine, label="F", actor=TEST_ADMIN)
    q = Quarter(2025, 1)
    html = funder_view.report_file(sqlite_engine, created.token, q, "html")
    assert html.startswith(b"<!DOCTYPE html>") and b"shareable version" in html
    assert funder_view.report_file(sqlite_engine, created.token, q, "pdf").startswith(b"%PDF")
    share_links.revoke(sqlite_engine, link_id=created.link.id, actor=TEST_ADMIN)
    assert funder_view.report_file(sqlite_engine, created.token, q, "pdf") == funder_view.NOT_VALID


@pytest.mark.parametrize("language", ["fr", "my"])
def test_a_report_made_in_another_language_is_written_in_it_html_and_pdf(
    sqlite_engine, share_world, language
):
    # The real catalogs (compiled by make test): the report's own title, in that language.
    with i18n.use(language):
        title = i18n._("{organisation}: quarterly report, {quarter}").format(
            organisation=ORGANISATION, quarter=Quarter(2025, 1).display
        )
        html = report_files.report_bytes(
            sqlite_engine, quarter=Quarter(2025, 1), shareable=True, fmt="html"
        ).decode()
        data = report_files.report_bytes(
            sqlite_engine, quarter=Quarter(2025, 1), shareable=True, fmt="pdf"
        )
    assert "quarterly report" not in title  # the catalog translates it
    assert f'<html lang="{language}"' in html
    assert title in html
    if language == "fr":  # Burmese glyphs do not read back from a PDF as the same code points
        assert " ".join(title.split()) in _text(data)
    else:
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1

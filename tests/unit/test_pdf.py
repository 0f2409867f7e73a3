"""advisory.pdf: HTML printed to PDF by Debian's Chromium (real browser, real PDF)."""

from __future__ import annotations

import io

import pytest

from advisory import pdf
from advisory.errors import DomainError

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF's text (requirements-dev.txt)")
needs_chromium = pytest.mark.skipif(pdf.engine_path() is None, reason="no Chromium installed")


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@needs_chromium
def test_html_becomes_a_pdf_with_its_text():
    html = "<!DOCTYPE html><html><body><h1>Recommendations raised</h1><p>12 done</p></body></html>"
    data = pdf.html_to_pdf(html)
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert "Recommendations raised" in text and "12 done" in text


def test_without_a_browser_engine_the_error_says_what_to_do(monkeypatch):
    monkeypatch.setattr(pdf, "CANDIDATES", ("no-such-browser-here",))
    with pytest.raises(DomainError, match="no Chromium browser is installed"):
        pdf.html_to_pdf("<p>x</p>")

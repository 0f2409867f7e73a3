"""A quarterly report as the file a download button gives: HTML or PDF bytes, made on click.

The read transaction gathers and draws the HTML; the PDF is printed after it has closed
(:func:`advisory.pdf.html_to_pdf` takes a browser a few seconds).
"""

from __future__ import annotations

from advisory import pdf
from advisory.periods import Quarter
from advisory.reports import quarterly_html

FORMATS = ("html", "pdf")
MIME = {"html": "text/html", "pdf": "application/pdf"}


def file_name(quarter: Quarter, version: str, fmt: str) -> str:
    """quarterly-report-2025-Q3-internal.pdf"""
    return f"quarterly-report-{quarter.year}-Q{quarter.number}-{version}.{fmt}"


def report_bytes(engine: object, *, quarter: Quarter, shareable: bool, fmt: str) -> bytes:
    """The whole organisation's report (the Reports page's), internal or shareable.

    Failure mode: :class:`advisory.errors.DomainError` when a PDF cannot be made.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    _, data = quarterly_html.report_html(engine, quarter=quarter, shareable=shareable)  # type: ignore[arg-type]
    return data if fmt == "html" else pdf.html_to_pdf(data.decode("utf-8"))

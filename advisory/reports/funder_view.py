"""Everything a funder's page shows, and its reports made only when asked for.

Issue 13: the page built four quarterly reports on every run (18.5 s at a million rows) for
download buttons that are rarely clicked. Now the page gathers its content once per link and
data version (:mod:`advisory.services.shared_memo`) and lists the quarters; a report, in HTML
or PDF, is made when its button is clicked (:func:`report_file`), after checking the link
again, so a link revoked while the page was open gives no report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from advisory import i18n, pdf
from advisory.db import reads
from advisory.periods import Quarter
from advisory.reports import funder_charts, quarterly, quarterly_html, report_files
from advisory.services import share_content, share_links, shared_memo
from advisory.services.share_content import SharedContent
from advisory.services.share_links import ShareScope

REPORT_QUARTERS = 4
#: The page draws a chart for at most this many sites and names the others (a phone shows a
#: dozen charts, not a hundred), so figures are built for these only.
CHARTED_SITES = 12
FORMATS = report_files.FORMATS
MIME = report_files.MIME
NOT_VALID = b"This link is not valid. Ask the service for a new one.\n"
NOT_VALID_TEXT = i18n.N_("This link is not valid. Ask the service for a new one.")


def not_valid() -> bytes:
    """`NOT_VALID` in the run's language (English: exactly `NOT_VALID`)."""
    return (i18n._(NOT_VALID_TEXT) + "\n").encode("utf-8")


@dataclass(frozen=True)
class FunderView:
    content: SharedContent
    quarters: tuple[Quarter, ...]  # newest first: the reports offered for download
    #: One figure (or None) per attendance trend, in the same order, for the first
    #: CHARTED_SITES trends; never mutate them (they are shared by every visit of the link
    #: while the data stay the same).
    charts: tuple[go.Figure | None, ...] = ()


@reads
def build(session: Session, scope: ShareScope, *, today: dt.date | None = None) -> FunderView:
    """The funder view for a valid link's scope (remembered per link while the data stay)."""

    def compute() -> FunderView:
        report_scope = quarterly.ReportScope.from_share(scope)
        content = share_content.build(session, scope, today=today)
        quarters = quarterly.available_quarters(session, scope=report_scope, today=today)
        charted = (content.attendance or ())[:CHARTED_SITES]
        charts = tuple(funder_charts.women_visits_figure(t) for t in charted)
        return FunderView(
            content=content, quarters=tuple(quarters[:REPORT_QUARTERS]), charts=charts
        )

    # why the language in the key: the content and the figures carry sentences and labels in
    # the reader's language; a French visit must not be served an English page remembered
    # from an earlier one.
    return shared_memo.remembered(session, "funder_view", (scope, today, i18n.active()), compute)


def file_name(quarter: Quarter, fmt: str) -> str:
    """quarterly-report-2025-Q3-shareable.pdf"""
    return report_files.file_name(quarter, "shareable", fmt)


@reads
def report_html(session: Session, token: object, quarter: Quarter) -> str | None:
    """The shareable report of ``quarter`` for the link ``token`` opens, or None when the
    link no longer opens (checked again: the click may come long after the page was drawn)."""
    scope = share_links.resolve(session, token)
    if scope is None:
        return None
    report_scope = quarterly.ReportScope.from_share(scope)
    report = quarterly.build(session, quarter=quarter, shareable=True, scope=report_scope)
    return quarterly_html.render_html(report)


def report_file(engine: Engine, token: object, quarter: Quarter, fmt: str) -> bytes:
    """That report as HTML or PDF bytes: what a deferred download button returns.

    For a link that no longer opens: a short text saying so instead of a report. The PDF is
    printed after the read transaction has closed (it takes a browser a few seconds).
    Failure mode: :class:`advisory.errors.DomainError` when a PDF cannot be made.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    html = report_html(engine, token, quarter)
    if html is None:
        return not_valid()
    return html.encode("utf-8") if fmt == "html" else pdf.html_to_pdf(html)

"""Everything a funder's page shows, gathered in one read transaction.

The page content (:func:`advisory.services.share_content.build`) and the shareable reports of
the link's last four quarters come from one unit of work, so they see the same records and
share the attendance counts already read (remembered per session in
:func:`advisory.services.shared_attendance.attendance_counts`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from advisory.db import reads
from advisory.periods import Quarter
from advisory.reports import quarterly, quarterly_html
from advisory.services import share_content
from advisory.services.share_content import SharedContent
from advisory.services.share_links import ShareScope

REPORT_QUARTERS = 4


@dataclass(frozen=True)
class ReportFile:
    quarter: Quarter
    file_name: str
    data: bytes


@dataclass(frozen=True)
class FunderView:
    content: SharedContent
    reports: tuple[ReportFile, ...]


@reads
def build(session: Session, scope: ShareScope, *, today: dt.date | None = None) -> FunderView:
    """The funder view and its downloadable reports, for a valid link's scope only."""
    report_scope = quarterly.ReportScope.from_share(scope)
    content = share_content.build(session, scope, today=today)
    quarters = quarterly.available_quarters(session, scope=report_scope, today=today)
    reports = tuple(
        ReportFile(
            q,
            *quarterly_html.report_html(
                session, quarter=q, shareable=True, scope=report_scope, today=today
            ),
        )
        for q in quarters[:REPORT_QUARTERS]
    )
    return FunderView(content=content, reports=reports)

"""The funder view: what one share link shows. Read-only: nothing here writes anything.

Designed for a funder on a phone (issue 13): the headline figures first, then one sentence
per adaptation, women's visits as a chart with the protected table collapsed, the list of
recommendations collapsed, and the quarterly reports as PDF or web page. No inputs: tables
are static (st.table), and the only buttons are downloads and expanders.

Reached only through app.py's share route, which registers this page alone. Everything shown
comes from advisory.reports.funder_view (allowlisted, every count of people protected).
"""

import streamlit as st

from advisory.i18n import _
from advisory.reports import funder_view
from advisory.services.shared_output import day_text
from components import (
    shared_attendance_trends,
    shared_headline,
    shared_impact,
    shared_language,
    shared_progress,
    shared_reports,
    shared_working_with_services,
)
from components.database import get_engine
from components.markdown_text import plain
from components.share_gate import require_share

scope = require_share()
# The link's language (or the funder's switch) from here on: every word below is in it.
shared_language.activate(scope, key="shared_language")

view = funder_view.build(get_engine(), scope)
content = view.content


def _working_with_other_services(_view: funder_view.FunderView) -> None:
    """Referrals, trainings, networks and forums (issue 12), counts of people protected; shown
    with the recommendations section, as in the shareable report (share links have no section
    of their own for it yet)."""
    if scope.covers("recommendations"):
        shared_working_with_services.show(scope, key="shared_other_services")


# The sections in reading order; each draws itself from the view, or nothing when the link
# does not show it.
SECTIONS = (
    shared_headline.show,
    shared_impact.show,
    _working_with_other_services,
    shared_attendance_trends.show,
    shared_progress.show,
    shared_reports.show,
)

st.title(plain(content.organisation))
st.caption(
    _("Read-only view shared with you. This link expires on {day}.").format(
        day=day_text(content.expires_on)
    )
)
shared_language.switch(key="shared_language")
for section in SECTIONS:
    section(view)

st.divider()
for line in content.covers:
    st.caption(plain(line))
st.caption(plain(content.note))

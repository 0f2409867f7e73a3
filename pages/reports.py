"""Quarterly reports: a printable summary of one quarter, internal and (directors) shareable."""

import streamlit as st

from advisory.i18n import _
from advisory.periods import Quarter
from advisory.permissions import can
from advisory.reports import report_preview as reports_preview
from components import report_downloads, report_preview
from components.database import get_engine
from components.guard import require_page

user = require_page("reports")

st.title(_("Quarterly reports"))
st.caption(
    _(
        "A printable summary of one quarter: meetings, recommendations, adaptations, "
        "attendance by gender and the impact of adaptations. Download it as PDF, or as a web "
        "page to open in a browser."
    )
)

choices = reports_preview.choices(get_engine())
labels = [q.label for q in choices.quarters]
picked = st.selectbox(
    _("Quarter"),
    labels,
    index=1 if len(labels) > 1 else 0,
    format_func=lambda label: Quarter.parse(label).display,
    key="report_quarter",
)
if not picked:
    st.info(_("There is nothing to report yet: log a meeting or import attendance first."))
    st.stop()
quarter = Quarter.parse(picked)

report_downloads.show(quarter, shareable=can(user.role, "manage_shares"), key="report")

st.header(_("Preview: {quarter} ({months})").format(quarter=quarter.display, months=quarter.months))
st.caption(_("The internal version, as the report shows it (impact: in the download)."))
report_preview.show(
    reports_preview.internal(get_engine(), quarter=quarter, version=choices.version)
)

"""Quarterly reports: a printable summary of one quarter, internal and (directors) shareable."""

import streamlit as st

from advisory.periods import Quarter
from advisory.permissions import can
from advisory.reports import quarterly
from components import report_downloads, report_preview
from components.database import get_engine
from components.guard import require_page

user = require_page("reports")

st.title("Quarterly reports")
st.caption(
    "A printable summary of one quarter: meetings, recommendations, adaptations, attendance "
    "by gender and the impact of adaptations. Download it and open it in a browser to print "
    "or save as PDF."
)

quarters = quarterly.available_quarters(get_engine())
labels = [q.label for q in quarters]
picked = st.selectbox("Quarter", labels, index=1 if len(labels) > 1 else 0, key="report_quarter")
if not picked:
    st.info("There is nothing to report yet: log a meeting or import attendance first.")
    st.stop()
quarter = Quarter.parse(picked)

internal = quarterly.build(get_engine(), quarter=quarter, shareable=False)
shareable = None
if can(user.role, "manage_shares"):
    shareable = quarterly.build(get_engine(), quarter=quarter, shareable=True)
report_downloads.show(internal, shareable, key="report")

st.header(f"Preview: {quarter.label} ({quarter.months})")
st.caption("The internal version, as the report shows it.")
report_preview.show(internal)

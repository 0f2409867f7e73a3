"""The funder view: what one share link shows. Read-only: nothing here writes anything.

Tables are static (st.table): an interactive st.dataframe would bring a search box and column
controls, and the issue asks for no inputs and no buttons but downloads.

Reached only through app.py's share route, which registers this page alone. Everything shown
comes from advisory.reports.funder_view (allowlisted, every number protected).
"""

import streamlit as st

from advisory.reports import funder_view
from advisory.services.shared_output import day_text
from components import shared_attendance_trends, shared_impact, shared_progress
from components.database import get_engine
from components.markdown_text import plain
from components.share_gate import require_share

scope = require_share()

view = funder_view.build(get_engine(), scope)
content = view.content

st.title(plain(content.organisation))
st.info(
    f"**Read-only view** shared with you by {plain(content.organisation)}. "
    f"This link expires on {plain(day_text(content.expires_on))}."
)
for line in content.covers:
    st.caption(plain(line))
st.caption(plain(content.note))

if content.recommendations is not None:
    shared_progress.show(content.recommendations)
if content.attendance is not None:
    shared_attendance_trends.show(content.attendance)
if content.impact is not None:
    shared_impact.show(content.impact)

st.header("Quarterly reports")
if not view.reports:
    st.write("No quarter has records yet.")
for report in view.reports:
    q = report.quarter
    st.download_button(
        f"Download the {q.label} report (printable web page)",
        data=report.data,
        file_name=report.file_name,
        mime="text/html",
        on_click="ignore",
        key=f"shared_report_{q.year}_{q.number}",
        icon=":material/download:",
    )

"""Quarterly reports: a printable summary of one quarter, internal and (directors) shareable."""

import streamlit as st

from advisory.permissions import PAGE_ROLES, can
from advisory.reports import quarterly
from advisory.services import share_content
from components.database import session
from components.guard import require_role
from components.markdown_text import plain

user = require_role(*PAGE_ROLES["reports"])

st.title("Quarterly reports")
st.caption(
    "A printable summary of one quarter: meetings, recommendations, adaptations, attendance "
    "by gender and the impact of adaptations. Download it and open it in a browser to print "
    "or save as PDF."
)

with session() as s:
    quarters = quarterly.available_quarters(s)
labels = [q.label for q in quarters]
picked = st.selectbox("Quarter", labels, index=1 if len(labels) > 1 else 0, key="report_quarter")
if not picked:
    st.info("There is nothing to report yet: log a meeting or import attendance first.")
    st.stop()
quarter = quarterly.Quarter.parse(picked)
may_share = can(user.role, "manage_shares")

with session() as s:
    internal = quarterly.build(s, quarter=quarter, shareable=False)
    internal_html = quarterly.render_html(internal).encode("utf-8")
    shareable_html = None
    if may_share:
        shareable = quarterly.build(s, quarter=quarter, shareable=True)
        shareable_html = quarterly.render_html(shareable).encode("utf-8")

col1, col2 = st.columns(2)
with col1:
    st.download_button(
        "Download the internal report",
        data=internal_html,
        file_name=internal.filename,
        mime="text/html",
        on_click="ignore",
        key="report_download_internal",
        icon=":material/download:",
        help="Contains minutes and names: for the group and the directors only.",
    )
if shareable_html is not None:
    with col2:
        st.download_button(
            "Download the shareable report",
            data=shareable_html,
            file_name=shareable.filename,
            mime="text/html",
            on_click="ignore",
            key="report_download_shareable",
            icon=":material/download:",
            help="No minutes or names, and counts under the threshold hidden: for funders.",
        )

st.header(f"Preview: {quarter.label} ({quarter.months})")
st.caption("The internal version, as the report shows it.")
if internal.figures:
    columns = st.columns(min(len(internal.figures), 4))
    for i, (label, value) in enumerate(internal.figures):
        columns[i % len(columns)].metric(label, value)

if internal.meetings:
    st.subheader("Meetings")
    st.dataframe(
        [
            {
                "date": share_content.day_text(m.held_on),
                "members present": m.present,
                "women consulted": m.women_consulted,
                "decisions": m.decisions,
            }
            for m in internal.meetings
        ],
        hide_index=True,
        width="stretch",
    )

st.subheader("Recommendations")
if internal.recommendations:
    st.dataframe(
        [
            {
                "recommendation": r.title,
                "category": r.category,
                "status": r.status,
                "raised": share_content.day_text(r.raised_on),
                "responded": share_content.day_text(r.responded_on),
                "done": share_content.day_text(r.done_on),
                "verified": share_content.day_text(r.verified_on),
                "owner": r.owner,
            }
            for r in internal.recommendations
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.write("Nothing happened to any recommendation this quarter.")

st.subheader("Adaptations in place")
if internal.adaptations:
    st.dataframe(
        [
            {
                "adaptation": a.name,
                "kind": a.kind,
                "site": a.site,
                "started": share_content.day_text(a.started_on),
                "ended": share_content.day_text(a.ended_on) or "still in place",
                "when": a.schedule,
            }
            for a in internal.adaptations
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.write("No adaptation was in place this quarter.")
for item in internal.impact:
    st.markdown(f"**Impact: {plain(item.adaptation)}**")
    st.text(item.text)

st.subheader("Attendance by gender")
if not internal.attendance:
    st.write("No attendance records for this period.")
for trend in internal.attendance:
    st.markdown(f"**{plain(trend.site)}**, visits per month")
    st.dataframe(trend.table.display, width="stretch")

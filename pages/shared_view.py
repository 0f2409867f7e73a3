"""The funder view: what one share link shows. Read-only: nothing here writes anything.

Tables are static (st.table): an interactive st.dataframe would bring a search box and column
controls, and the issue asks for no inputs and no buttons but downloads.

Reached only through app.py's share route, which registers this page alone. Everything shown
comes from advisory.services.share_content (allowlisted, every number protected).
"""

import pandas as pd
import streamlit as st

from advisory.reports import charts, quarterly
from advisory.services import share_content
from components.database import session
from components.markdown_text import plain, plain_frame
from components.share_gate import require_share

scope = require_share()

report_scope = quarterly.ReportScope.from_share(scope)
with session() as s:
    content = share_content.build(s, scope)
    quarters = quarterly.available_quarters(s, scope=report_scope)[:4]
    reports = [
        (q, *quarterly.report_html(s, quarter=q, shareable=True, scope=report_scope))
        for q in quarters
    ]

st.title(plain(content.organisation))
st.info(
    f"**Read-only view** shared with you by {plain(content.organisation)}. "
    f"This link expires on {plain(share_content.day_text(content.expires_on))}."
)
for line in content.covers:
    st.caption(plain(line))
st.caption(plain(content.note))

if content.recommendations is not None:
    recs = content.recommendations
    st.header("Recommendation progress")
    col1, col2, col3 = st.columns(3)
    col1.metric("Recommendations", recs.by_status.display.loc["Total", "Recommendations"])
    col2.metric("Done or verified", recs.done_or_verified_pct)
    col3.metric("Past their due date", recs.overdue)
    left, right = st.columns(2)
    with left:
        st.subheader("By status")
        st.table(plain_frame(recs.by_status.display))
    with right:
        st.subheader("Raised and done per quarter")
        st.table(plain_frame(recs.per_quarter.display))
    st.subheader("The recommendations")
    if recs.items:
        st.table(
            plain_frame(
                pd.DataFrame(
                    [
                        {
                            "Recommendation": i.title,
                            "Category": i.category,
                            "Status": i.status_label,
                            "Raised": share_content.day_text(i.raised_on),
                            "Responded": share_content.day_text(i.responded_on),
                            "Due": share_content.day_text(i.due_on),
                            "Done": share_content.day_text(i.done_on),
                            "Verified": share_content.day_text(i.verified_on),
                        }
                        for i in recs.items
                    ]
                ).set_index("Recommendation")
            )
        )
    else:
        st.write("No recommendations in this period.")

if content.attendance is not None:
    st.header("Attendance trends")
    if not content.attendance:
        st.write("No attendance records for these sites and dates.")
    for trend in content.attendance:
        st.subheader(f"{plain(trend.site)}: visits per {trend.granularity}")
        if trend.table.display.empty:
            st.write("No attendance records for this site and these dates.")
            continue
        chart = charts.trend_svg(trend)
        if chart:
            st.image(chart, caption="Gaps are counts hidden to protect privacy.")
        st.table(plain_frame(trend.table.display))
        if trend.granularity != "week":
            st.caption(
                f"Shown per {trend.granularity}: weekly numbers at this site would mostly be "
                "hidden to protect privacy."
            )

if content.impact is not None:
    st.header("Impact of adaptations")
    if not content.impact:
        st.write("No adaptations at these sites in this period.")
    for item in content.impact:
        ended = share_content.day_text(item.ended_on) if item.ended_on else "still in place"
        st.subheader(plain(item.adaptation))
        st.caption(
            plain(
                f"{item.kind} at {item.site}, from {share_content.day_text(item.started_on)} "
                f"({ended})"
            )
        )
        st.write(plain(item.text))

st.header("Quarterly reports")
if not reports:
    st.write("No quarter has records yet.")
for q, file_name, data in reports:
    st.download_button(
        f"Download the {q.label} report (printable web page)",
        data=data,
        file_name=file_name,
        mime="text/html",
        on_click="ignore",
        key=f"shared_report_{q.year}_{q.number}",
        icon=":material/download:",
    )

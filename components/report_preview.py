"""The Quarterly reports page's preview of the internal report, in native elements only."""

from __future__ import annotations

import streamlit as st

from advisory.reports.quarterly import QuarterlyReport
from advisory.services.shared_output import day_text
from components.markdown_text import plain


def show(report: QuarterlyReport) -> None:
    """The figures, meetings, recommendations, adaptations, impact and attendance of `report`."""
    if report.figures:
        columns = st.columns(min(len(report.figures), 4))
        for i, (label, value) in enumerate(report.figures):
            columns[i % len(columns)].metric(label, value)
    _meetings(report)
    _recommendations(report)
    _adaptations(report)
    st.subheader("Attendance by gender")
    if not report.attendance:
        st.write("No attendance records for this period.")
    for trend in report.attendance:
        st.markdown(f"**{plain(trend.site)}**, visits per month")
        st.dataframe(trend.table.display, width="stretch")


def _meetings(report: QuarterlyReport) -> None:
    if not report.meetings:
        return
    st.subheader("Meetings")
    st.dataframe(
        [
            {
                "date": day_text(m.held_on),
                "members present": m.present,
                "women consulted": m.women_consulted,
                "decisions": m.decisions,
            }
            for m in report.meetings
        ],
        hide_index=True,
        width="stretch",
    )


def _recommendations(report: QuarterlyReport) -> None:
    st.subheader("Recommendations")
    if not report.recommendations:
        st.write("Nothing happened to any recommendation this quarter.")
        return
    st.dataframe(
        [
            {
                "recommendation": r.title,
                "category": r.category,
                "status": r.status,
                "raised": day_text(r.raised_on),
                "responded": day_text(r.responded_on),
                "done": day_text(r.done_on),
                "verified": day_text(r.verified_on),
                "owner": r.owner,
            }
            for r in report.recommendations
        ],
        hide_index=True,
        width="stretch",
    )


def _adaptations(report: QuarterlyReport) -> None:
    st.subheader("Adaptations in place")
    if report.adaptations:
        st.dataframe(
            [
                {
                    "adaptation": a.name,
                    "kind": a.kind,
                    "site": a.site,
                    "started": day_text(a.started_on),
                    "ended": day_text(a.ended_on) or "still in place",
                    "when": a.schedule,
                }
                for a in report.adaptations
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.write("No adaptation was in place this quarter.")
    for item in report.impact:
        st.markdown(f"**Impact: {plain(item.adaptation)}**")
        st.text(item.text)

"""The Quarterly reports page's preview of the internal report, in native elements only.

The preview shows the attendance of at most MAX_SITES sites (a national network's hundred
tables took most of the page's time); the downloads above it hold every site."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import _, ngettext
from advisory.reports.quarterly import QuarterlyReport
from advisory.services.shared_output import day_text
from components.markdown_text import plain

MAX_SITES = 12


def show(report: QuarterlyReport) -> None:
    """The figures, meetings, recommendations, adaptations, impact and attendance of `report`."""
    if report.figures:
        columns = st.columns(min(len(report.figures), 4))
        for i, (label, value) in enumerate(report.figures):
            columns[i % len(columns)].metric(label, value)
    _meetings(report)
    _recommendations(report)
    _adaptations(report)
    st.subheader(_("Attendance by gender"))
    if not report.attendance:
        st.write(_("No attendance records for this period."))
    for trend in report.attendance[:MAX_SITES]:
        st.markdown(_("**{site}**, visits per month").format(site=plain(trend.site)))
        st.dataframe(trend.table.display, width="stretch")
    others = [trend.site for trend in report.attendance[MAX_SITES:]]
    if others:
        st.caption(
            ngettext(
                "One more site, {names}, is in the downloads above.",
                "{n} more sites are in the downloads above: {names}.",
                len(others),
            ).format(n=len(others), names=plain(", ".join(others)))
        )


def _meetings(report: QuarterlyReport) -> None:
    if not report.meetings:
        return
    st.subheader(_("Meetings"))
    st.dataframe(
        [
            {
                _("date"): day_text(m.held_on),
                _("members present"): m.present,
                _("women consulted"): m.women_consulted,
                _("decisions"): m.decisions,
            }
            for m in report.meetings
        ],
        hide_index=True,
        width="stretch",
    )


def _recommendations(report: QuarterlyReport) -> None:
    st.subheader(_("Recommendations"))
    if not report.recommendations:
        st.write(_("Nothing happened to any recommendation this quarter."))
        return
    st.dataframe(
        [
            {
                _("recommendation"): r.title,
                _("category"): _(r.category),
                _("status"): _(r.status),
                _("raised"): day_text(r.raised_on),
                _("responded"): day_text(r.responded_on),
                _("done"): day_text(r.done_on),
                _("verified"): day_text(r.verified_on),
                _("owner"): r.owner,
            }
            for r in report.recommendations
        ],
        hide_index=True,
        width="stretch",
    )


def _adaptations(report: QuarterlyReport) -> None:
    st.subheader(_("Adaptations in place"))
    if report.adaptations:
        st.dataframe(
            [
                {
                    _("adaptation"): a.name,
                    _("kind"): _(a.kind),
                    _("site"): a.site,
                    _("started"): day_text(a.started_on),
                    _("ended"): day_text(a.ended_on) or _("still in place"),
                    _("when"): a.schedule,
                }
                for a in report.adaptations
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.write(_("No adaptation was in place this quarter."))
    for item in report.impact:
        st.markdown(_("**Impact: {name}**").format(name=plain(item.adaptation)))
        st.text(item.text)

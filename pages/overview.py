"""Overview: where the group's work stands, at a glance."""

import streamlit as st

from advisory.services import overview
from components import progress_charts, referral_check_notice
from components.database import get_engine
from components.guard import require_page

user = require_page("overview")

glance = overview.at_a_glance(get_engine())
figures = glance.progress

st.title(glance.organisation)
st.write(f"Welcome, {user.display_name}.")
col1, col2 = st.columns(2)
col1.metric("Sites", glance.active_sites)
col2.metric("Current group members", glance.current_members)
if not glance.active_sites:
    st.info("No sites yet. An admin can add them under Sites and settings.")
referral_check_notice.show(key="overview_referral_checks")  # issue 12

st.subheader("Progress on the group's recommendations")
if not figures.total:
    st.info("No recommendations yet. Raise them from a meeting's page (Meetings).")
else:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Recommendations", figures.total)
    c2.metric(
        "Done or verified",
        f"{figures.done_or_verified_pct:.0f}%",
        help=f"{figures.done_or_verified} of {figures.total} are done or verified by the group.",
    )
    c3.metric(
        "Median days from raised to done",
        "none done yet"
        if figures.median_days_to_done is None
        else f"{figures.median_days_to_done:.0f}",
        help="Half of the recommendations that are done took fewer days than this.",
    )
    c4.metric(
        "Overdue",
        figures.overdue,
        help="Past the due date and not done, verified or declined "
        "(deferred ones count only once their 'deferred until' date has passed).",
    )
    st.plotly_chart(
        progress_charts.per_quarter_figure(figures.per_quarter),
        key="overview_per_quarter",
        config={"displayModeBar": False},
    )
    st.plotly_chart(
        progress_charts.status_figure(figures.counts_by_status),
        key="overview_status",
        config={"displayModeBar": False},
    )

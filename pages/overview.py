"""Overview: where the group's work stands, at a glance."""

import streamlit as st

from advisory.i18n import _, format_percent
from advisory.services import overview
from components import attention_panel, next_meeting, progress_charts, referral_check_notice
from components.database import get_engine
from components.guard import require_page

user = require_page("overview")

glance = overview.at_a_glance(get_engine())
figures = glance.progress

st.title(glance.organisation)
st.write(_("Welcome, {name}.").format(name=user.display_name))
col1, col2 = st.columns(2)
col1.metric(_("Sites"), glance.active_sites)
col2.metric(_("Current group members"), glance.current_members)
if not glance.active_sites:
    st.info(_("No sites yet. An admin can add them under Sites and settings."))
attention_panel.show(actor=user)
next_meeting.show(key="overview_next_ics")
referral_check_notice.show(key="overview_referral_checks")  # issue 12

st.subheader(_("Progress on the group's recommendations"))
if not figures.total:
    st.info(_("No recommendations yet. Raise them from a meeting's page (Meetings)."))
else:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(_("Recommendations"), figures.total)
    c2.metric(
        _("Done or verified"),
        format_percent((figures.done_or_verified_pct or 0) / 100),
        help=_("{done} of {total} are done or verified by the group.").format(
            done=figures.done_or_verified, total=figures.total
        ),
    )
    # why (issue 13): "Median days from raised to done" was cut off in a quarter-width column;
    # the short label fits, the help says exactly what is counted.
    c3.metric(
        _("Days to done"),
        _("none done yet")
        if figures.median_days_to_done is None
        else f"{figures.median_days_to_done:.0f}",
        help=_(
            "The median number of days from the meeting where a recommendation was raised to "
            "the day it was done: half of the done recommendations took fewer days than this."
        ),
    )
    c4.metric(
        _("Overdue"),
        figures.overdue,
        help=_(
            "Past the due date and not done, verified or declined "
            "(deferred ones count only once their 'deferred until' date has passed)."
        ),
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

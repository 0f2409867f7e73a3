"""Attendance: visits by gender group over time, per site and service, and how complete it is."""

import datetime as dt

import pandas as pd
import streamlit as st

from advisory import clock
from advisory.i18n import _, format_percent
from advisory.periods import period_start
from advisory.services import adaptations, attendance, attendance_memo, service_list
from components import (
    attendance_adaptation_key,
    attendance_charts,
    attendance_data_completeness,
    attendance_downloads,
)
from components.database import get_engine
from components.guard import require_page

user = require_page("attendance")
engine = get_engine()

st.title(_("Attendance"))
st.caption(
    _(
        "Counts of visits by site, service and gender group: aggregate numbers only, never a "
        "person. Dotted lines mark the day an adaptation started; their numbers are listed "
        "under the chart."
    )
)

sites = attendance.sites_with_data(engine)
services = [(x.id, x.name) for x in service_list.list_services(engine)]

if not sites:
    st.info(
        _(
            "No attendance has been recorded yet. Directors and admins can add it on the "
            "**Import attendance** page (a file, a DHIS2 export or a weekly tally)."
        )
    )
    st.stop()

site_names = dict(sites)
col1, col2 = st.columns([2, 1])
site_id = col1.selectbox(
    _("Site"), [i for i, _name in sites], format_func=lambda i: site_names[i], key="attendance_site"
)
freq = col2.segmented_control(
    _("Show"),
    ["week", "month"],
    format_func=lambda f: {"week": _("Weekly"), "month": _("Monthly")}[f],
    default="week",
    required=True,
    key="attendance_freq",
)
span = attendance_memo.date_range(engine, site_id=site_id)
first, last = span if span else (clock.today(), clock.today())
# The current week (or month) is still being counted: leave it out by default, or every line
# would seem to fall at the end.
complete_end = period_start(clock.today(), freq) - dt.timedelta(days=1)
default_end = max(first, min(last, complete_end))
default_start = max(first, default_end - dt.timedelta(days=2 * 365))
col3, col4 = st.columns([2, 1])
chosen_services = col3.multiselect(
    _("Services (none chosen: all services)"),
    [i for i, _name in services],
    format_func=dict(services).__getitem__,
    key="attendance_services",
    placeholder=_("Choose options"),
)
period = col4.date_input(
    _("From - to"),
    value=(default_start, default_end),
    min_value=first,
    max_value=last,
    key=f"attendance_dates_{site_id}_{freq}",
)
start, end = (period[0], period[1]) if len(period) == 2 else (period[0] if period else first, last)
groups = st.pills(
    _("Gender groups"),
    list(attendance.GENDER_LABELS),
    format_func=lambda g: _(attendance.GENDER_LABELS[g]),
    selection_mode="multi",
    default=list(attendance.GENDER_LABELS),
    key="attendance_groups",
)

# why (issue 13): for the chosen site and period only, aggregated in SQL, and remembered until
# attendance changes (advisory/services/attendance_memo.py).
frame, share, missing = attendance_memo.site_view(
    engine, site_id=site_id, freq=freq, service_ids=chosen_services, start=start, end=end
)
marks = [(a.start_on, a.name) for a in adaptations.list_adaptations(engine, site_id=site_id)]

shown = frame[[g for g in frame.columns if g in (groups or [])]]
if shown.empty or not len(shown.columns):
    st.warning(_("Choose at least one gender group, and a period with data."))
else:
    if chosen_services:
        title = _("{site}: {services}").format(
            site=site_names[site_id],
            services=", ".join(dict(services)[i] for i in chosen_services),
        )
    else:
        title = _("{site}: all services").format(site=site_names[site_id])
    st.plotly_chart(
        attendance_charts.trend_figure(shown, title=title, freq=freq, adaptations=marks),
        key="attendance_trend",
    )
    attendance_adaptation_key.show(shown.index, marks)
    attendance_downloads.show_site_download(
        actor=user, site_id=site_id, site=site_names[site_id], start=start, end=end, key="att"
    )
    totals = frame.sum()
    st.subheader(_("Who came in this period"))
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(
            attendance_charts.gender_share_figure(
                totals, title=_("Share of visits by gender group")
            ),
            key="attendance_shares",
        )
    with right:
        table = pd.DataFrame(
            {
                _("gender group"): [_(attendance.GENDER_LABELS[g]) for g in totals.index],
                _("visits"): totals.to_numpy(),
                _("share"): [
                    format_percent(v / max(totals.sum(), 1), decimals=1) for v in totals.to_numpy()
                ],
            }
        )
        st.dataframe(table, hide_index=True, key="attendance_totals")

attendance_data_completeness.show(share, missing, key="attendance")

with st.expander(_("What the gender groups mean")):
    st.markdown(
        _(
            "- **Women**, **Men**: as the person describes themselves.\n"
            "- **Trans women**, **Trans men**, **Non-binary**: counted separately so services "
            "can see whether trans and non-binary people come; the numbers are small.\n"
            "- **Not recorded**: gender was not written down. A high share hides women."
        )
    )

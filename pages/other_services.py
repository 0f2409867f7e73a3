"""Working with other services (issue 12): referrals made per kind over time, trainings the
group and service gave to other services, networks women are linked to, and forums where
group members represented the community. Members log trainings, networks and forums; staff
(directors and admins) enter referral counts."""

import pandas as pd
import streamlit as st

from advisory import clock
from advisory.i18n import _
from advisory.periods import Quarter
from advisory.permissions import can
from advisory.services import referral_work, referrals
from advisory.services.referral_work import DELIVERED_BY, LEVELS
from components import outreach_forms, referral_counts, referral_downloads, working_with_services
from components.database import get_engine
from components.guard import require_page

user = require_page("other_services")
FLASH = "other_services_flash"
PAGE = "other_services"

st.title(_("Working with other services"))
st.caption(
    _(
        "What the group and the service do beyond the drop-in centre: referrals to "
        "women-friendly services, trainings on gender, drugs and stigma for other services, "
        "networks of women who use drugs, and forums where members spoke for the community. "
        "Numbers only: never a woman's name."
    )
)
if st.session_state.get(FLASH):
    st.success(st.session_state.pop(FLASH))

engine = get_engine()
kinds = referrals.list_kinds(engine, active_only=True)
current = Quarter.of(clock.today())
quarter = st.selectbox(
    _("Quarter"),
    [current.previous(n) for n in range(8)],
    index=1,  # the last whole quarter
    format_func=lambda q: q.display,
    key="other_services_quarter",
)
working_with_services.show(
    referral_work.summary(engine, quarter=quarter, shared=False), shared=False, key="ows_summary"
)

counts_tab, trainings_tab, networks_tab, forums_tab = st.tabs(
    [_("Referrals made"), _("Trainings"), _("Networks"), _("Forums")]
)
with counts_tab:
    referral_counts.show_trend(key="ows_counts")
    if can(user.role, "record_referral_counts"):
        referral_counts.form(actor=user, kinds=kinds, flash=FLASH, key="ows_count_form")
    else:
        st.caption(_("Staff enter the number of referrals made each quarter."))

with trainings_tab:
    trainings = referral_work.list_trainings(engine, quarter=quarter)
    if trainings:
        rows = [
            {
                _("Date"): t.held_on,
                _("Organisation"): t.organisation,
                _("Kind"): t.kind,
                _("Topics"): t.topic_words,
                _("Delivered by"): _(DELIVERED_BY[t.delivered_by]),
                _("Participants"): t.participants,
                _("Follow-up"): t.follow_up,
            }
            for t in trainings
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="ows_trainings")
    else:
        st.info(_("No trainings logged in {quarter}.").format(quarter=quarter.display))
    with st.expander(_("Log a training")):
        outreach_forms.training(
            actor=user,
            kinds=kinds,
            entries=referrals.list_entries(engine, include_inactive=False),
            flash=FLASH,
            key="ows_training_form",
        )

with networks_tab:
    networks = referral_work.list_networks(engine)
    if networks:
        st.dataframe(
            pd.DataFrame(
                [
                    {_("Network"): n.name, _("Level"): _(LEVELS[n.level]), _("Link"): n.link}
                    for n in networks
                ]
            ),
            hide_index=True,
            column_config={_("Link"): st.column_config.LinkColumn()},
            key="ows_networks",
        )
    with st.expander(_("Add a network")):
        outreach_forms.network(actor=user, flash=FLASH, key="ows_network_form")

with forums_tab:
    st.caption(_("Forums of every quarter are listed in the summary above, quarter by quarter."))
    with st.expander(_("Log a forum")):
        outreach_forms.forum(actor=user, flash=FLASH, key="ows_forum_form")

st.subheader(_("Download"), anchor=False)
referral_downloads.lists(
    actor=user,
    page=PAGE,
    which=("referral counts", "trainings", "networks", "forums"),
    key="ows_dl",
)

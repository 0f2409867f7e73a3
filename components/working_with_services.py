"""The "Working with other services" section of a quarter (issue 12), for the group's page,
the quarterly report, the funder view and the overview.

`summary` comes from advisory.services.referral_work.summary; built with `shared=True` it holds
only protected counts of people and no typed text about forums, and this component then also
leaves out the internal-only lines (entries needing a check).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.i18n import _, format_date, ngettext
from advisory.periods import Quarter
from advisory.services.referral_work import LEVELS, WorkSummary
from components.markdown_text import plain


def show(summary: WorkSummary, *, shared: bool, key: str) -> None:
    if shared and not summary.shared:
        raise ValueError("A shared view needs the summary built with shared=True.")
    st.subheader(
        _("Working with other services, {quarter}").format(
            quarter=Quarter.parse(summary.quarter).display
        ),
        anchor=False,
    )
    left, right = st.columns(2)
    left.metric(_("Trainings given to other services"), summary.trainings_held)
    right.metric(_("People trained"), summary.participants)
    if summary.referrals:
        st.markdown(_("**Referrals made, by kind of service**"))
        frame = pd.DataFrame(summary.referrals, columns=[_("Kind of service"), _("Referrals")])
        st.dataframe(frame, hide_index=True, key=f"{key}_referrals")
    else:
        st.caption(_("No referral counts entered for this quarter."))
    if summary.networks:
        st.markdown(_("**Networks women are linked to**"))
        networks = pd.DataFrame(
            [
                {_("Network"): n.name, _("Level"): _(LEVELS[n.level]), _("Link"): n.link}
                for n in summary.networks
            ]
        )
        st.dataframe(
            networks,
            hide_index=True,
            key=f"{key}_networks",
            column_config={_("Link"): st.column_config.LinkColumn()},
        )
    if summary.forums:
        st.markdown(
            ngettext(
                "**{n} forum where group members represented the community**",
                "**{n} forums where group members represented the community**",
                len(summary.forums),
            ).format(n=len(summary.forums))
        )
        for f in summary.forums:
            line = _("{day}: {forum} ({level})").format(
                day=format_date(f.held_on, "dd MMM y"),
                forum=plain(f.forum),
                level=_(LEVELS[f.level]),
            )
            if not shared and f.raised:
                line += "  \n" + _("Raised: {text}").format(text=plain(f.raised))
            if not shared and f.outcome:
                line += "  \n" + _("Outcome: {text}").format(text=plain(f.outcome))
            st.markdown(line)
    if shared:
        st.caption(summary.note)
    elif summary.entries_needing_check:
        st.warning(
            ngettext(
                "{n} referral directory entry needs checking by the group.",
                "{n} referral directory entries need checking by the group.",
                summary.entries_needing_check,
            ).format(n=summary.entries_needing_check),
            icon=":material/event_repeat:",
        )

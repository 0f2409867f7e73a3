"""The notice "N referral directory entries need checking", for the overview and for "What
happened to what we asked" (issue 12): entries the group has not checked for 12 months."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import ngettext
from advisory.services import referrals
from components.database import get_engine
from components.markdown_text import plain


def show(*, key: str, list_names: bool = False) -> None:
    """Nothing when every entry was checked within 12 months."""
    due = referrals.entries_needing_check(get_engine())
    if not due:
        return
    with st.container(key=key):
        st.warning(
            ngettext(
                "{n} referral directory entry needs checking by the group (not checked for "
                "12 months). Check it at the next meeting: Referral directory.",
                "{n} referral directory entries need checking by the group (not checked for "
                "12 months). Check them at the next meeting: Referral directory.",
                len(due),
            ).format(n=len(due)),
            icon=":material/event_repeat:",
        )
        if list_names:
            st.markdown("\n".join(f"- {plain(e.name)}" for e in due))

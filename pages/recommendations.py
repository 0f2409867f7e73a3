"""Recommendations: the board (one column per status), the table, and one recommendation."""

import streamlit as st

from advisory.i18n import N_, _
from components import (
    recommendation_board,
    recommendation_card,
    recommendation_detail,
    recommendation_downloads,
    recommendation_table,
)
from components.guard import require_page

user = require_page("recommendations")

FLASH = "recommendations_flash"

st.title(_("Recommendations"))
if message := st.session_state.pop(FLASH, None):
    st.success(message)
selected = recommendation_card.selected()
if selected is not None:
    if saved := recommendation_detail.show(selected, actor=user):
        st.session_state[FLASH] = saved
        st.rerun()
else:
    st.caption(
        _(
            "Everything the group has asked for. To raise a new recommendation, open the "
            "meeting where it was raised (Meetings)."
        )
    )
    view = st.radio(
        _("View"),
        (N_("Board"), N_("Table")),
        format_func=_,
        horizontal=True,
        key="recommendations_view",
        label_visibility="collapsed",
    )
    if view == "Board":
        recommendation_board.show()
    else:
        recommendation_table.show()
    recommendation_downloads.show(actor=user)

"""The board: one column per status, in lifecycle order, with a card per recommendation."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import _
from advisory.lifecycle import STATUSES, Status, status_label
from advisory.services import recommendation_views
from components import recommendation_card, status_badge
from components.database import get_engine

ALL = "all"
ROW = 5  # statuses per row of columns on a wide screen; columns stack on a phone


def show(*, key: str = "recommendations_board") -> None:
    columns = recommendation_views.board(get_engine())
    counts = {status: len(items) for status, items in columns.items()}
    choice = st.selectbox(
        _("Show one status (easier on a phone)"),
        [ALL, *STATUSES],
        format_func=lambda s: (
            _("All statuses")
            if s == ALL
            else _("{status} ({count})").format(status=status_label(s), count=counts[s])
        ),
        key=f"{key}_status",
    )
    # why skip empty statuses: on a phone the columns stack, and ten headings saying "None"
    # push the cards off the screen; the empty ones are named in one line instead.
    shown = [s for s in STATUSES if counts[s]] if choice == ALL else [Status(choice)]
    empty = [status_label(s) for s in STATUSES if not counts[s]]
    if choice == ALL and empty:
        st.caption(_("No recommendations are {statuses}.").format(statuses=", ".join(empty)))
    for start in range(0, len(shown), ROW):
        row = shown[start : start + ROW]
        for status, column in zip(row, st.columns(ROW if choice == ALL else 1), strict=False):
            with column:
                st.markdown(f"{status_badge.markdown(status)} **{counts[status]}**")
                if not columns[status]:
                    st.caption(_("None"))
                for v in columns[status]:
                    recommendation_card.show(v, key=f"board_{status}")

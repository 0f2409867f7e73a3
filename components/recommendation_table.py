"""The recommendations table: the six filters, the matching rows, and a way to open one."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from advisory.i18n import N_, _, ngettext
from advisory.services import recommendation_views
from components import recommendation_card, recommendation_filters
from components.database import get_engine

# The column headers (English keys; shown through `_`).
COLUMNS = [
    N_("Title"),
    N_("Status"),
    N_("Overdue"),
    N_("Category"),
    N_("Sites"),
    N_("Owner"),
    N_("Due date"),
    N_("Raised at"),
]


def show(*, key: str = "rec_table") -> None:
    filters = recommendation_filters.show(key="rec_filter")
    rows = recommendation_views.list_recommendations(get_engine(), **dataclasses.asdict(filters))
    st.caption(
        ngettext("{count} recommendation", "{count} recommendations", len(rows)).format(
            count=len(rows)
        )
    )
    frame = pd.DataFrame(
        [
            {
                "Title": v.title,
                "Status": v.status_label,
                "Overdue": _("Overdue") if v.overdue else "",
                "Category": v.category,
                "Sites": ", ".join(v.site_names),
                "Owner": v.owner,
                "Due date": v.due_on,
                "Raised at": v.meeting_label,
            }
            for v in rows
        ],
        columns=COLUMNS,
    )
    frame.columns = [_(column) for column in COLUMNS]
    st.dataframe(frame, hide_index=True, width="stretch")
    if not rows:
        return
    titles = {v.id: v.title for v in rows}
    col_a, col_b = st.columns([3, 1], vertical_alignment="bottom")
    chosen = col_a.selectbox(
        _("Open a recommendation"),
        list(titles),
        format_func=lambda i: titles[i],
        key=f"{key}_open_choice",
    )
    if col_b.button(_("Open"), key=f"{key}_open", width="stretch"):
        recommendation_card.select(chosen)
        st.rerun()

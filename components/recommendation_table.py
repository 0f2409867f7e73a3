"""The recommendations table: the six filters, the matching rows, and a way to open one."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from advisory.services import recommendation_views
from components import recommendation_card, recommendation_filters
from components.database import get_engine

COLUMNS = ["Title", "Status", "Overdue", "Category", "Sites", "Owner", "Due date", "Raised at"]


def show(*, key: str = "rec_table") -> None:
    filters = recommendation_filters.show(key="rec_filter")
    rows = recommendation_views.list_recommendations(get_engine(), **dataclasses.asdict(filters))
    st.caption(f"{len(rows)} recommendation{'s' if len(rows) != 1 else ''}")
    frame = pd.DataFrame(
        [
            {
                "Title": v.title,
                "Status": v.status_label,
                "Overdue": "Overdue" if v.overdue else "",
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
    st.dataframe(frame, hide_index=True, width="stretch")
    if not rows:
        return
    titles = {v.id: v.title for v in rows}
    col_a, col_b = st.columns([3, 1], vertical_alignment="bottom")
    chosen = col_a.selectbox(
        "Open a recommendation",
        list(titles),
        format_func=lambda i: titles[i],
        key=f"{key}_open_choice",
    )
    if col_b.button("Open", key=f"{key}_open", width="stretch"):
        recommendation_card.select(chosen)
        st.rerun()

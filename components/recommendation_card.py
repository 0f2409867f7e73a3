"""A recommendation's card (board, meeting page, review queue) and the 'open' selection.

The recommendation whose details the recommendations page shows is the query parameter
`id` (this component's only state). why a query parameter and not session state: a reload
keeps the detail open, and choosing "Recommendations" in the menu drops query parameters, so
the menu always leads to the board rather than to whatever was opened last.
"""

from __future__ import annotations

import streamlit as st

from advisory.i18n import _, format_date
from advisory.services.recommendation_views import RecommendationView
from components import query_ids, status_badge
from components.markdown_text import plain

PARAM = "id"
PAGE = "pages/recommendations.py"


def select(recommendation_id: int | None) -> None:
    """Open (or, with None, close) a recommendation on the recommendations page."""
    if recommendation_id is None:
        st.query_params.pop(PARAM, None)
    else:
        st.query_params[PARAM] = str(recommendation_id)


def open_from_another_page(recommendation_id: int) -> None:
    st.switch_page(PAGE, query_params={PARAM: str(recommendation_id)})


def selected() -> int | None:
    """The open recommendation's id, None when none is open (see components/query_ids.py)."""
    return query_ids.requested_id(st.query_params.get(PARAM))


def due_text(view: RecommendationView) -> str:
    if not view.due_on:
        return _("No due date")
    return _("Due {date}").format(date=format_date(view.due_on, "dd MMM y"))


def show(
    view: RecommendationView, *, key: str, show_status: bool = False, switch: bool = False
) -> None:
    """A bordered card: title, category, owner, due date, badges and an Open button.

    `switch`: the Open button also switches to the recommendations page (from other pages).
    """
    with st.container(border=True):
        st.markdown(f"**{plain(view.title)}**")
        if show_status:
            status_badge.show(view.status, overdue=view.overdue)
        elif view.overdue:
            # In a board column the column names the status: only the overdue badge is added.
            st.markdown(status_badge.overdue_badge())
        st.caption(
            f"{plain(view.category)}  \n"
            + _("Owner: {owner}").format(owner=plain(view.owner))
            + f"  \n{due_text(view)}"
        )
        if st.button(
            _("Open"), key=f"{key}_open_{view.id}", width="stretch", icon=":material/open_in_full:"
        ):
            if switch:
                open_from_another_page(view.id)
            select(view.id)
            st.rerun()

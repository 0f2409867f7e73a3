"""A recommendation's card (board, meeting page, review queue) and the 'open' selection.

The recommendation whose details the recommendations page shows is the query parameter
`id` (this component's only state). why a query parameter and not session state: a reload
keeps the detail open, and choosing "Recommendations" in the menu drops query parameters, so
the menu always leads to the board rather than to whatever was opened last.
"""

from __future__ import annotations

import re

import streamlit as st

from advisory.services.recommendations import RecommendationView
from components import query_ids, status_badge

PARAM = "id"
PAGE = "pages/recommendations.py"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<:$])")


def plain(text: str) -> str:
    """User text made inert for st.markdown (no links, emphasis, headings, badges or LaTeX)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text or "")


def plain_lines(text: str) -> str:
    """Like `plain`, keeping the line breaks the person typed."""
    return "  \n".join(plain(line) for line in (text or "").splitlines())


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
    return f"Due {view.due_on:%d %b %Y}" if view.due_on else "No due date"


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
            st.markdown(status_badge.OVERDUE)
        st.caption(f"{plain(view.category)}  \nOwner: {plain(view.owner)}  \n{due_text(view)}")
        if st.button(
            "Open", key=f"{key}_open_{view.id}", width="stretch", icon=":material/open_in_full:"
        ):
            if switch:
                open_from_another_page(view.id)
            select(view.id)
            st.rerun()

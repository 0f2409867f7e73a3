"""The director's review queue: a short list of what waits, one response form at a time.

why (issue 13): the queue drew a full response form under every waiting item (5,500 px for
seven items, and slow). Now each item is one compact card with an "Answer" button; pressing it
opens the response form (components/recommendation_forms.respond) under that item only. The
picked item is this component's session state; it is dropped once the item leaves the queue.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from advisory.actors import Actor
from advisory.i18n import _, ngettext
from advisory.services.recommendation_views import RecommendationView
from components import edit_versions, recommendation_card, recommendation_forms, status_badge
from components.markdown_text import plain, plain_lines
from components.recommendation_forms import KIND, Drawn, Saved

PICKED = "review_queue_picked"  # session-state key: the id of the item being answered


def picked() -> int | None:
    return st.session_state.get(PICKED)


def pick(recommendation_id: int | None) -> None:
    if recommendation_id is None:
        st.session_state.pop(PICKED, None)
    else:
        st.session_state[PICKED] = recommendation_id


def _summary(v: RecommendationView, today: dt.date) -> None:
    st.markdown(f"**{plain(v.title)}**")
    status_badge.show(v.status, overdue=v.overdue)
    waited = (today - v.raised_on).days
    st.caption(
        ngettext(
            "Raised at the {meeting} · waiting {days} day · {category} · {due}",
            "Raised at the {meeting} · waiting {days} days · {category} · {due}",
            waited,
        ).format(
            meeting=v.meeting_label,
            days=waited,
            category=plain(v.category),
            due=recommendation_card.due_text(v),
        )
    )


def _answer(v: RecommendationView, *, actor: Actor) -> Saved | None:
    """The chosen item: its details, the response form, a way to the full record or back."""
    if v.description:
        st.markdown(plain_lines(v.description))
    if v.status == "deferred" and v.response_rationale:
        st.markdown(_("**Deferred because:** {reason}").format(reason=plain(v.response_rationale)))
    seen, _status = edit_versions.seen(KIND, v.id, v.version, v.status)
    recommendation_forms.conflict_notice(v, key=f"review_reload_{v.id}")
    drawn = Drawn(v, seen, key=f"review_{v.id}_{seen}", actor=actor)
    saved = recommendation_forms.respond(drawn, heading=None)
    left, right = st.columns(2)
    # This button doubles as the "still on screen" marker (components/edit_versions.py).
    if left.button(
        _("Open the full record"), key=edit_versions.marker_key(KIND, v.id), width="stretch"
    ):
        recommendation_card.open_from_another_page(v.id)
    if right.button(_("Close"), key=f"review_close_{v.id}", width="stretch"):
        pick(None)
        st.rerun()
    return saved


def show(queue: list[RecommendationView], *, actor: Actor, today: dt.date) -> Saved | None:
    """Every waiting item as a card; the picked one with its response form. Returns the save."""
    ids = [v.id for v in queue]
    if picked() not in ids:
        pick(None)
    for v in queue:
        with st.container(border=True):
            _summary(v, today)
            if v.id == picked():
                if saved := _answer(v, actor=actor):
                    pick(None)
                    return saved
            elif st.button(
                _("Answer"),
                key=f"review_pick_{v.id}",
                type="primary",
                width="stretch",
                icon=":material/reply:",
            ):
                pick(v.id)
                st.rerun()
    return None

"""The director's review queue: everything waiting for a response, oldest first."""

import datetime as dt

import streamlit as st

from advisory import clock
from advisory.services import recommendation_views
from advisory.services.recommendation_views import RecommendationView
from components import edit_versions, recommendation_card, recommendation_forms, status_badge
from components.database import get_engine
from components.guard import require_page
from components.markdown_text import plain, plain_lines
from components.recommendation_forms import KIND, Drawn

user = require_page("review")

FLASH = "review_flash"


def _card(v: RecommendationView, today: dt.date) -> None:
    st.subheader(plain(v.title), anchor=False)
    status_badge.show(v.status, overdue=v.overdue)
    waited = (today - v.raised_on).days
    st.caption(
        f"Raised at the {v.meeting_label} · waiting {waited} day{'s' if waited != 1 else ''}"
        f" · {plain(v.category)} · {recommendation_card.due_text(v)}"
    )
    if v.description:
        st.markdown(plain_lines(v.description))
    if v.status == "deferred" and v.response_rationale:
        st.markdown(f"**Deferred because:** {plain(v.response_rationale)}")


def _respond(v: RecommendationView) -> None:
    seen, _ = edit_versions.seen(KIND, v.id, v.version, v.status)
    recommendation_forms.conflict_notice(v, key=f"review_reload_{v.id}")
    drawn = Drawn(v, seen, key=f"review_{v.id}_{seen}", actor=user)
    if saved := recommendation_forms.respond(drawn, heading=None):
        answer = saved.view
        st.session_state[FLASH] = f"Response saved for “{answer.title}”: {answer.status_label}."
        st.rerun()


st.title("Review queue")
st.caption(
    "Recommendations waiting for your response, oldest first: raised, under review, and "
    "deferred ones whose date has come."
)
if message := st.session_state.pop(FLASH, None):
    st.success(message)
queue = recommendation_views.review_queue(get_engine())
if not queue:
    st.info("Nothing is waiting for a response.")
today = clock.today()
for v in queue:
    with st.container(border=True):
        _card(v, today)
        _respond(v)
        # This button doubles as the "still on screen" marker (components/edit_versions.py).
        if st.button("Open the full record", key=edit_versions.marker_key(KIND, v.id)):
            recommendation_card.open_from_another_page(v.id)

"""The director's review queue: everything waiting for a response, oldest first."""

import streamlit as st

from advisory import clock
from advisory.errors import DomainError
from advisory.permissions import PAGE_ROLES
from advisory.services import edit_conflicts, recommendations
from advisory.services.recommendations import RecommendationView
from components import edit_versions, recommendation_card, status_badge
from components.database import session
from components.field_errors import FieldErrors
from components.guard import require_role

user = require_role(*PAGE_ROLES["review"])

FLASH = "review_flash"
KIND = "recommendation"
RESPONSE_WORDS = {
    "accepted": "Accept",
    "partly_accepted": "Partly accept",
    "declined": "Decline",
    "deferred": "Defer",
}


def _respond(v: RecommendationView) -> None:
    seen, _ = edit_versions.seen(KIND, v.id, v.version, v.status)
    key = f"review_{v.id}_{seen}"
    if edit_versions.changed_since_seen(KIND, v.id, v.version):
        with session() as s:
            notice = edit_conflicts.message(s, updated_by=v.updated_by, updated_at=v.updated_at)
        edit_versions.show_conflict_notice(
            KIND, v.id, v.version, v.status, notice=notice, key=f"review_reload_{v.id}"
        )
    with st.form(f"{key}_form"):
        errors = FieldErrors()
        decision = st.radio(
            "Your answer",
            list(RESPONSE_WORDS),
            index=None,
            format_func=lambda d: RESPONSE_WORDS[d],
            horizontal=True,
            key=f"{key}_decision",
        )
        errors.slot("decision")
        rationale = st.text_area(
            "Reason (needed to decline or defer; the group will hear it)", key=f"{key}_rationale"
        )
        errors.slot("rationale")
        until = st.date_input(
            "Deferred until (only when deferring)",
            value=None,
            format="DD/MM/YYYY",
            key=f"{key}_until",
        )
        errors.slot("deferred_until")
        funding = st.checkbox("Needs funding", value=v.needs_funding, key=f"{key}_funding")
        if st.form_submit_button("Save response", type="primary", width="stretch"):
            try:
                with session() as s:
                    saved = recommendations.respond(
                        s,
                        recommendation_id=v.id,
                        expected_version=seen,
                        decision=decision,
                        rationale=rationale,
                        needs_funding=funding,
                        deferred_until=until,
                        by=user.username,
                        role=user.role,
                    )
            except DomainError as exc:  # StaleEdit included
                errors.show(exc)
            else:
                edit_versions.saved(KIND, v.id, saved.version, saved.status)
                st.session_state[FLASH] = (
                    f"Response saved for “{saved.title}”: {saved.status_label}."
                )
                st.rerun()


st.title("Review queue")
st.caption(
    "Recommendations waiting for your response, oldest first: raised, under review, and "
    "deferred ones whose date has come."
)
if message := st.session_state.pop(FLASH, None):
    st.success(message)
with session() as s:
    queue = recommendations.review_queue(s)
if not queue:
    st.info("Nothing is waiting for a response.")
today = clock.today()
for v in queue:
    with st.container(border=True):
        st.subheader(recommendation_card.plain(v.title), anchor=False)
        status_badge.show(v.status, overdue=v.overdue)
        waited = (today - v.raised_on).days
        st.caption(
            f"Raised at the {v.meeting_label} · waiting {waited} day{'s' if waited != 1 else ''}"
            f" · {recommendation_card.plain(v.category)} · "
            f"{recommendation_card.due_text(v)}"
        )
        if v.description:
            st.markdown(recommendation_card.plain_lines(v.description))
        if v.status == "deferred" and v.response_rationale:
            st.markdown(f"**Deferred because:** {recommendation_card.plain(v.response_rationale)}")
        _respond(v)
        # This button doubles as the "still on screen" marker (components/edit_versions.py).
        if st.button("Open the full record", key=edit_versions.marker_key(KIND, v.id)):
            recommendation_card.open_from_another_page(v.id)

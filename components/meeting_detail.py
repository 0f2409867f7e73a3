"""One meeting on the meetings page: its facts and minutes, the recommendations raised there,
and the history of changes to it."""

from __future__ import annotations

import streamlit as st

from advisory.services.meeting_views import MeetingChange, MeetingView
from advisory.services.recommendation_views import RecommendationView
from components import recommendation_card
from components.markdown_text import markdown_without_images, plain, plain_lines


def facts(current: MeetingView) -> None:
    st.header(plain(current.label), anchor=False)
    col1, col2, col3 = st.columns(3)
    col1.metric("Members present", len(current.member_ids))
    col2.metric("Guests", current.guests)
    col3.metric("Women consulted", current.women_consulted)
    next_on = current.next_meeting_on
    st.markdown(
        "  \n".join(
            [
                f"**Format:** {current.format}",
                f"**Place:** {plain(current.place) or 'not given'}",
                f"**Members present:** {plain(', '.join(current.member_names)) or 'none recorded'}",
                "**How women were consulted:** "
                + (", ".join(current.consultation_methods) or "not given"),
                f"**Next meeting:** {f'{next_on:%d %B %Y}' if next_on else 'not set'}",
            ]
        )
    )
    if current.agenda:
        st.markdown("**Agenda**")
        st.markdown(plain_lines(current.agenda))
    if current.decisions:
        st.markdown("**Decisions**")
        st.markdown(plain_lines(current.decisions))


def minutes(current: MeetingView) -> None:
    st.subheader("Minutes")
    st.caption("Only people logged in can read the minutes.")
    if current.minutes:
        with st.container(border=True):
            st.markdown(markdown_without_images(current.minutes))
    else:
        st.write("No minutes yet.")


def raised_here(raised: list[RecommendationView]) -> None:
    st.subheader(f"Recommendations raised at this meeting ({len(raised)})")
    for v in raised:
        recommendation_card.show(v, key="meeting_rec", show_status=True, switch=True)


def history(changes: list[MeetingChange]) -> None:
    st.subheader("Changes to this meeting")
    if not changes:
        st.caption("No changes since it was logged.")
    for change in reversed(changes):
        st.markdown(
            f"- {change.changed_at:%d %b %Y %H:%M} UTC · "
            f"{plain(change.changed_by)} changed: {', '.join(change.fields)}"
        )

"""'What happened to what we asked': a summary to read aloud at the next meeting."""

import streamlit as st

from advisory.permissions import PAGE_ROLES
from advisory.services import feedback, meetings
from components import recommendation_card, status_badge
from components.database import session
from components.guard import require_role

user = require_role(*PAGE_ROLES["feedback"])

st.title("What happened to what we asked")
st.caption(
    "Read this aloud at a meeting: every recommendation from the group's earlier meetings, "
    "where it stands now and the latest news, in plain words."
)
with session() as s:
    choices = meetings.list_meetings(s)
if not choices:
    st.info("No meetings yet. Log a meeting first (Meetings).")
    st.stop()
labels = {m.id: m.label for m in choices}
meeting_id = st.selectbox(
    "For the meeting",
    list(labels),
    format_func=lambda i: labels[i],
    key="feedback_meeting",
)
with session() as s:
    summary = feedback.what_happened(s, meeting_id=meeting_id)

st.markdown(f"**{summary.intro}**")
for n, item in enumerate(summary.items, start=1):
    with st.container(border=True):
        st.subheader(f"{n}. {recommendation_card.plain(item.title)}", anchor=False)
        status_badge.show(item.status, overdue=item.overdue)
        st.markdown(recommendation_card.plain(" ".join(item.sentences)))
        if item.latest_update:
            st.markdown(recommendation_card.plain(item.latest_update))
st.download_button(
    "Download as text (to print or read)",
    summary.as_text().encode("utf-8"),
    file_name=f"what-happened-{summary.meeting_label.split(' meeting')[0].replace(' ', '-')}.txt",
    mime="text/plain",
    key="feedback_download",
)

"""'What happened to what we asked': a summary to read aloud at the next meeting."""

import streamlit as st

from advisory.services import feedback, meeting_views
from components import referral_check_notice, status_badge
from components.database import get_engine
from components.guard import require_page
from components.markdown_text import plain

user = require_page("feedback")

st.title("What happened to what we asked")
st.caption(
    "Read this aloud at a meeting: every recommendation from the group's earlier meetings, "
    "where it stands now and the latest news, in plain words."
)
choices = meeting_views.list_meetings(get_engine())
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
summary = feedback.what_happened(get_engine(), meeting_id=meeting_id)

st.markdown(f"**{summary.intro}**")
for n, item in enumerate(summary.items, start=1):
    with st.container(border=True):
        st.subheader(f"{n}. {plain(item.title)}", anchor=False)
        status_badge.show(item.status, overdue=item.overdue)
        st.markdown(plain(" ".join(item.sentences)))
        if item.latest_update:
            st.markdown(plain(item.latest_update))
referral_check_notice.show(key="feedback_referral_checks", list_names=True)  # issue 12
st.download_button(
    "Download as text (to print or read)",
    summary.as_text().encode("utf-8"),
    file_name=f"what-happened-{summary.meeting_label.split(' meeting')[0].replace(' ', '-')}.txt",
    mime="text/plain",
    key="feedback_download",
)

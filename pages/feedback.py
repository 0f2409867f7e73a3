"""'What happened to what we asked': a summary to read aloud at the next meeting."""

import streamlit as st

from advisory import clock
from advisory.i18n import _
from advisory.services import feedback, meeting_views
from components import feedback_downloads, referral_check_notice, status_badge
from components.database import get_engine
from components.guard import require_page
from components.markdown_text import plain

user = require_page("feedback")
today = clock.today()

st.title(_("What happened to what we asked"))
st.caption(
    _(
        "Read this aloud at the next meeting: everything the group asked for that was raised or "
        "changed since the meeting you choose, up to today, and everything still open, grouped "
        "by where it stands, in plain words."
    )
)
held = [m for m in meeting_views.list_meetings(get_engine()) if m.held_on <= today]
since_id = None
if held:
    labels = meeting_views.pick_labels(held)
    since_id = st.selectbox(
        _("Since the meeting"),
        list(labels),
        index=0,
        format_func=lambda i: labels[i],
        key="feedback_since_meeting",
        help=_("The latest meeting is chosen first: the summary then covers what came after it."),
    )
summary = feedback.what_happened(get_engine(), since_meeting_id=since_id, today=today)

st.markdown(f"*{plain(summary.period)}*")
st.markdown(f"**{plain(summary.intro)}**")
n = 0
for group in summary.groups:
    st.subheader(
        _("{heading} ({count})").format(heading=group.heading, count=len(group.items)),
        anchor=False,
    )
    for item in group.items:
        n += 1
        with st.container(border=True):
            st.markdown(f"**{n}. {plain(item.title)}**")
            status_badge.show(item.status, overdue=item.overdue)
            st.markdown(plain(" ".join(item.sentences)))
            if item.latest_update:
                st.markdown(plain(item.latest_update))
if summary.items:
    feedback_downloads.show(actor=user, since_meeting_id=since_id, today=today)
referral_check_notice.show(key="feedback_referral_checks", list_names=True)  # issue 12

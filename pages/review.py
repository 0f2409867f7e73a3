"""The director's review queue: everything waiting for a response, oldest first."""

import streamlit as st

from advisory import clock
from advisory.i18n import _
from advisory.services import recommendation_views
from components import recommendation_queue
from components.database import get_engine
from components.guard import require_page
from components.markdown_text import plain

user = require_page("review")

FLASH = "review_flash"

st.title(_("Review queue"))
st.caption(
    _(
        "Recommendations waiting for your response, oldest first: raised, under review, and "
        "deferred ones whose date has come. Press Answer on one to respond to it."
    )
)
if message := st.session_state.pop(FLASH, None):
    st.success(message)
queue = recommendation_views.review_queue(get_engine())
if not queue:
    st.info(_("Nothing is waiting for a response."))
if saved := recommendation_queue.show(queue, actor=user, today=clock.today()):
    # why (issue 13): the title is typed text; st.success reads Markdown.
    st.session_state[FLASH] = _("Response saved for “{title}”: {status}.").format(
        title=plain(saved.view.title), status=saved.view.status_label
    )
    st.rerun()

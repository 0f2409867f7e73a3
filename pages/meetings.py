"""Meetings: the list by quarter, logging a meeting, and one meeting with its recommendations."""

import streamlit as st

from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import meeting_views, recommendation_views
from components import edit_versions, meeting_detail, meeting_form, meeting_list, next_meeting
from components.database import get_engine
from components.guard import require_page
from components.markdown_text import plain
from components.recommendation_forms import raise_at

user = require_page("meetings")

FLASH = "meetings_flash"


def _saved(message: str, *, open_id: int | None = None) -> None:
    st.session_state[FLASH] = message
    if open_id is not None:
        meeting_list.select(open_id)
    st.rerun()


def _list_view() -> None:
    all_meetings = meeting_views.list_meetings(get_engine())
    members = meeting_views.members_to_pick(get_engine())
    if created := meeting_form.log_new(members, expanded=not all_meetings, actor=user):
        _saved(
            _("Meeting saved: {meeting}.").format(meeting=plain(created.label)), open_id=created.id
        )
    if not all_meetings:
        st.info(_("No meetings yet. Log the first one above."))
        return
    next_meeting.show(key="meetings_next_ics")
    shown = all_meetings
    if (wanted := meeting_list.search(all_meetings)).any:
        shown = meeting_views.list_meetings(
            get_engine(),
            text=wanted.text,
            year=wanted.year,
            meeting_format=wanted.meeting_format,
            actor=user,
        )
        meeting_list.found(len(shown))
    meeting_list.show(shown)
    meeting_list.downloads(actor=user)


def _detail_view(meeting_id: int) -> None:
    engine = get_engine()
    try:
        current = meeting_views.get(engine, meeting_id)
    except DomainError as exc:
        st.error(str(exc))
        meeting_list.select(None)
        st.button(_("Back to all meetings"), key="meeting_back_missing")
        return
    seen, _changed = edit_versions.seen(meeting_form.KIND, meeting_id, current.version)
    if st.button(
        _("All meetings"),
        icon=":material/arrow_back:",
        key=edit_versions.marker_key(meeting_form.KIND, meeting_id),
    ):
        meeting_list.select(None)
        st.rerun()
    meeting_detail.facts(current)
    meeting_detail.minutes(current)
    meeting_detail.raised_here(
        recommendation_views.list_recommendations(engine, meeting_id=meeting_id)
    )
    with st.expander(_("Raise a recommendation at this meeting"), icon=":material/add:"):
        if raised := raise_at(current, actor=user):
            _saved(_("Recommendation raised: {title}.").format(title=plain(raised.title)))
    members = meeting_views.members_to_pick(
        engine, group_id=current.group_id, on=current.held_on, include=current.member_ids
    )
    if meeting_form.edit(current, seen=seen, members=members, actor=user):
        _saved(_("Changes saved."))
    meeting_detail.history(meeting_views.history(engine, meeting_id))


st.title(_("Meetings"))
if message := st.session_state.pop(FLASH, None):
    st.success(message)
selected = meeting_list.selected()
if selected is None:
    st.caption(
        _(
            "Every meeting of the advisory group, newest first. Open one to see its minutes "
            "and the recommendations raised there, or to raise a new one."
        )
    )
    _list_view()
else:
    _detail_view(selected)

"""The group's next meeting: its date and a calendar file (.ics) to add it (issue 13)."""

from __future__ import annotations

import streamlit as st

from advisory import clock, config
from advisory.exports import ics
from advisory.i18n import _, format_date
from advisory.services import meeting_views, organisation
from components.database import get_engine

MIME = "text/calendar"


def show(*, key: str = "next_meeting") -> None:
    """The date and a download button; nothing when no next meeting is planned."""
    engine = get_engine()
    upcoming = meeting_views.next_meeting(engine)
    if upcoming is None:
        return
    event = ics.next_meeting_event(
        on=upcoming.on,
        group_id=upcoming.group_id,
        organisation=organisation.settings(engine).name,
        group=upcoming.group,
        app_url=config.app_url(),
    )
    col_text, col_button = st.columns([3, 2], vertical_alignment="center")
    col_text.markdown(_("**Next meeting:** {date}").format(date=format_date(upcoming.on, "full")))
    col_button.download_button(
        _("Add to my calendar (.ics)"),
        ics.calendar(event, stamp=clock.now()),
        file_name=f"advisory-meeting-{upcoming.on:%Y-%m-%d}.ics",
        mime=MIME,
        on_click="ignore",
        key=key,
        icon=":material/event:",
        width="stretch",
    )

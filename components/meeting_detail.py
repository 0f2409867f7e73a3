"""One meeting on the meetings page: its facts and minutes, the recommendations raised there,
and the history of changes to it."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import _, format_date, format_datetime
from advisory.services.meeting_views import MeetingChange, MeetingView
from advisory.services.recommendation_views import RecommendationView
from components import recommendation_card
from components.markdown_text import markdown_without_images, plain, plain_lines
from components.meeting_form import format_label, method_label


def facts(current: MeetingView) -> None:
    st.header(plain(current.label), anchor=False)
    col1, col2, col3 = st.columns(3)
    col1.metric(_("Members present"), len(current.member_ids))
    col2.metric(_("Guests"), current.guests)
    col3.metric(_("Women consulted"), current.women_consulted)
    next_on = current.next_meeting_on
    methods = ", ".join(method_label(m) for m in current.consultation_methods)
    st.markdown(
        "  \n".join(
            [
                _("**Format:** {format}").format(format=format_label(current.format)),
                _("**Place:** {place}").format(place=plain(current.place) or _("not given")),
                _("**Members present:** {members}").format(
                    members=plain(", ".join(current.member_names)) or _("none recorded")
                ),
                _("**How women were consulted:** {methods}").format(
                    methods=methods or _("not given")
                ),
                _("**Next meeting:** {day}").format(
                    day=format_date(next_on, "dd MMMM y") if next_on else _("not set")
                ),
            ]
        )
    )
    if current.agenda:
        st.markdown(_("**Agenda**"))
        st.markdown(plain_lines(current.agenda))
    if current.decisions:
        st.markdown(_("**Decisions**"))
        st.markdown(plain_lines(current.decisions))


def minutes(current: MeetingView) -> None:
    st.subheader(_("Minutes"))
    st.caption(_("Only people logged in can read the minutes."))
    if current.minutes:
        with st.container(border=True):
            st.markdown(markdown_without_images(current.minutes))
    else:
        st.write(_("No minutes yet."))


def raised_here(raised: list[RecommendationView]) -> None:
    st.subheader(_("Recommendations raised at this meeting ({count})").format(count=len(raised)))
    for v in raised:
        recommendation_card.show(v, key="meeting_rec", show_status=True, switch=True)


def history(changes: list[MeetingChange]) -> None:
    st.subheader(_("Changes to this meeting"))
    if not changes:
        st.caption(_("No changes since it was logged."))
    for change in reversed(changes):
        # The field words are English messages (meeting_views.FIELD_WORDS), translated here.
        st.markdown(
            "- "
            + _("{time} UTC · {who} changed: {fields}").format(
                time=format_datetime(change.changed_at, "dd MMM y HH:mm"),
                who=plain(change.changed_by),
                fields=", ".join(_(field) for field in change.fields),
            )
        )

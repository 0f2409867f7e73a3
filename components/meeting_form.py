"""Logging a meeting and changing one: the same inputs, two forms.

Each form calls its service with the engine (the service owns the transaction), shows a
refusal under the field it concerns (StaleEdit and DatabaseBusy included) while keeping what
was typed, and returns the saved meeting; the page then says so and reruns.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

import streamlit as st

from advisory import clock
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import N_, _
from advisory.services import meetings
from advisory.services.meeting_views import MeetingView
from advisory.services.meetings import CONSULTATION_METHODS, FORMATS
from components import edit_versions
from components.database import get_engine
from components.forms import FieldErrors

KIND = "meeting"  # the edit_versions kind
DATE_FORMAT = "DD/MM/YYYY"
# Display names of the stored format and consultation-method values (English: the values).
FORMAT_LABELS: dict[str, str] = {
    "in person": N_("in person"),
    "remote": N_("remote"),
    "mixed": N_("mixed"),
}
METHOD_LABELS: dict[str, str] = {
    "focus group": N_("focus group"),
    "outreach conversations": N_("outreach conversations"),
    "survey": N_("survey"),
    "other": N_("other"),
}


def format_label(meeting_format: str) -> str:
    """A meeting format's display name in the run's language (an unknown value: itself)."""
    label = FORMAT_LABELS.get(meeting_format)
    return _(label) if label else meeting_format


def method_label(method: str) -> str:
    """A consultation method's display name in the run's language (an unknown value: itself)."""
    label = METHOD_LABELS.get(method)
    return _(label) if label else method


class MeetingInputs(TypedDict):
    """What the person typed, as meetings.create_meeting / edit_meeting take it."""

    held_on: dt.date | None
    format: str
    place: str
    member_ids: list[int]
    guests: int
    women_consulted: int
    consultation_methods: list[str]
    agenda: str
    minutes: str
    decisions: str
    next_meeting_on: dt.date | None


def inputs(
    key: str, current: MeetingView | None, members: list[tuple[int, str]]
) -> tuple[MeetingInputs, FieldErrors]:
    """The meeting's inputs, empty or filled from `current`; returns (values, errors)."""
    errors = FieldErrors()
    names = dict(members)
    held_on = st.date_input(
        _("Date of the meeting"),
        value=current.held_on if current else clock.today(),
        format=DATE_FORMAT,
        key=f"{key}_held_on",
    )
    errors.slot("held_on")
    meeting_format = st.radio(
        _("Format"),
        FORMATS,
        index=FORMATS.index(current.format) if current else 0,
        format_func=format_label,
        horizontal=True,
        key=f"{key}_format",
    )
    errors.slot("format")
    place = st.text_input(
        _("Place (optional)"), value=current.place if current else "", key=f"{key}_place"
    )
    member_ids = st.multiselect(
        _("Members present"),
        options=list(names),
        default=list(current.member_ids) if current else [],
        format_func=lambda i: names.get(i, "?"),
        key=f"{key}_members",
        placeholder=_("Pick the members who came"),
    )
    errors.slot("member_ids")
    guests = st.number_input(
        _("Number of guests (not members)"),
        value=current.guests if current else 0,
        step=1,
        key=f"{key}_guests",
    )
    errors.slot("guests")
    women_consulted = st.number_input(
        _("How many other women did the group consult since the last meeting?"),
        value=current.women_consulted if current else 0,
        step=1,
        key=f"{key}_consulted",
    )
    errors.slot("women_consulted")
    consultation_methods = st.multiselect(
        _("How were they consulted?"),
        CONSULTATION_METHODS,
        default=list(current.consultation_methods) if current else [],
        format_func=method_label,
        key=f"{key}_methods",
        placeholder=_("Choose one or more"),
    )
    errors.slot("consultation_methods")
    agenda = st.text_area(_("Agenda"), value=current.agenda if current else "", key=f"{key}_agenda")
    minutes = st.text_area(
        _("Minutes (Markdown; only people logged in can read them)"),
        value=current.minutes if current else "",
        height=200,
        key=f"{key}_minutes",
        help=_(
            "Bold, lists and links work. Pictures show as [image: ...]: loading them would "
            "tell another website who reads the minutes."
        ),
    )
    decisions = st.text_area(
        _("Decisions"), value=current.decisions if current else "", key=f"{key}_decisions"
    )
    next_meeting_on = st.date_input(
        _("Next meeting date (optional)"),
        value=current.next_meeting_on if current else None,
        format=DATE_FORMAT,
        key=f"{key}_next",
    )
    errors.slot("next_meeting_on")
    values = MeetingInputs(
        held_on=held_on,
        format=meeting_format,
        place=place,
        member_ids=member_ids,
        guests=guests,
        women_consulted=women_consulted,
        consultation_methods=consultation_methods,
        agenda=agenda,
        minutes=minutes,
        decisions=decisions,
        next_meeting_on=next_meeting_on,
    )
    return values, errors


def log_new(members: list[tuple[int, str]], *, expanded: bool, actor: Actor) -> MeetingView | None:
    with (
        st.expander(_("Log a new meeting"), expanded=expanded, icon=":material/add:"),
        st.form("meeting_new_form"),
    ):
        values, errors = inputs("meeting_new", None, members)
        if st.form_submit_button(_("Save meeting"), type="primary", width="stretch"):
            try:
                return meetings.create_meeting(get_engine(), **values, actor=actor)
            except DomainError as exc:
                errors.show(exc)
    return None


def edit(
    current: MeetingView, *, seen: int, members: list[tuple[int, str]], actor: Actor
) -> MeetingView | None:
    """Change the meeting, from the version the user saw (a stale save is refused)."""
    with st.expander(_("Change this meeting"), icon=":material/edit:"):
        edit_versions.warn_if_changed(
            KIND,
            current.id,
            current.version,
            updated_by=current.updated_by,
            updated_at=current.updated_at,
            key="meeting_reload",
        )
        key = f"meeting_edit_{current.id}_{seen}"
        with st.form(key):
            values, errors = inputs(key, current, members)
            if st.form_submit_button(_("Save changes"), type="primary", width="stretch"):
                try:
                    saved = meetings.edit_meeting(
                        get_engine(),
                        meeting_id=current.id,
                        expected_version=seen,
                        **values,
                        actor=actor,
                    )
                except DomainError as exc:
                    errors.show(exc)
                else:
                    edit_versions.saved(KIND, current.id, saved.version)
                    return saved
    return None

"""The meetings list, newest first under quarter headings, its search box, the open meeting,
and downloads.

The open meeting is the query parameter `meeting` (see components/recommendation_card.py for
why a query parameter and not session state).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import streamlit as st

from advisory.actors import Actor
from advisory.exports import meetings_export
from advisory.i18n import _, ngettext
from advisory.services.meeting_views import MeetingView, by_quarter
from advisory.services.meetings import FORMATS
from components import query_ids
from components.downloads import CSV, XLSX, deferred
from components.markdown_text import plain
from components.meeting_form import format_label

PARAM = "meeting"
PAGE = "meetings"


def select(meeting_id: int | None) -> None:
    """Open (or, with None, close) a meeting on the meetings page."""
    if meeting_id is None:
        st.query_params.pop(PARAM, None)
    else:
        st.query_params[PARAM] = str(meeting_id)


def selected() -> int | None:
    """The open meeting's id, None when none is open (see components/query_ids.py)."""
    return query_ids.requested_id(st.query_params.get(PARAM))


@dataclass(frozen=True)
class MeetingFilters:
    """The search box and the two filters; `any` is False when nothing narrows the list."""

    text: str | None
    year: int | None
    meeting_format: str | None

    @property
    def any(self) -> bool:
        return bool(self.text) or self.year is not None or self.meeting_format is not None


def search(meetings: list[MeetingView], *, key: str = "meetings_search") -> MeetingFilters:
    """A search box over place, agenda, decisions and minutes, then year and format."""
    typed = st.text_input(
        _("Search meetings"),
        key=key,
        placeholder=_("A place, or words from the agenda, decisions or minutes"),
        help=_("Shows the meetings with every word you type, in any case."),
        max_chars=200,
    )
    years = sorted({m.held_on.year for m in meetings}, reverse=True)
    col_year, col_format = st.columns(2)
    year = col_year.selectbox(
        _("Year"),
        [None, *years],
        format_func=lambda y: _("Any year") if y is None else str(y),
        key=f"{key}_year",
    )
    meeting_format = col_format.selectbox(
        _("Format"),
        [None, *FORMATS],
        format_func=lambda f: _("Any format") if f is None else format_label(f),
        key=f"{key}_format",
    )
    return MeetingFilters(text=typed.strip() or None, year=year, meeting_format=meeting_format)


def found(n: int) -> None:
    """After a search: how many meetings match, or what to do when none does."""
    if not n:
        st.info(_("No meeting matches. Try fewer or other words, or another year or format."))
        return
    st.caption(ngettext("{n} meeting matches.", "{n} meetings match.", n).format(n=n))


def show(meetings: list[MeetingView]) -> None:
    for quarter, items in by_quarter(meetings).items():
        st.subheader(quarter)
        for m in items:
            with st.container(border=True):
                members = len(m.member_ids)
                # why two messages: each count needs its own plural form.
                people = ngettext("{n} member", "{n} members", members).format(n=members)
                if m.guests:
                    guests = ngettext("{n} guest", "{n} guests", m.guests).format(n=m.guests)
                    people = _("{members}, {guests}").format(members=people, guests=guests)
                recs = ngettext(
                    "{count} recommendation", "{count} recommendations", m.recommendation_count
                ).format(count=m.recommendation_count)
                # why (issue 13): the full label (date, quarter, place) tells apart two
                # meetings held on one day.
                st.markdown(f"**{plain(m.label)}** · {people} · {recs}")
                if st.button(_("Open"), key=f"meeting_open_{m.id}", icon=":material/open_in_full:"):
                    select(m.id)
                    st.rerun()


def downloads(*, actor: Actor) -> None:
    """Meetings as CSV or Excel, built when pressed; minutes only when asked for."""
    st.subheader(_("Download"))
    with_minutes = st.checkbox(_("Include the minutes"), key="meetings_export_minutes")
    files = (
        (_("Meetings (CSV)"), meetings_export.meetings_csv, "meetings.csv", CSV, "meetings_csv"),
        (
            _("Meetings (Excel)"),
            meetings_export.meetings_xlsx,
            "meetings.xlsx",
            XLSX,
            "meetings_xlsx",
        ),
    )
    for column, (label, build, file_name, mime, key) in zip(st.columns(2), files, strict=True):
        data = deferred(actor, PAGE, partial(build, include_minutes=with_minutes))
        column.download_button(
            label, data, file_name=file_name, mime=mime, key=key, on_click="ignore"
        )

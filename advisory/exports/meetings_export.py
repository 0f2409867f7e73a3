"""Exports of meetings, as CSV and XLSX (recommendations: advisory.exports.recommendations_export).

Every file goes through advisory.spreadsheet_safety, so a place such as "=1+2" or an agenda
starting with "-" or "@" reaches the spreadsheet as text, never as a formula.

Privacy (product.md): minutes are left out unless the person exporting asks for them, and
members present are given as a number, not names, because a file travels further than a page.
These downloads are for logged-in users only; nothing here is meant for a share link.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from advisory import spreadsheet_safety
from advisory.db import reads
from advisory.i18n import N_, _
from advisory.services import meeting_views

# Headers for reading (no import reads this file back): English keys, marked for the catalog;
# the file's headers are translated when it is made.
MEETING_COLUMNS = (
    N_("meeting date"),
    N_("quarter"),
    N_("format"),
    N_("place"),
    N_("members present"),
    N_("guests"),
    N_("women consulted"),
    N_("how women were consulted"),
    N_("agenda"),
    N_("decisions"),
    N_("next meeting"),
    N_("recommendations raised"),
)
MINUTES_COLUMN = N_("minutes")


@reads
def meetings_frame(session: Session, *, include_minutes: bool = False) -> pd.DataFrame:
    """One row per meeting, oldest first. Minutes only when `include_minutes`."""
    rows = []
    for m in reversed(meeting_views.list_meetings(session)):
        row: dict[str, object] = {
            "meeting date": m.held_on,
            "quarter": m.quarter,
            "format": m.format,
            "place": m.place,
            "members present": len(m.member_ids),
            "guests": m.guests,
            "women consulted": m.women_consulted,
            "how women were consulted": ", ".join(m.consultation_methods),
            "agenda": m.agenda,
            "decisions": m.decisions,
            "next meeting": m.next_meeting_on,
            "recommendations raised": m.recommendation_count,
        }
        if include_minutes:
            row[MINUTES_COLUMN] = m.minutes
        rows.append(row)
    columns = [*MEETING_COLUMNS, *([MINUTES_COLUMN] if include_minutes else [])]
    return pd.DataFrame(rows, columns=columns).rename(columns=_)


@reads
def meetings_csv(session: Session, *, include_minutes: bool = False) -> bytes:
    return spreadsheet_safety.to_csv_bytes(meetings_frame(session, include_minutes=include_minutes))


@reads
def meetings_xlsx(session: Session, *, include_minutes: bool = False) -> bytes:
    return spreadsheet_safety.to_xlsx_bytes(
        {
            spreadsheet_safety.sheet_title(_("Meetings"), "Meetings"): meetings_frame(
                session, include_minutes=include_minutes
            )
        }
    )

"""Exports of recommendations with their history, as CSV and XLSX.

Every file goes through advisory.spreadsheet_safety, so a title such as "=HYPERLINK(...)" or a
comment starting with "-" or "@" reaches the spreadsheet as text, never as a formula.

Privacy (product.md): comments and owners' names are in these files, so they are for
logged-in users only; nothing here is meant for a share link.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.orm import Session

from advisory import spreadsheet_safety
from advisory.db import reads
from advisory.i18n import N_, _
from advisory.lifecycle import status_label
from advisory.models import seeded_name
from advisory.services import recommendation_views

# Headers for reading (no import reads these files back): English keys, marked for the
# catalog; a file's headers are translated when it is made.
RECOMMENDATION_COLUMNS = (
    N_("id"),
    N_("title"),
    N_("description"),
    N_("category"),
    N_("sites"),
    N_("priority"),
    N_("owner"),
    N_("due date"),
    N_("status"),
    N_("overdue"),
    N_("raised at"),
    N_("raised on"),
    N_("response"),
    N_("rationale"),
    N_("needs funding"),
    N_("deferred until"),
    N_("done on"),
    N_("what changed"),
    N_("evidence"),
    N_("verified at"),
    N_("group's comment"),
    N_("escalation level"),
    N_("escalated on"),
)
HISTORY_COLUMNS = (
    N_("recommendation id"),
    N_("title"),
    N_("when (UTC)"),
    N_("who"),
    N_("what"),
    N_("from"),
    N_("to"),
    N_("comment"),
)


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


@reads
def recommendations_frame(session: Session, *, today: dt.date | None = None) -> pd.DataFrame:
    """One row per recommendation, oldest raised first, with its current state."""
    rows = [
        {
            "id": v.id,
            "title": v.title,
            "description": v.description,
            "category": seeded_name(v.category),
            "sites": ", ".join(v.site_names),
            "priority": v.priority,
            "owner": v.owner,
            "due date": v.due_on,
            "status": v.status_label,
            "overdue": _yes_no(v.overdue),
            "raised at": v.meeting_label,
            "raised on": v.raised_on,
            "response": status_label(v.response) if v.response else "",
            "rationale": v.response_rationale or "",
            "needs funding": _yes_no(v.needs_funding),
            "deferred until": v.deferred_until,
            "done on": v.done_on,
            "what changed": v.what_changed or "",
            "evidence": v.evidence or "",
            "verified at": v.verified_at_meeting_label or "",
            "group's comment": v.verification_comment or "",
            "escalation level": v.escalation_level or "",
            "escalated on": v.escalated_on,
        }
        for v in recommendation_views.list_recommendations(session, today=today)
    ]
    return pd.DataFrame(rows, columns=list(RECOMMENDATION_COLUMNS)).rename(columns=_)


@reads
def history_frame(session: Session) -> pd.DataFrame:
    """Every timeline entry of every recommendation: status changes, comments, escalations."""
    rows = []
    for v in recommendation_views.list_recommendations(session):
        for e in recommendation_views.timeline(session, v.id):
            rows.append(
                {
                    "recommendation id": v.id,
                    "title": v.title,
                    "when (UTC)": e.at.replace(microsecond=0),
                    "who": e.by,
                    "what": e.summary,
                    "from": status_label(e.from_status) if e.from_status else "",
                    "to": status_label(e.to_status) if e.to_status else "",
                    "comment": e.comment,
                }
            )
    return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS)).rename(columns=_)


@reads
def recommendations_csv(session: Session, *, today: dt.date | None = None) -> bytes:
    return spreadsheet_safety.to_csv_bytes(recommendations_frame(session, today=today))


@reads
def history_csv(session: Session) -> bytes:
    return spreadsheet_safety.to_csv_bytes(history_frame(session))


@reads
def recommendations_xlsx(session: Session, *, today: dt.date | None = None) -> bytes:
    """One workbook: the recommendations, and their history on a second sheet."""
    return spreadsheet_safety.to_xlsx_bytes(
        {
            spreadsheet_safety.sheet_title(
                _("Recommendations"), "Recommendations"
            ): recommendations_frame(session, today=today),
            spreadsheet_safety.sheet_title(_("History"), "History"): history_frame(session),
        }
    )

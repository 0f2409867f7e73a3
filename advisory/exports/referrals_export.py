"""Exports of the referral directory and the work with other services, as CSV and XLSX (issue 12).

Every file goes through advisory.spreadsheet_safety, so an organisation called "=HYPERLINK(...)"
reaches the spreadsheet as text, never as a formula. These downloads are for logged-in users
only: the directory export carries the organisations' contact fields (never a person's), and
the counts are exact. Nothing here is meant for a share link.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from advisory import spreadsheet_safety
from advisory.db import reads
from advisory.services import referral_work, referrals
from advisory.services.referrals import ATTRIBUTE_WORDS, FINDINGS

LISTS = ("directory", "referral counts", "trainings", "networks", "forums")


@reads
def directory_frame(session: Session) -> pd.DataFrame:
    rows = []
    for e in referrals.list_entries(session):
        check = e.last_check
        rows.append(
            {
                "organisation": e.organisation,
                "service": e.service_name,
                "kind": e.kind,
                "sites": ", ".join(e.site_names),
                "address or area": e.area,
                "opening hours": e.opening_hours,
                "phone (organisation)": e.phone,
                "languages": e.languages,
                "cost": e.cost,
                "women-friendly": "; ".join(ATTRIBUTE_WORDS[a] for a in e.attributes),
                "last checked": check.checked_on if check else None,
                "finding": FINDINGS[check.finding] if check else "",
                "note": check.note if check else "",
                "needs checking": "yes" if e.needs_checking else "no",
                "in the directory": "yes" if e.active else "no",
            }
        )
    return pd.DataFrame(rows, columns=_columns(rows, "organisation"))  # type: ignore[arg-type]


def _columns(rows: list[dict[str, object]], first: str) -> list[str]:
    return list(rows[0]) if rows else [first]


@reads
def counts_frame(session: Session) -> pd.DataFrame:
    rows = [r.__dict__ for r in referral_work.referral_counts(session)]
    return pd.DataFrame(rows, columns=["quarter", "kind", "count"])


@reads
def trainings_frame(session: Session) -> pd.DataFrame:
    rows = [
        {
            "date": t.held_on,
            "quarter": t.quarter,
            "organisation trained": t.organisation,
            "kind": t.kind,
            "topics": t.topic_words,
            "delivered by": referral_work.DELIVERED_BY[t.delivered_by],
            "participants": t.participants,
            "follow-up planned": t.follow_up,
            "outcome notes": t.outcome_notes,
            "directory entry": t.entry_name,
        }
        for t in reversed(referral_work.list_trainings(session))
    ]
    return pd.DataFrame(rows, columns=_columns(rows, "date"))


@reads
def networks_frame(session: Session) -> pd.DataFrame:
    rows = [
        {"network": n.name, "level": referral_work.LEVELS[n.level], "public link": n.link}
        for n in referral_work.list_networks(session)
    ]
    return pd.DataFrame(rows, columns=["network", "level", "public link"])


@reads
def forums_frame(session: Session) -> pd.DataFrame:
    rows = [
        {
            "date": f.held_on,
            "forum": f.forum,
            "level": referral_work.LEVELS[f.level],
            "what was raised": f.raised,
            "outcome": f.outcome,
        }
        for f in reversed(referral_work.list_forums(session))
    ]
    return pd.DataFrame(rows, columns=["date", "forum", "level", "what was raised", "outcome"])


_FRAMES = {
    "directory": directory_frame,
    "referral counts": counts_frame,
    "trainings": trainings_frame,
    "networks": networks_frame,
    "forums": forums_frame,
}


@reads
def csv_bytes(session: Session, *, which: str) -> bytes:
    """One list (a name from LISTS) as neutralised CSV."""
    return spreadsheet_safety.to_csv_bytes(_FRAMES[which](session))


@reads
def xlsx_bytes(session: Session) -> bytes:
    """Every list, one sheet each, neutralised."""
    return spreadsheet_safety.to_xlsx_bytes({name: _FRAMES[name](session) for name in LISTS})

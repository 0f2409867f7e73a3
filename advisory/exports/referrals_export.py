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
from advisory.i18n import N_, _
from advisory.models import seeded_name
from advisory.services import referral_work, referrals
from advisory.services.referrals import ATTRIBUTE_WORDS, FINDINGS

# The lists (keys, marked for the catalog: `_(name)` where a person reads one, as the sheets do).
LISTS = (N_("directory"), N_("referral counts"), N_("trainings"), N_("networks"), N_("forums"))


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its headers in the reader's language (English keys are msgids).

    No import reads these files back, so their headers are for reading.
    """
    return frame.rename(columns=_)


@reads
def directory_frame(session: Session) -> pd.DataFrame:
    rows = []
    for e in referrals.list_entries(session):
        check = e.last_check
        rows.append(
            {
                N_("organisation"): e.organisation,
                N_("service"): e.service_name,
                N_("kind"): seeded_name(e.kind),
                N_("sites"): ", ".join(e.site_names),
                N_("address or area"): e.area,
                N_("opening hours"): e.opening_hours,
                N_("phone (organisation)"): e.phone,
                N_("languages"): e.languages,
                N_("cost"): e.cost,
                N_("women-friendly"): "; ".join(_(ATTRIBUTE_WORDS[a]) for a in e.attributes),
                N_("last checked"): check.checked_on if check else None,
                N_("finding"): _(FINDINGS[check.finding]) if check else "",
                N_("note"): check.note if check else "",
                N_("needs checking"): _yes_no(e.needs_checking),
                N_("in the directory"): _yes_no(e.active),
            }
        )
    frame = pd.DataFrame(rows, columns=_columns(rows, N_("organisation")))  # type: ignore[arg-type]
    return _readable(frame)


def _columns(rows: list[dict[str, object]], first: str) -> list[str]:
    return list(rows[0]) if rows else [first]


@reads
def counts_frame(session: Session) -> pd.DataFrame:
    rows = [
        {**r.__dict__, "kind": seeded_name(r.kind)} for r in referral_work.referral_counts(session)
    ]
    return _readable(pd.DataFrame(rows, columns=[N_("quarter"), N_("kind"), N_("count")]))


@reads
def trainings_frame(session: Session) -> pd.DataFrame:
    rows = [
        {
            N_("date"): t.held_on,
            N_("quarter"): t.quarter,
            N_("organisation trained"): t.organisation,
            N_("kind"): seeded_name(t.kind),
            N_("topics"): t.topic_words,
            N_("delivered by"): _(referral_work.DELIVERED_BY[t.delivered_by]),
            N_("participants"): t.participants,
            N_("follow-up planned"): t.follow_up,
            N_("outcome notes"): t.outcome_notes,
            N_("directory entry"): t.entry_name,
        }
        for t in reversed(referral_work.list_trainings(session))
    ]
    return _readable(pd.DataFrame(rows, columns=_columns(rows, N_("date"))))


@reads
def networks_frame(session: Session) -> pd.DataFrame:
    rows = [
        {N_("network"): n.name, "level": _(referral_work.LEVELS[n.level]), "public link": n.link}
        for n in referral_work.list_networks(session)
    ]
    return _readable(pd.DataFrame(rows, columns=[N_("network"), N_("level"), N_("public link")]))


@reads
def forums_frame(session: Session) -> pd.DataFrame:
    rows = [
        {
            N_("date"): f.held_on,
            N_("forum"): f.forum,
            N_("level"): _(referral_work.LEVELS[f.level]),
            N_("what was raised"): f.raised,
            N_("outcome"): f.outcome,
        }
        for f in reversed(referral_work.list_forums(session))
    ]
    columns = [N_("date"), N_("forum"), N_("level"), N_("what was raised"), N_("outcome")]
    return _readable(pd.DataFrame(rows, columns=columns))


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
    return spreadsheet_safety.to_xlsx_bytes(
        {spreadsheet_safety.sheet_title(_(name), name): _FRAMES[name](session) for name in LISTS}
    )

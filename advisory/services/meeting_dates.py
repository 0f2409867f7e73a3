"""A meeting's date, copied into the recommendations raised and verified there.

A recommendation raised at a meeting takes the meeting's date as its "raised on" date, and one
verified at a meeting takes it as its "verified on" date. When a meeting's date is corrected,
these rules keep the copies in step (advisory.services.meetings.edit_meeting calls them inside
its own write transaction; they are not services of their own).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.errors import ValidationError
from advisory.i18n import N_, _, format_date
from advisory.models import Recommendation
from advisory.services.recommendation_changes import Change


def dated_by(session: Session, meeting_id: int) -> list[Recommendation]:
    """Recommendations raised or verified at the meeting, locked until the end of the edit."""
    return list(
        session.scalars(
            select(Recommendation)
            .where(
                (Recommendation.meeting_id == meeting_id)
                | (Recommendation.verified_at_meeting_id == meeting_id)
            )
            .order_by(Recommendation.id)
            .with_for_update()
        )
    )


def refuse_out_of_order(recs: list[Recommendation], *, meeting_id: int, new_date: dt.date) -> None:
    """Refuse a new meeting date that would put a recommendation's dates out of order.

    Raised at the meeting: its due, done and escalation dates must not fall before the new
    date. Verified at the meeting: it must have been done on or before it (the rules
    advisory.lifecycle applies to the recommendation itself).
    """
    raised = [r for r in recs if r.meeting_id == meeting_id]
    for attr, message in (
        (
            "due_on",
            N_(
                "A recommendation raised at this meeting is due on {day}, before the new date. "
                "Change that due date first, or check the meeting date."
            ),
        ),
        (
            "done_on",
            N_(
                "A recommendation raised at this meeting was done on {day}, before the new "
                "date. Change that done date first, or check the meeting date."
            ),
        ),
        (
            "escalated_on",
            N_(
                "A recommendation raised at this meeting was escalated on {day}, before the new "
                "date. Change that escalation date first, or check the meeting date."
            ),
        ),
    ):
        dates = [getattr(r, attr) for r in raised if getattr(r, attr) is not None]
        if dates and min(dates) < new_date:
            raise ValidationError(
                _(message).format(day=format_date(min(dates), "dd MMM y")), field="held_on"
            )
    done = [
        r.done_on for r in recs if r.verified_at_meeting_id == meeting_id and r.done_on is not None
    ]
    if done and max(done) > new_date:
        raise ValidationError(
            _(
                "A recommendation verified at this meeting was done on {day}, after the new "
                "date: the group cannot have checked it before it was done. Check the meeting "
                "date."
            ).format(day=format_date(max(done), "dd MMM y")),
            field="held_on",
        )


def follow(
    session: Session,
    recs: list[Recommendation],
    *,
    meeting_id: int,
    old: dt.date,
    new: dt.date,
    by: str,
    at: dt.datetime,
) -> None:
    """Carry a corrected meeting date to the recommendations that copied it.

    why (review finding 2): `raised_on` (raised at this meeting) and `verified_on` (verified at
    it) are copies of the meeting's date, kept for listing and figures such as "median days to
    done"; left behind, they would contradict the meeting. Each recommendation changed gets a
    timeline entry and an audit row, and a new version, so anyone with it open is told to reload.
    """
    for rec in recs:
        notes: list[str] = []
        if rec.meeting_id == meeting_id and rec.raised_on != new:
            rec.raised_on = new
            notes.append("raised on")
        if rec.verified_at_meeting_id == meeting_id and rec.verified_on != new:
            rec.verified_on = new
            notes.append("verified on")
        if not notes:
            continue
        change = Change(session, rec, by=by, at=at)
        which = " and ".join(f"'{n}'" for n in notes)
        change.note(
            "edit",
            f"The meeting's date was corrected from {old:%d %b %Y} to {new:%d %b %Y}; "
            f"the {which} date follows it.",
        )
        change.audit("edit", f"{' and '.join(notes)} date follows meeting {meeting_id}")
        change.touch()

"""Each time a recommendation was done: what changed, the evidence, the group's check, and why
it was reopened.

why (issue 13): reopening clears the done and verified details from the recommendation itself
(so figures such as "median days to done" count the next completion, not the lapsed one), and
the record then lost its evidence and the group's verification. The lifecycle commands in
advisory.services.recommendations keep them here, one row per completion, through the three
`record_*` helpers (run inside the command's write transaction); `completions` reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.db import reads
from advisory.i18n import _
from advisory.models import Meeting, Recommendation, RecommendationCompletion, User
from advisory.periods import quarter_display


@dataclass(frozen=True)
class CompletionView:
    """One completion as plain values; `reopened_at` is None for the current one."""

    id: int
    done_on: dt.date
    what_changed: str
    evidence: str | None
    done_by: str
    verified_on: dt.date | None
    verified_at_meeting_label: str | None
    verification_comment: str | None
    reopened_at: dt.datetime | None
    reopened_by: str | None
    reopen_reason: str | None

    @property
    def lapsed(self) -> bool:
        return self.reopened_at is not None


def _open(session: Session, recommendation_id: int) -> RecommendationCompletion | None:
    """The latest completion not yet reopened (None if there is none)."""
    return session.scalars(
        select(RecommendationCompletion)
        .where(
            RecommendationCompletion.recommendation_id == recommendation_id,
            RecommendationCompletion.reopened_at.is_(None),
        )
        .order_by(RecommendationCompletion.id.desc())
        .limit(1)
    ).first()


def _from_record(rec: Recommendation, *, by: str, at: dt.datetime) -> RecommendationCompletion:
    return RecommendationCompletion(
        recommendation_id=rec.id,
        done_on=rec.done_on or at.date(),
        what_changed=rec.what_changed or "",
        evidence=rec.evidence,
        done_by=by,
        done_at=at,
        verified_at_meeting_id=rec.verified_at_meeting_id,
        verified_on=rec.verified_on,
        verification_comment=rec.verification_comment,
    )


def record_done(session: Session, rec: Recommendation, *, by: str, at: dt.datetime) -> None:
    """A new completion from the record just marked done."""
    session.add(_from_record(rec, by=by, at=at))


def record_verified(session: Session, rec: Recommendation, *, by: str, at: dt.datetime) -> None:
    """The group's check, on the completion it confirms."""
    row = _open(session, rec.id)
    if row is None:  # done before completions were kept and not carried over
        row = _from_record(rec, by=by, at=at)
        session.add(row)
    row.verified_at_meeting_id = rec.verified_at_meeting_id
    row.verified_on = rec.verified_on
    row.verification_comment = rec.verification_comment
    row.verified_by = by


def record_reopened(
    session: Session, rec: Recommendation, *, by: str, at: dt.datetime, reason: str
) -> None:
    """Close the current completion with why it was reopened; call before clearing the record."""
    row = _open(session, rec.id)
    if row is None:
        row = _from_record(rec, by=by, at=at)
        session.add(row)
    row.reopened_at = at
    row.reopened_by = by
    row.reopen_reason = reason


@reads
def completions(session: Session, recommendation_id: int) -> list[CompletionView]:
    """Every completion of the recommendation, oldest first, with names as shown."""
    rows = list(
        session.scalars(
            select(RecommendationCompletion)
            .where(RecommendationCompletion.recommendation_id == recommendation_id)
            .order_by(RecommendationCompletion.id)
        )
    )
    usernames = {r.done_by for r in rows} | {r.reopened_by for r in rows if r.reopened_by}
    names = dict(
        session.execute(
            select(User.username, User.display_name).where(User.username.in_(usernames))
        ).all()
    )
    meeting_ids = {r.verified_at_meeting_id for r in rows if r.verified_at_meeting_id}
    held = dict(
        session.execute(
            select(Meeting.id, Meeting.held_on).where(Meeting.id.in_(meeting_ids))
        ).all()
    )
    return [
        CompletionView(
            id=r.id,
            done_on=r.done_on,
            what_changed=r.what_changed or "",
            evidence=r.evidence,
            done_by=names.get(r.done_by, r.done_by),
            verified_on=r.verified_on,
            verified_at_meeting_label=(
                _("{quarter} meeting").format(
                    quarter=quarter_display(held[r.verified_at_meeting_id])
                )
                if r.verified_at_meeting_id in held
                else None
            ),
            verification_comment=r.verification_comment,
            reopened_at=r.reopened_at,
            reopened_by=names.get(r.reopened_by or "", r.reopened_by),
            reopen_reason=r.reopen_reason,
        )
        for r in rows
    ]

"""One change to a recommendation: its timeline entries, audit rows, and who and when.

why (issue 11): the seven lifecycle commands and the edit repeated one template (load, check
the version the user saw, move, touch, flush or refuse). It is written once, here, in
`versioned_change`; a command says only what it checks and what it changes. A meeting whose
date is corrected uses `Change` too, for the recommendations that copied that date.

Not a service: these run inside the write transaction of the command that uses them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from advisory import clock
from advisory.actors import Actor
from advisory.lifecycle import Status, check_transition
from advisory.models import Recommendation, RecommendationEvent
from advisory.services import audit, edit_conflicts


@dataclass
class Change:
    """Timeline entries and audit rows written as `by` at `at` for one recommendation.

    `recorded` says whether anything was written, so an edit that changes nothing leaves the
    record (and its version) alone.
    """

    session: Session
    rec: Recommendation
    by: str
    at: dt.datetime
    recorded: bool = False

    def note(
        self,
        kind: str,
        comment: str = "",
        *,
        from_status: str | None = None,
        to_status: str | None = None,
    ) -> None:
        """A timeline entry: status, comment, progress, escalation or edit."""
        self.session.add(
            RecommendationEvent(
                recommendation_id=self.rec.id,
                at=self.at,
                by=self.by,
                kind=kind,
                from_status=from_status,
                to_status=to_status,
                comment=comment,
            )
        )
        self.recorded = True

    def audit(self, action: str, detail: str | None = None) -> None:
        """An audit row `recommendation.<action>` for this recommendation."""
        audit.record(
            self.session,
            actor=self.by,
            action=f"recommendation.{action}",
            entity="recommendation",
            entity_id=self.rec.id,
            detail=detail,
        )

    def move(self, to_status: Status, *, comment: str = "") -> None:
        """One validated status change (InvalidTransition naming the next steps)."""
        from_status = self.rec.status
        check_transition(from_status, to_status)
        self.rec.status = to_status
        self.note("status", comment, from_status=from_status, to_status=to_status)
        self.audit("status", f"{from_status} -> {to_status}")

    def touch(self) -> None:
        """Stamp who changed the record and when (this also gives it a new version)."""
        self.rec.updated_at = self.at
        self.rec.updated_by = self.by


@contextmanager
def versioned_change(
    session: Session,
    recommendation_id: int,
    expected_version: int,
    actor: Actor,
    now: dt.datetime | None = None,
) -> Iterator[Change]:
    """Load the recommendation locked and refuse it if stale; the command changes it inside
    the block; then stamp who and when, and flush (a concurrent save caught by
    version_id_col becomes StaleEdit).

    The version the user saw is compared before the command's own checks, so a stale form is
    refused naming whoever saved last. If the block raises, nothing is stamped or flushed and
    the caller's transaction rolls back.
    """
    rec = edit_conflicts.load_for_update(
        session, Recommendation, recommendation_id, what="recommendation"
    )
    edit_conflicts.refuse_if_stale(session, rec, expected_version)
    change = Change(session, rec, by=actor.username, at=now or clock.now())
    yield change
    if change.recorded:
        change.touch()
    edit_conflicts.flush_or_refuse(session)

"""Audit trail: who did what to which record, and when. Never a password or a token."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.db import reads, writes
from advisory.models import AuditEvent


@dataclass(frozen=True)
class AuditEntry:
    """One event as the Audit log page shows it (plain values)."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str | None
    entity_id: int | None
    detail: str | None


@writes
def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str | None = None,
    entity_id: int | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add one event to the caller's write transaction (services call it as they change data).

    `actor` is the username (or a system actor's name, or "share-link") already authorised by
    the calling service; this function checks nothing itself.
    """
    event = AuditEvent(
        actor=actor, action=action, entity=entity, entity_id=entity_id, detail=detail
    )
    session.add(event)
    return event


@reads
def recent(session: Session, *, limit: int = 200) -> list[AuditEntry]:
    """The latest events, newest first."""
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit))
    return [
        AuditEntry(
            id=e.id,
            at=e.at,
            actor=e.actor,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            detail=e.detail,
        )
        for e in events
    ]

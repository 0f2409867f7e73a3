"""Audit trail: who did what to which record, and when. Never a password or a token."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.models import AuditEvent


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str | None = None,
    entity_id: int | None = None,
    detail: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor=actor, action=action, entity=entity, entity_id=entity_id, detail=detail
    )
    session.add(event)
    return event


def recent(session: Session, *, limit: int = 200) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))

"""The services list: what a visit was for (drop-in visit, needle and syringe programme...).

Migration 0002 seeds the default list, so reading it never writes (issue 11); it is edited
afterwards (add, rename, stop using). Names are unique ignoring case.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import _
from advisory.models import SEEDED_SERVICES, Service
from advisory.services import audit
from advisory.spreadsheet_safety import starts_like_formula

# The services list the issue names (also seeded by migration 0002; stored names, so
# _(name) where shown translates the seeded ones and leaves typed ones as they are).
DEFAULT_SERVICES: tuple[str, ...] = SEEDED_SERVICES
MAX_NAME = 120


@dataclass(frozen=True)
class ServiceView:
    id: int
    name: str
    active: bool


@writes
def ensure_default_services(session: Session) -> None:
    """Seed the default list when the table is empty (databases filled by hand in tests and
    benchmarks; the migration does it for real ones)."""
    if session.scalar(select(func.count(Service.id))) == 0:
        session.add_all(Service(name=name) for name in DEFAULT_SERVICES)
        session.flush()


@reads
def list_services(session: Session, *, active_only: bool = False) -> list[ServiceView]:
    """The services list, by name."""
    q = select(Service).order_by(Service.name)
    if active_only:
        q = q.where(Service.active.is_(True))
    return [ServiceView(s.id, s.name, s.active) for s in session.scalars(q)]


def check_service_name(name: str) -> str:
    """The name as stored (single spaces). ValidationError (field "name") when it is empty,
    too long or starts with a formula trigger (issue 14: names go into every export)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Enter the service's name."), field="name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("A service name is at most {limit} characters.").format(limit=MAX_NAME), field="name"
        )
    if starts_like_formula(name):
        raise ValidationError(
            _(
                "A service name cannot start with =, +, -, @, a tab or a line break: a "
                "spreadsheet could run it as a formula. Start the name with a letter or a number."
            ),
            field="name",
        )
    return name


def _name_taken(session: Session, name: str, *, except_id: int | None = None) -> bool:
    q = select(Service.id).where(func.lower(Service.name) == name.lower())
    if except_id is not None:
        q = q.where(Service.id != except_id)
    return session.scalar(q) is not None


def create(session: Session, *, name: str, actor: Actor) -> Service:
    """Add a checked name to the list (for services that already authorised the actor)."""
    service = Service(name=name)
    session.add(service)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="service.create",
        entity="service",
        entity_id=service.id,
    )
    return service


@writes
def add_service(session: Session, *, name: str, actor: Actor) -> ServiceView:
    """Add a service to the list. Names are unique, ignoring case."""
    authorise(session, actor, "manage_attendance")
    clean = check_service_name(name)
    if _name_taken(session, clean):
        raise ValidationError(
            _("A service named {name} already exists.").format(name=repr(clean)), field="name"
        )
    service = create(session, name=clean, actor=actor)
    return ServiceView(service.id, service.name, service.active)


@writes
def rename_service(session: Session, *, service_id: int, name: str, actor: Actor) -> ServiceView:
    authorise(session, actor, "manage_attendance")
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(_("No such service."))
    clean = check_service_name(name)
    if _name_taken(session, clean, except_id=service_id):
        raise ValidationError(
            _("A service named {name} already exists.").format(name=repr(clean)), field="name"
        )
    old = service.name
    service.name = clean
    audit.record(
        session,
        actor=actor.username,
        action="service.update",
        entity="service",
        entity_id=service_id,
        detail=f"renamed from {old!r}",
    )
    return ServiceView(service.id, service.name, service.active)


@writes
def set_service_active(session: Session, *, service_id: int, active: bool, actor: Actor) -> None:
    """Deactivate (hide from new entry) or reactivate a service; its records stay."""
    authorise(session, actor, "manage_attendance")
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(_("No such service."))
    service.active = active
    audit.record(
        session,
        actor=actor.username,
        action="service.update",
        entity="service",
        entity_id=service_id,
        detail=f"active={active}",
    )

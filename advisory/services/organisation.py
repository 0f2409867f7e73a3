"""Organisation settings, sites, the advisory group and its members."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisory import clock
from advisory.errors import NotFound, ValidationError
from advisory.models import AdvisoryGroup, Member, OrganisationSettings, Site
from advisory.services import audit, users
from advisory.spreadsheet_safety import starts_like_formula

SITE_KINDS = (
    "drop-in centre",
    "outreach route",
    "clinic",
    "needle and syringe programme",
    "opioid agonist therapy",
    "other",
)
K_MIN, K_MAX = 3, 20


def settings(session: Session) -> OrganisationSettings:
    """The single settings row, created on first use."""
    row = session.get(OrganisationSettings, 1)
    if row is None:
        row = OrganisationSettings(id=1, name="Our service", small_number_k=5)
        session.add(row)
        session.flush()
    return row


def update_settings(session: Session, *, name: str, small_number_k: int, by: str) -> None:
    """Change the organisation's name and the small-number threshold k (admins only)."""
    users.require_capability(session, by, "manage_settings")
    name = (name or "").strip()
    if not name:
        raise ValidationError("Enter the organisation's name.", field="name")
    if not K_MIN <= int(small_number_k) <= K_MAX:
        raise ValidationError(
            f"Small-number threshold must be between {K_MIN} and {K_MAX}.", field="small_number_k"
        )
    row = settings(session)
    row.name = name[:200]
    row.small_number_k = int(small_number_k)
    audit.record(session, actor=by, action="settings.update", detail=f"k={small_number_k}")


def small_number_k(session: Session) -> int:
    return settings(session).small_number_k


def list_sites(session: Session, *, active_only: bool = False) -> list[Site]:
    q = select(Site).order_by(Site.name)
    if active_only:
        q = q.where(Site.active.is_(True))
    return list(session.scalars(q))


def check_site_name(name: str) -> str:
    """The name as stored (trimmed, at most 120 characters). ValidationError (field "name")
    when it is empty or starts with a formula trigger (=, +, -, @, tab, carriage return).

    why (issue 14): `--create-missing` accepted a site named `=HYPERLINK(...)`; site names go
    into every export, where a spreadsheet would run such a name as a formula. The importer
    asks this same rule before it creates a site.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError("Enter the site's name.", field="name")
    if starts_like_formula(name):
        raise ValidationError(
            "A site name cannot start with =, +, -, @, a tab or a line break: a spreadsheet "
            "could run it as a formula. Start the name with a letter or a number.",
            field="name",
        )
    return name[:120]


def add_site(session: Session, *, name: str, kind: str, by: str) -> Site:
    name = check_site_name(name)
    if kind not in SITE_KINDS:
        raise ValidationError(f"Choose a kind of site: {', '.join(SITE_KINDS)}.", field="kind")
    # why (review finding 6): names are matched without case elsewhere (share links from the
    # command line, attendance imports), so "Clinic" and "clinic" would be one name there.
    taken = session.scalars(select(Site.name)).all()
    same = next((t for t in taken if t.lower() == name.lower()), None)
    if same is not None:
        raise ValidationError(f"A site named {same!r} already exists.", field="name")
    site = Site(name=name, kind=kind)
    session.add(site)
    try:
        session.flush()
    except IntegrityError:
        raise ValidationError(f"A site named {name!r} already exists.", field="name") from None
    audit.record(session, actor=by, action="site.create", entity="site", entity_id=site.id)
    return site


def set_site_active(session: Session, *, site_id: int, active: bool, by: str) -> None:
    users.require_capability(session, by, "manage_settings")
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound("No such site.")
    site.active = active
    audit.record(
        session,
        actor=by,
        action="site.update",
        entity="site",
        entity_id=site_id,
        detail=f"active={active}",
    )


def default_group(session: Session) -> AdvisoryGroup:
    group = session.scalar(select(AdvisoryGroup).order_by(AdvisoryGroup.id))
    if group is None:
        group = AdvisoryGroup(name="Women's advisory group")
        session.add(group)
        session.flush()
    return group


def list_groups(session: Session) -> list[AdvisoryGroup]:
    return list(session.scalars(select(AdvisoryGroup).order_by(AdvisoryGroup.name)))


def list_members(
    session: Session,
    *,
    group_id: int | None = None,
    current_only: bool = False,
    on: dt.date | None = None,
) -> list[Member]:
    q = select(Member).order_by(Member.name)
    if group_id is not None:
        q = q.where(Member.group_id == group_id)
    members = list(session.scalars(q))
    if current_only:
        day = on or clock.today()
        members = [m for m in members if m.left_on is None or m.left_on >= day]
    return members


def add_member(
    session: Session,
    *,
    group_id: int,
    name: str,
    joined_on: dt.date | None,
    by: str,
    user_id: int | None = None,
) -> Member:
    """Add a member by pseudonym or first name (never a full name)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("Enter a pseudonym or first name.", field="name")
    if len(name.split()) > 2:
        raise ValidationError("Use a pseudonym or first name only, not a full name.", field="name")
    member = Member(group_id=group_id, name=name[:60], joined_on=joined_on, user_id=user_id)
    session.add(member)
    session.flush()
    audit.record(session, actor=by, action="member.create", entity="member", entity_id=member.id)
    return member


def member_left(session: Session, *, member_id: int, left_on: dt.date, by: str) -> None:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound("No such member.")
    if member.joined_on and left_on < member.joined_on:
        raise ValidationError("The leaving date is before the joining date.", field="left_on")
    member.left_on = left_on
    audit.record(
        session,
        actor=by,
        action="member.update",
        entity="member",
        entity_id=member_id,
        detail="left",
    )

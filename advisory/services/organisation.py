"""Organisation settings, sites, the advisory group and its members.

Reads return plain values (views), never ORM rows, so a page can keep them in session state.
The settings row and the default advisory group are seeded by migration 0002, so reading them
never writes (issue 14).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisory import clock
from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import N_, _
from advisory.models import AdvisoryGroup, Member, OrganisationSettings, Site
from advisory.services import audit
from advisory.spreadsheet_safety import starts_like_formula

# Stored values (English keys); translate where shown: _(kind).
SITE_KINDS = (
    N_("drop-in centre"),
    N_("outreach route"),
    N_("clinic"),
    N_("needle and syringe programme"),
    N_("opioid agonist therapy"),
    N_("other"),
)
K_MIN, K_MAX = 3, 20
DEFAULT_NAME = "Our service"
DEFAULT_K = 5


@dataclass(frozen=True)
class OrganisationView:
    name: str
    small_number_k: int


@dataclass(frozen=True)
class SiteView:
    id: int
    name: str
    kind: str
    active: bool


@dataclass(frozen=True)
class GroupView:
    id: int
    name: str
    site_id: int | None


@dataclass(frozen=True)
class MemberView:
    id: int
    group_id: int
    name: str
    joined_on: dt.date | None
    left_on: dt.date | None
    user_id: int | None


def _site_view(site: Site) -> SiteView:
    return SiteView(id=site.id, name=site.name, kind=site.kind, active=site.active)


def _member_view(member: Member) -> MemberView:
    return MemberView(
        id=member.id,
        group_id=member.group_id,
        name=member.name,
        joined_on=member.joined_on,
        left_on=member.left_on,
        user_id=member.user_id,
    )


@reads
def settings(session: Session) -> OrganisationView:
    """The organisation's name and small-number threshold.

    why (issue 14): this used to insert the row on first use; migration 0002 seeds it, and a
    read may not write. A database without the row (never migrated past 0001) reads as the
    defaults the row would have had.
    """
    row = session.get(OrganisationSettings, 1)
    if row is None:
        return OrganisationView(name=DEFAULT_NAME, small_number_k=DEFAULT_K)
    return OrganisationView(name=row.name, small_number_k=row.small_number_k)


@writes
def update_settings(session: Session, *, name: str, small_number_k: int, actor: Actor) -> None:
    """Change the organisation's name and the small-number threshold k (admins only)."""
    authorise(session, actor, "manage_settings")
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Enter the organisation's name."), field="name")
    if not K_MIN <= int(small_number_k) <= K_MAX:
        raise ValidationError(
            _("Small-number threshold must be between {low} and {high}.").format(
                low=K_MIN, high=K_MAX
            ),
            field="small_number_k",
        )
    row = session.get(OrganisationSettings, 1)
    if row is None:
        row = OrganisationSettings(id=1)
        session.add(row)
    row.name = name[:200]
    row.small_number_k = int(small_number_k)
    audit.record(
        session, actor=actor.username, action="settings.update", detail=f"k={small_number_k}"
    )


@reads
def small_number_k(session: Session) -> int:
    return settings(session).small_number_k


@reads
def list_sites(session: Session, *, active_only: bool = False) -> list[SiteView]:
    q = select(Site).order_by(Site.name)
    if active_only:
        q = q.where(Site.active.is_(True))
    return [_site_view(site) for site in session.scalars(q)]


@reads
def site_ids_by_name(session: Session, names: Iterable[str]) -> tuple[int, ...]:
    """Site ids for site names, matched without case. ValidationError names unknown ones.

    A name typed exactly as a site is spelt is that site. A name that matches several sites
    only without case ("clinic" for "Clinic" and "CLINIC", possible in databases made before
    :func:`add_site` refused such names) is refused as ambiguous, naming the
    candidates: picking one silently could share the wrong site.
    """
    rows = session.execute(select(Site.id, Site.name)).all()
    exact = {name: site_id for site_id, name in rows}
    by_lower: dict[str, list[tuple[int, str]]] = {}
    for site_id, name in rows:
        by_lower.setdefault(name.lower(), []).append((site_id, name))
    ids: list[int] = []
    unknown: list[str] = []
    ambiguous: list[str] = []
    for raw in names:
        name = raw.strip()
        if name in exact:
            ids.append(exact[name])
            continue
        matches = by_lower.get(name.lower(), [])
        if len(matches) == 1:
            ids.append(matches[0][0])
        elif matches:
            spellings = _(" or ").join(sorted(repr(n) for _id, n in matches))
            ambiguous.append(
                _("{name} could be {spellings}").format(name=repr(name), spellings=spellings)
            )
        else:
            unknown.append(raw)
    if ambiguous:
        raise ValidationError(
            _(
                "Ambiguous site name(s): {names}. Type the name exactly as the site is spelt."
            ).format(names="; ".join(ambiguous)),
            field="site_ids",
        )
    if unknown:
        known = ", ".join(sorted(n for _id, n in rows))
        raise ValidationError(
            _("Unknown site(s): {names}. Sites are: {known}.").format(
                names=", ".join(unknown), known=known or _("none yet")
            ),
            field="site_ids",
        )
    return tuple(ids)


def check_site_name(name: str) -> str:
    """The name as stored (trimmed, at most 120 characters). ValidationError (field "name")
    when it is empty or starts with a formula trigger (=, +, -, @, tab, carriage return).

    why (issue 14): `--create-missing` accepted a site named `=HYPERLINK(...)`; site names go
    into every export, where a spreadsheet would run such a name as a formula. The importer
    asks this same rule before it creates a site.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Enter the site's name."), field="name")
    if starts_like_formula(name):
        raise ValidationError(
            _(
                "A site name cannot start with =, +, -, @, a tab or a line break: a spreadsheet "
                "could run it as a formula. Start the name with a letter or a number."
            ),
            field="name",
        )
    return name[:120]


@writes
def add_site(session: Session, *, name: str, kind: str, actor: Actor) -> SiteView:
    """Add a site from the Settings page (admins). ValidationError names the bad field."""
    authorise(session, actor, "manage_settings")
    return _site_view(create_site(session, name=name, kind=kind, by=actor.username))


def create_site(session: Session, *, name: str, kind: str, by: str) -> Site:
    """Insert a site in the caller's write transaction, recording `by` in the audit trail.

    For a unit of work whose caller has already authorised it: an attendance import that
    creates the sites it does not know (its capability is manage_attendance) and
    :func:`add_site`. why (issue 11): the import must keep creating sites for directors,
    while the Settings page's own service checks manage_settings.
    """
    name = check_site_name(name)
    if kind not in SITE_KINDS:
        raise ValidationError(
            _("Choose a kind of site: {kinds}.").format(kinds=", ".join(_(k) for k in SITE_KINDS)),
            field="kind",
        )
    # why (review finding 6): names are matched without case elsewhere (share links from the
    # command line, attendance imports), so "Clinic" and "clinic" would be one name there.
    taken = session.scalars(select(Site.name)).all()
    same = next((t for t in taken if t.lower() == name.lower()), None)
    if same is not None:
        raise ValidationError(
            _("A site named {name} already exists.").format(name=repr(same)), field="name"
        )
    site = Site(name=name, kind=kind)
    session.add(site)
    try:
        session.flush()
    except IntegrityError:
        raise ValidationError(
            _("A site named {name} already exists.").format(name=repr(name)), field="name"
        ) from None
    audit.record(session, actor=by, action="site.create", entity="site", entity_id=site.id)
    return site


@writes
def set_site_active(session: Session, *, site_id: int, active: bool, actor: Actor) -> None:
    authorise(session, actor, "manage_settings")
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(_("No such site."))
    site.active = active
    audit.record(
        session,
        actor=actor.username,
        action="site.update",
        entity="site",
        entity_id=site_id,
        detail=f"active={active}",
    )


@reads
def default_group(session: Session) -> GroupView:
    """The advisory group (the first one made).

    why (issue 14): it used to be created on first use; migration 0002 seeds it, so a read
    never writes. NotFound only for a database that was never migrated.
    """
    group = session.scalar(select(AdvisoryGroup).order_by(AdvisoryGroup.id))
    if group is None:
        raise NotFound(_("There is no advisory group yet: run `python -m advisory db upgrade`."))
    return GroupView(id=group.id, name=group.name, site_id=group.site_id)


@reads
def list_groups(session: Session) -> list[GroupView]:
    groups = session.scalars(select(AdvisoryGroup).order_by(AdvisoryGroup.name))
    return [GroupView(id=g.id, name=g.name, site_id=g.site_id) for g in groups]


@reads
def list_members(
    session: Session,
    *,
    group_id: int | None = None,
    current_only: bool = False,
    on: dt.date | None = None,
) -> list[MemberView]:
    q = select(Member).order_by(Member.name)
    if group_id is not None:
        q = q.where(Member.group_id == group_id)
    members = [_member_view(m) for m in session.scalars(q)]
    if current_only:
        day = on or clock.today()
        members = [m for m in members if m.left_on is None or m.left_on >= day]
    return members


@writes
def add_member(
    session: Session,
    *,
    group_id: int,
    name: str,
    joined_on: dt.date | None,
    actor: Actor,
    user_id: int | None = None,
) -> MemberView:
    """Add a member by pseudonym or first name (never a full name)."""
    authorise(session, actor, "manage_settings")
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Enter a pseudonym or first name."), field="name")
    if len(name.split()) > 2:
        raise ValidationError(
            _("Use a pseudonym or first name only, not a full name."), field="name"
        )
    member = Member(group_id=group_id, name=name[:60], joined_on=joined_on, user_id=user_id)
    session.add(member)
    session.flush()
    audit.record(
        session, actor=actor.username, action="member.create", entity="member", entity_id=member.id
    )
    return _member_view(member)


@writes
def member_left(session: Session, *, member_id: int, left_on: dt.date, actor: Actor) -> None:
    authorise(session, actor, "manage_settings")
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(_("No such member."))
    if member.joined_on and left_on < member.joined_on:
        raise ValidationError(_("The leaving date is before the joining date."), field="left_on")
    member.left_on = left_on
    audit.record(
        session,
        actor=actor.username,
        action="member.update",
        entity="member",
        entity_id=member_id,
        detail="left",
    )

"""The women-friendly referral directory (issue 12).

Directors and admins keep the directory ("manage_referrals"): organisations' services, their
kind (a seeded, editable list), the sites they serve or are near, how to reach them and their
women-friendly attributes. Members read it and record the advisory group's check of an entry at
a meeting ("check_referrals"): still good, problems reported, or no longer recommended, with a
note. An entry the group has not checked for 12 months "needs checking".

Privacy: the contact fields (area, opening hours, phone) are the organisation's, never a
person's; `card(..., shared=True)` leaves them out, and nothing here records a client.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import N_, _, format_date
from advisory.models import (
    Meeting,
    ReferralCheck,
    ReferralEntry,
    ReferralEntrySite,
    ReferralKind,
    Site,
)
from advisory.periods import quarter_display
from advisory.services import audit, edit_conflicts

# Women-friendly attributes: (model column, the words shown beside its icon: _(words)).
ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("women_staff", N_("Women staff")),
    ("childcare", N_("Childcare or children welcome")),
    ("trans_women_welcome", N_("Trans women welcome")),
    ("no_id_required", N_("No ID or registration needed")),
    ("no_police_reporting", N_("No police reporting")),
    ("accepts_women_using_drugs", N_("Accepts women who are using drugs now")),
    ("accompanied_referral", N_("Someone can go with you")),
)
ATTRIBUTE_KEYS = tuple(k for k, _word in ATTRIBUTES)
ATTRIBUTE_WORDS = dict(ATTRIBUTES)

STILL_GOOD, PROBLEMS, NOT_RECOMMENDED = "still_good", "problems_reported", "no_longer_recommended"
FINDINGS: dict[str, str] = {
    STILL_GOOD: N_("Still good"),
    PROBLEMS: N_("Problems reported"),
    NOT_RECOMMENDED: N_("No longer recommended"),
}
CHECK_EVERY_MONTHS = 12
NEEDS_CHECKING = N_("Needs checking")
MAX_NAME, MAX_TEXT, MAX_PHONE = 160, 300, 60
_PHONE = re.compile(r"^[0-9+()\-./ ]*(?:(?:ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class KindView:
    id: int
    name: str
    active: bool


@dataclass(frozen=True)
class CheckView:
    """One check by the group (plain values)."""

    id: int
    checked_on: dt.date
    meeting_id: int | None
    meeting_label: str
    finding: str
    note: str
    by: str

    @property
    def finding_words(self) -> str:
        return _(FINDINGS[self.finding])


@dataclass(frozen=True)
class EntryView:
    """A directory entry as plain values, safe for session state."""

    id: int
    organisation: str
    service_name: str
    kind_id: int
    kind: str
    site_ids: tuple[int, ...]
    site_names: tuple[str, ...]
    area: str
    opening_hours: str
    phone: str
    languages: str
    cost: str
    attributes: tuple[str, ...]
    active: bool
    version: int
    updated_at: dt.datetime
    updated_by: str
    last_check: CheckView | None
    needs_checking: bool

    @property
    def name(self) -> str:
        """'Mercy clinic: post-abortion care' (or the organisation alone)."""
        return (
            f"{self.organisation}: {self.service_name}" if self.service_name else self.organisation
        )

    @property
    def finding(self) -> str | None:
        return self.last_check.finding if self.last_check else None

    @property
    def recommended(self) -> bool:
        """On the referral card: active and not marked "no longer recommended" by the group."""
        return self.active and self.finding != NOT_RECOMMENDED


def check_due(last_checked: dt.date | None, today: dt.date | None = None) -> bool:
    """True when the group last checked the entry 12 months ago or more (or never)."""
    if last_checked is None:
        return True
    day = today or clock.today()
    try:
        year_ago = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        year_ago = day.replace(year=day.year - 1, day=28)
    return last_checked <= year_ago


# --- kinds ------------------------------------------------------------------------------------


@reads
def list_kinds(session: Session, *, active_only: bool = False) -> list[KindView]:
    q = select(ReferralKind).order_by(ReferralKind.id)
    if active_only:
        q = q.where(ReferralKind.active.is_(True))
    return [KindView(k.id, k.name, k.active) for k in session.scalars(q)]


def _kind_name(session: Session, name: str, *, except_id: int | None = None) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise ValidationError(_("Enter the name of the kind of service."), field="kind_name")
    if len(clean) > 120:
        raise ValidationError(_("A kind's name is at most 120 characters."), field="kind_name")
    for kind in session.scalars(select(ReferralKind)):
        if kind.name.casefold() == clean.casefold() and kind.id != except_id:
            raise ValidationError(
                _("There is already a kind called {name}.").format(name=kind.name),
                field="kind_name",
            )
    return clean


@writes
def add_kind(session: Session, *, name: str, actor: Actor) -> KindView:
    authorise(session, actor, "manage_referrals")
    row = ReferralKind(name=_kind_name(session, name), active=True)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="referral_kind.add",
        entity="referral_kind",
        entity_id=row.id,
    )
    return KindView(row.id, row.name, row.active)


@writes
def edit_kind(session: Session, *, kind_id: int, name: str, active: bool, actor: Actor) -> KindView:
    """Rename a kind or stop offering it (entries and counts keep pointing at it)."""
    authorise(session, actor, "manage_referrals")
    row = session.get(ReferralKind, kind_id)
    if row is None:
        raise NotFound(_("No such kind of service. Reload the page."))
    row.name = _kind_name(session, name, except_id=kind_id)
    row.active = bool(active)
    audit.record(
        session,
        actor=actor.username,
        action="referral_kind.edit",
        entity="referral_kind",
        entity_id=row.id,
    )
    return KindView(row.id, row.name, row.active)


def known_kind(session: Session, kind_id: object, *, field: str = "kind") -> ReferralKind:
    """The kind `kind_id`, or ValidationError at `field` (unknown or no longer offered)."""
    row = session.get(ReferralKind, kind_id) if isinstance(kind_id, int) else None
    if row is None or not row.active:
        raise ValidationError(_("Choose a kind of service from the list."), field=field)
    return row


# --- entries ----------------------------------------------------------------------------------


def _checks(session: Session, ids: Sequence[int]) -> dict[int, CheckView]:
    """The latest check of each entry."""
    latest: dict[int, CheckView] = {}
    if not ids:
        return latest
    q = (
        select(ReferralCheck, Meeting.held_on)
        .outerjoin(Meeting, Meeting.id == ReferralCheck.meeting_id)
        .where(ReferralCheck.entry_id.in_(list(ids)))
        .order_by(ReferralCheck.checked_on, ReferralCheck.id)
    )
    for check, held_on in session.execute(q):
        latest[check.entry_id] = _check_view(check, held_on)
    return latest


def _check_view(check: ReferralCheck, held_on: dt.date | None) -> CheckView:
    label = (
        _("{quarter} meeting, {day}").format(
            quarter=quarter_display(held_on), day=format_date(held_on, "dd MMM y")
        )
        if held_on
        else ""
    )
    return CheckView(
        check.id, check.checked_on, check.meeting_id, label, check.finding, check.note, check.by
    )


def entry_views(session: Session, rows: Sequence[ReferralEntry]) -> list[EntryView]:
    kinds = dict(session.execute(select(ReferralKind.id, ReferralKind.name)).all())
    sites = dict(session.execute(select(Site.id, Site.name)).all())
    ids = [r.id for r in rows]
    served: dict[int, list[int]] = {i: [] for i in ids}
    if ids:
        q = select(ReferralEntrySite).where(ReferralEntrySite.entry_id.in_(ids))
        for link in session.scalars(q):
            served[link.entry_id].append(link.site_id)
    checks = _checks(session, ids)
    today = clock.today()
    out = []
    for r in rows:
        site_ids = tuple(sorted(served[r.id], key=lambda i: sites.get(i, "")))
        last = checks.get(r.id)
        out.append(
            EntryView(
                id=r.id,
                organisation=r.organisation,
                service_name=r.service_name,
                kind_id=r.kind_id,
                kind=kinds.get(r.kind_id, "?"),
                site_ids=site_ids,
                site_names=tuple(sites.get(i, "?") for i in site_ids),
                area=r.area,
                opening_hours=r.opening_hours,
                phone=r.phone,
                languages=r.languages,
                cost=r.cost,
                attributes=tuple(k for k in ATTRIBUTE_KEYS if getattr(r, k)),
                active=r.active,
                version=r.version,
                updated_at=r.updated_at,
                updated_by=r.updated_by,
                last_check=last,
                needs_checking=r.active and check_due(last.checked_on if last else None, today),
            )
        )
    return out


@reads
def list_entries(
    session: Session, *, site_id: int | None = None, include_inactive: bool = True
) -> list[EntryView]:
    """Entries by organisation name (of one site when given)."""
    q = select(ReferralEntry).order_by(ReferralEntry.organisation, ReferralEntry.id)
    if site_id is not None:
        q = q.join(ReferralEntrySite, ReferralEntrySite.entry_id == ReferralEntry.id).where(
            ReferralEntrySite.site_id == site_id
        )
    if not include_inactive:
        q = q.where(ReferralEntry.active.is_(True))
    return entry_views(session, list(session.scalars(q)))


@reads
def get_entry(session: Session, entry_id: int) -> EntryView:
    row = session.get(ReferralEntry, entry_id)
    if row is None:
        raise NotFound(_("No such directory entry. It may have been removed; go back to the list."))
    return entry_views(session, [row])[0]


@reads
def entries_needing_check(session: Session) -> list[EntryView]:
    """Active entries the group has not checked for 12 months (or ever): for the overview and
    "What happened to what we asked"."""
    return [e for e in list_entries(session, include_inactive=False) if e.needs_checking]


def _text(value: str | None, field: str, limit: int = MAX_TEXT) -> str:
    clean = " ".join((value or "").split())
    if len(clean) > limit:
        raise ValidationError(
            _("This is at most {limit} characters; shorten it.").format(limit=limit), field=field
        )
    return clean


class EntryFields(TypedDict):
    """What a person types for an entry (the keyword arguments of create_entry/edit_entry)."""

    organisation: str
    service_name: str
    kind_id: int
    site_ids: Iterable[int]
    area: str
    opening_hours: str
    phone: str
    languages: str
    cost: str
    attributes: Iterable[str]


def _clean_entry(
    session: Session,
    *,
    organisation: str,
    service_name: str,
    kind_id: int,
    site_ids: Iterable[int],
    area: str,
    opening_hours: str,
    phone: str,
    languages: str,
    cost: str,
    attributes: Iterable[str],
) -> tuple[dict[str, object], list[int]]:
    """(the entry's column values, its site ids), or ValidationError at the field."""
    org = _text(organisation, "organisation", MAX_NAME)
    if not org:
        raise ValidationError(_("Enter the organisation's name."), field="organisation")
    clean: dict[str, object] = {
        "organisation": org,
        "service_name": _text(service_name, "service_name", MAX_NAME),
        "kind_id": known_kind(session, kind_id).id,
        "area": _text(area, "area"),
        "opening_hours": _text(opening_hours, "opening_hours", 200),
        "phone": _text(phone, "phone", MAX_PHONE),
        "languages": _text(languages, "languages", 200),
        "cost": _text(cost, "cost", 120),
    }
    if not _PHONE.match(str(clean["phone"])):
        raise ValidationError(
            _("Write the organisation's phone number with digits, spaces, + or - only."),
            field="phone",
        )
    chosen = set(attributes or ())
    unknown = chosen - set(ATTRIBUTE_KEYS)
    if unknown:
        raise ValidationError(_("Choose attributes from the list."), field="attributes")
    clean.update({k: k in chosen for k in ATTRIBUTE_KEYS})
    sites = sorted(set(site_ids or ()))
    known = set(session.scalars(select(Site.id).where(Site.id.in_(sites)))) if sites else set()
    if set(sites) - known:
        raise ValidationError(_("Choose sites from the list."), field="sites")
    return clean, sites


def _set_sites(session: Session, entry_id: int, site_ids: Iterable[int]) -> None:
    session.execute(delete(ReferralEntrySite).where(ReferralEntrySite.entry_id == entry_id))
    session.add_all(ReferralEntrySite(entry_id=entry_id, site_id=s) for s in site_ids)


@writes
def create_entry(session: Session, *, actor: Actor, **fields: Unpack[EntryFields]) -> EntryView:
    """Add an entry. ValidationError with `field`, nothing saved, for an empty organisation
    name, an unknown kind, a phone number that is not one, an unknown site or attribute."""
    authorise(session, actor, "manage_referrals")
    clean, site_ids = _clean_entry(session, **fields)
    row = ReferralEntry(**clean, updated_by=actor.username)
    session.add(row)
    session.flush()
    _set_sites(session, row.id, site_ids)
    audit.record(
        session,
        actor=actor.username,
        action="referral_entry.create",
        entity="referral_entry",
        entity_id=row.id,
    )
    session.flush()
    return entry_views(session, [row])[0]


@writes
def edit_entry(
    session: Session,
    *,
    entry_id: int,
    expected_version: int,
    active: bool = True,
    actor: Actor,
    **fields: Unpack[EntryFields],
) -> EntryView:
    """Change an entry. StaleEdit if someone saved it since `expected_version` was read."""
    authorise(session, actor, "manage_referrals")
    clean, site_ids = _clean_entry(session, **fields)
    row = edit_conflicts.load_for_update(session, ReferralEntry, entry_id, what="directory entry")
    edit_conflicts.refuse_if_stale(session, row, expected_version)
    for name, value in clean.items():
        setattr(row, name, value)
    row.active = bool(active)
    row.updated_by, row.updated_at = actor.username, clock.now()
    _set_sites(session, row.id, site_ids)
    audit.record(
        session,
        actor=actor.username,
        action="referral_entry.edit",
        entity="referral_entry",
        entity_id=row.id,
    )
    session.flush()
    return entry_views(session, [row])[0]


@writes
def check_entry(
    session: Session,
    *,
    entry_id: int,
    finding: str,
    meeting_id: int | None,
    note: str = "",
    checked_on: dt.date | None = None,
    actor: Actor,
) -> CheckView:
    """Record the group's check of an entry at a meeting (the meeting's date unless given).

    A finding other than "still good" needs a note saying what the problem is. Dates in the
    future are refused. ValidationError with `field`; nothing saved.
    """
    authorise(session, actor, "check_referrals")
    if finding not in FINDINGS:
        raise ValidationError(_("Choose what the group found."), field="finding")
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting_id is not None and meeting is None:
        raise ValidationError(_("Choose a meeting from the list."), field="meeting")
    day = checked_on or (meeting.held_on if meeting else clock.today())
    if day > clock.today():
        raise ValidationError(
            _("The check date is in the future; choose the day the group checked it."),
            field="checked_on",
        )
    clean_note = (note or "").strip()
    if finding != STILL_GOOD and not clean_note:
        raise ValidationError(
            _("Write what the problem is, so the next person knows what to ask."), field="note"
        )
    if len(clean_note) > 2000:
        raise ValidationError(_("A note is at most 2,000 characters."), field="note")
    if session.get(ReferralEntry, entry_id) is None:
        raise NotFound(_("No such directory entry. It may have been removed; go back to the list."))
    row = ReferralCheck(
        entry_id=entry_id,
        checked_on=day,
        meeting_id=meeting_id,
        finding=finding,
        note=clean_note,
        by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="referral_entry.check",
        entity="referral_entry",
        entity_id=entry_id,
        detail=finding,
    )
    return _check_view(row, meeting.held_on if meeting else None)


@reads
def check_history(session: Session, entry_id: int) -> list[CheckView]:
    """Every check of an entry, newest first."""
    q = (
        select(ReferralCheck, Meeting.held_on)
        .outerjoin(Meeting, Meeting.id == ReferralCheck.meeting_id)
        .where(ReferralCheck.entry_id == entry_id)
        .order_by(ReferralCheck.checked_on.desc(), ReferralCheck.id.desc())
    )
    return [_check_view(c, held) for c, held in session.execute(q)]

"""The data of a site's phone-sized referral card (issue 12); advisory/exports/referral_card.py
draws it as self-contained HTML.

The card lists the entries the group recommends for a site. `shared=True` leaves out every
contact field (address or area, opening hours, phone): shared views never carry them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from advisory import clock
from advisory.db import reads
from advisory.errors import NotFound
from advisory.i18n import _
from advisory.models import OrganisationSettings, Site
from advisory.services.referrals import PROBLEMS, list_entries


@dataclass(frozen=True)
class CardEntry:
    name: str
    kind: str
    attributes: tuple[str, ...]
    languages: str
    cost: str
    area: str  # "" on a shared card
    opening_hours: str  # "" on a shared card
    phone: str  # "" on a shared card
    warning: str  # "" unless the group reported problems


@dataclass(frozen=True)
class Card:
    organisation: str
    site_name: str
    made_on: dt.date
    shared: bool
    entries: tuple[CardEntry, ...]
    more: int  # entries left off so the card fits one page


CARD_LIMIT = 10


@reads
def card(session: Session, *, site_id: int, shared: bool) -> Card:
    """The phone-sized referral card of a site: the entries the group recommends (active, not
    marked "no longer recommended"), with their attributes. `shared=True` leaves out every
    contact field (address or area, opening hours, phone), for shared views."""
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(_("No such site. Reload the page."))
    settings = session.get(OrganisationSettings, 1)
    chosen = [e for e in list_entries(session, site_id=site_id) if e.recommended]
    chosen.sort(key=lambda e: (e.kind_id, e.organisation))
    entries = tuple(
        CardEntry(
            name=e.name,
            kind=e.kind,
            attributes=e.attributes,
            languages=e.languages,
            cost=e.cost,
            area="" if shared else e.area,
            opening_hours="" if shared else e.opening_hours,
            phone="" if shared else e.phone,
            warning=_("Problems reported: ask staff before you go.")
            if e.finding == PROBLEMS
            else "",
        )
        for e in chosen[:CARD_LIMIT]
    )
    return Card(
        organisation=settings.name if settings else "",
        site_name=site.name,
        made_on=clock.today(),
        shared=shared,
        entries=entries,
        more=max(0, len(chosen) - CARD_LIMIT),
    )

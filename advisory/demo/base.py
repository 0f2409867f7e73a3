"""Demo sites, advisory group, members and one account per role."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import actors, clock
from advisory.errors import ValidationError
from advisory.models import AdvisoryGroup, Member, OrganisationSettings, Site
from advisory.services import audit, organisation, users

DROP_IN = "Riverside drop-in centre"
OUTREACH = "Harbour outreach"
COMPARISON = "Hilltop drop-in centre"

MEMBERS = ("Aye", "Nang", "Hkawn", "Seng", "Lu", "Ja", "Roi", "Bawk", "Mai", "Tu", "Zahra", "Neema")

DEMO_ACCOUNTS = (
    ("demo-admin", "Demo admin", "admin"),
    ("demo-director", "Demo director", "director"),
    ("demo-member", "Demo facilitator", "member"),
)


@dataclass
class DemoResult:
    accounts: dict[str, str] = field(default_factory=dict)  # username -> one-time password
    summary: list[str] = field(default_factory=list)
    # why: every part dates its records from this one day. Each part asked the clock itself,
    # so a load that ran across midnight (UTC) dated the women-only Tuesday a week after the
    # change in the counts it was meant to explain.
    today: dt.date = field(default_factory=clock.today)


def load(session: Session, result: DemoResult, *, by: str) -> None:
    """Sites, the group's members and the demo accounts, in the caller's write transaction."""
    if session.scalar(select(Site).where(Site.name == DROP_IN)) is not None:
        raise ValidationError("The demonstration data is already loaded.")
    settings = session.get(OrganisationSettings, 1)
    if settings is not None and settings.name == organisation.DEFAULT_NAME:
        settings.name = "Demo harm-reduction service"
    drop_in = Site(name=DROP_IN, kind="drop-in centre")
    outreach = Site(name=OUTREACH, kind="outreach route")
    comparison = Site(name=COMPARISON, kind="drop-in centre")
    session.add_all([drop_in, outreach, comparison])
    session.flush()
    group = session.scalar(select(AdvisoryGroup).order_by(AdvisoryGroup.id))
    if group is None:
        group = AdvisoryGroup(name="Women's advisory group", site_id=drop_in.id)
        session.add(group)
        session.flush()
    start = result.today.replace(day=1) - dt.timedelta(days=3 * 365)
    for i, name in enumerate(MEMBERS):
        joined = start + dt.timedelta(days=30 * (i // 4))
        left = start + dt.timedelta(days=700) if name == "Roi" else None
        session.add(Member(group_id=group.id, name=name, joined_on=joined, left_on=left))
    for username, display, role in DEMO_ACCOUNTS:
        if users.get_by_username(session, username) is not None:
            continue
        password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
        users.create_user(
            session,
            username=username,
            display_name=display,
            role=role,
            password=password,
            actor=actors.DEMO,
        )
        result.accounts[username] = password
    audit.record(session, actor=by, action="demo.load")
    result.summary.append(f"3 sites, 1 advisory group with {len(MEMBERS)} members")

"""First run: create the first admin when no account exists yet."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisory import actors, demo
from advisory.db import reads, writes
from advisory.errors import ValidationError
from advisory.i18n import N_, _
from advisory.models import OrganisationSettings
from advisory.services import users
from advisory.services.users import UserView

ALREADY_DONE = N_("Setup is already complete. Log in instead.")


@dataclass(frozen=True)
class FirstRun:
    """What the setup page shows once: the new admin and the demo accounts' passwords."""

    admin: UserView
    demo_accounts: dict[str, str] = field(default_factory=dict)


@reads
def needs_setup(session: Session) -> bool:
    return not users.any_user_exists(session)


@writes
def create_first_admin(
    session: Session,
    *,
    organisation: str,
    username: str,
    display_name: str,
    password: str,
    confirm: str,
) -> UserView:
    """Create the first admin. Refused once any account exists (no second 'first admin').

    why: two people can open the setup page at the same moment and both see "no account yet".
    The settings row (fixed primary key 1) is the lock: the first setup inserts it, or locks it
    if it exists; the second waits for that, then either collides on the key (IntegrityError) or
    finds the first admin when it looks again. Both become ValidationError(ALREADY_DONE), so
    the loser sees a message, never a traceback, and only one admin is created.
    """
    if not needs_setup(session):
        raise ValidationError(_(ALREADY_DONE))
    if (password or "").strip() != (confirm or "").strip():
        raise ValidationError(_("The two passwords differ."), field="confirm")
    org = (organisation or "").strip()
    if not org:
        raise ValidationError(_("Enter the organisation's name."), field="organisation")
    try:
        row = session.get(OrganisationSettings, 1, with_for_update=True, populate_existing=True)
        if row is None:
            session.add(OrganisationSettings(id=1, name=org[:200], small_number_k=5))
        else:
            row.name = org[:200]
        session.flush()
        if not needs_setup(session):  # another setup finished while this one waited
            raise ValidationError(_(ALREADY_DONE))
        return users.create_user(
            session,
            username=username,
            display_name=display_name,
            role="admin",
            password=password,
            actor=actors.SETUP,
        )
    except IntegrityError:
        raise ValidationError(_(ALREADY_DONE)) from None


@writes
def set_up(
    session: Session,
    *,
    organisation: str,
    username: str,
    display_name: str,
    password: str,
    confirm: str,
    load_demo: bool = False,
) -> FirstRun:
    """The setup page's one unit of work: the first admin and, if asked, the demonstration data.

    Both are saved together or not at all, so a failed demo load never leaves an admin whose
    setup the page reported as failed. Errors as :func:`create_first_admin`.
    """
    admin = create_first_admin(
        session,
        organisation=organisation,
        username=username,
        display_name=display_name,
        password=password,
        confirm=confirm,
    )
    accounts = demo.load(session, actor=admin).accounts if load_demo else {}
    return FirstRun(admin=admin, demo_accounts=dict(accounts))

"""First run: create the first admin when no account exists yet."""

from __future__ import annotations

from sqlalchemy.orm import Session

from advisory.errors import ValidationError
from advisory.models import OrganisationSettings
from advisory.services import users
from advisory.services.users import UserView


def needs_setup(session: Session) -> bool:
    return not users.any_user_exists(session)


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

    why: inserting the settings row with a fixed primary key in the same transaction makes two
    simultaneous setups collide on that key, so only one can ever succeed.
    """
    if not needs_setup(session):
        raise ValidationError("Setup is already complete. Log in instead.")
    if (password or "").strip() != (confirm or "").strip():
        raise ValidationError("The two passwords differ.", field="confirm")
    org = (organisation or "").strip()
    if not org:
        raise ValidationError("Enter the organisation's name.", field="organisation")
    if session.get(OrganisationSettings, 1) is None:
        session.add(OrganisationSettings(id=1, name=org[:200], small_number_k=5))
    else:
        session.get(OrganisationSettings, 1).name = org[:200]
    return users.create_user(
        session,
        username=username,
        display_name=display_name,
        role="admin",
        password=password,
        by="setup",
    )

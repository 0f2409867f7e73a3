"""Who is acting: one value passed to every service that changes data.

why (issue 11): services used to take `by: str, role: str` pairs, so a service could not tell
whether the role belonged to the person named. A service now takes one `actor` (the logged-in
user's view, or a system actor for the command line, setup and the demo loader) and calls
`authorise`, which checks the capability and, for an account, that the account is active and
holds that role in the database right now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.errors import PermissionDenied
from advisory.i18n import _
from advisory.models import User
from advisory.permissions import require

# Actors that are not accounts: the command line, first-run setup, the demo loader, tests.
# No account can take one of these names (users.create_user refuses them).
SYSTEM_ACTORS = frozenset({"cli", "setup", "demo", "system", "test", "anonymous", "bench"})


class Actor(Protocol):
    """Anything with a username and a role: `UserView` (the logged-in user) or `SystemActor`."""

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class SystemActor:
    """The operator's own authority: the command line, first-run setup, the demo loader."""

    username: str
    role: str = "admin"

    def __post_init__(self) -> None:
        if self.username not in SYSTEM_ACTORS:
            raise ValueError(f"{self.username!r} is not a system actor.")

    @property
    def display_name(self) -> str:
        return self.username


CLI = SystemActor("cli")
SETUP = SystemActor("setup")
DEMO = SystemActor("demo")
SYSTEM = SystemActor("system")


def is_system(actor: Actor) -> bool:
    return isinstance(actor, SystemActor)


def authorise(session: Session, actor: Actor, capability: str) -> None:
    """Raise PermissionDenied unless `actor` may do `capability` now.

    For an account, the role must hold the capability and the stored account must be active
    with that same role (a role changed or an account deactivated since the page was drawn is
    refused). A system actor is not an account and runs with its own role.
    """
    require(actor.role, capability)
    if is_system(actor):
        return
    row = session.execute(
        select(User.role, User.active).where(User.username == actor.username)
    ).one_or_none()
    if row is None or not row.active or str(row.role) != actor.role:
        raise PermissionDenied(
            _(
                "Your account no longer allows this (its role changed or it was deactivated). "
                "Log in again."
            )
        )

"""Accounts: creation, login checks with lockout, password changes, deactivation.

The login library (streamlit-authenticator) checks passwords, but it keeps failure counters in
memory and never revokes its cookie. The rules that make logins safe live here, in the
database, so they hold across reruns, restarts and replicas.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from advisory import clock, passwords
from advisory.actors import SYSTEM_ACTORS, Actor, authorise
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import _
from advisory.models import ROLES, Role, User
from advisory.services import audit

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class UserView:
    """What the UI needs of a user: plain values, safe to keep in session state."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    must_change_password: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime
    #: The language saved with the account (None: follow the browser). why here: every run
    #: reads the user to check the login anyway, so the run's language costs no second query.
    language: str | None = None


def _view(user: User) -> UserView:
    return UserView(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=str(user.role),
        active=user.active,
        must_change_password=user.must_change_password,
        locked_until=user.locked_until,
        created_at=user.created_at,
        language=user.language,
    )


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


@reads
def any_user_exists(session: Session) -> bool:
    return (session.scalar(select(func.count(User.id))) or 0) > 0


def get_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == normalise_username(username)))


@reads
def list_users(session: Session) -> list[UserView]:
    return [_view(u) for u in session.scalars(select(User).order_by(User.username))]


@reads
def get_view(session: Session, username: str) -> UserView | None:
    user = get_by_username(session, username)
    return _view(user) if user else None


@writes
def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    actor: Actor,
    must_change_password: bool = False,
) -> UserView:
    """Create an account. Raises ValidationError naming the field for every bad input."""
    authorise(session, actor, "manage_users")
    name = normalise_username(username)
    if not name:
        raise ValidationError(_("Enter a username."), field="username")
    if name in SYSTEM_ACTORS:
        raise ValidationError(
            _("The username {name} is reserved; choose another.").format(name=repr(name)),
            field="username",
        )
    if not USERNAME_RE.match(name):
        raise ValidationError(
            _(
                "A username is 2 to 64 characters: letters, digits, dot, dash or underscore, "
                "starting with a letter or digit."
            ),
            field="username",
        )
    if role not in ROLES:
        raise ValidationError(
            _("Unknown role {role}. Choose one of: {roles}.").format(
                role=repr(role), roles=", ".join(ROLES)
            ),
            field="role",
        )
    pw = passwords.validate(password)
    if get_by_username(session, name) is not None:
        raise ValidationError(
            _("The username {name} is already taken.").format(name=repr(name)), field="username"
        )
    shown = (display_name or "").strip() or name
    user = User(
        username=name,
        display_name=shown[:120],
        role=Role(role),
        password_hash=passwords.hash_password(pw),
        must_change_password=must_change_password,
        sessions_valid_after=clock.now(),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="user.create",
        entity="user",
        entity_id=user.id,
        detail=f"role={role}",
    )
    return _view(user)


@reads
def credentials_for_login(session: Session) -> dict:
    """The credentials dict streamlit-authenticator expects, for active accounts only."""
    users = session.scalars(select(User).where(User.active.is_(True)))
    return {
        "usernames": {
            u.username: {
                "email": "",
                "first_name": u.display_name,
                "last_name": "",
                "password": u.password_hash,
                "roles": [str(u.role)],
            }
            for u in users
        }
    }


def is_locked(user: User, now: dt.datetime | None = None) -> bool:
    return user.locked_until is not None and user.locked_until > (now or clock.now())


@reads
def login_allowed(session: Session, username: str) -> bool:
    """May a password check go ahead for this username? False for unknown, inactive, locked."""
    user = get_by_username(session, username)
    return user is not None and user.active and not is_locked(user)


@writes
def start_login_attempt(session: Session, username: str) -> int | None:
    """Count this attempt before the password is checked; return its number in the window.

    None for an unknown, inactive or locked account. why: counting first, in one UPDATE,
    means parallel attempts cannot all slip past the lockout while bcrypt runs, and
    concurrent increments are never lost. Failures older than the lockout window are
    forgotten (the count starts again at 1).
    """
    now = clock.now()
    name = normalise_username(username)
    stale = User.last_failed_at.is_(None) | (User.last_failed_at < now - LOCKOUT)
    result = session.execute(
        update(User)
        .where(
            User.username == name,
            User.active.is_(True),
            User.locked_until.is_(None) | (User.locked_until <= now),
        )
        .values(
            failed_logins=case((stale, 1), else_=User.failed_logins + 1),
            last_failed_at=now,
        )
        .returning(User.failed_logins)
    ).scalar_one_or_none()
    return int(result) if result is not None else None


@writes
def finish_login_attempt(session: Session, username: str, *, attempt: int | None, ok: bool) -> None:
    """Record the outcome: a success clears the count; the fifth failure locks for 15 minutes."""
    user = get_by_username(session, username)
    if user is None:
        audit.record(session, actor="anonymous", action="login.failure", detail="unknown user")
        return
    if ok:
        user.failed_logins = 0
        user.last_failed_at = None
        user.locked_until = None
        audit.record(
            session, actor=user.username, action="login.success", entity="user", entity_id=user.id
        )
        return
    detail = "refused: account locked or inactive" if attempt is None else f"failure {attempt}"
    if attempt is not None and attempt >= MAX_FAILED_LOGINS:
        user.locked_until = clock.now() + LOCKOUT
        user.failed_logins = 0
        detail = "locked for 15 minutes"
    audit.record(
        session,
        actor=user.username,
        action="login.failure",
        entity="user",
        entity_id=user.id,
        detail=detail,
    )


@writes
def record_failed_login(session: Session, username: str) -> None:
    """A failed attempt, counted and recorded in one go (for callers without a bcrypt step)."""
    attempt = start_login_attempt(session, username)
    finish_login_attempt(session, username, attempt=attempt, ok=False)


@writes
def record_successful_login(session: Session, username: str) -> None:
    finish_login_attempt(session, username, attempt=None, ok=True)


@reads
def session_is_valid(session: Session, username: str, issued_at: dt.datetime) -> UserView | None:
    """The user behind a login cookie or session, if that login is still honoured.

    why: the library's cookie is not revoked by logout or a password change (upstream issues
    #91, #195). A login issued before `sessions_valid_after` is treated as logged out, as is
    any login of an inactive account.
    """
    user = get_by_username(session, username)
    if user is None or not user.active:
        return None
    if issued_at < user.sessions_valid_after:
        return None
    return _view(user)


@writes
def end_all_sessions(session: Session, *, actor: Actor, reason: str) -> None:
    """Log the actor out everywhere: every login issued before now is refused (logout)."""
    user = _require(session, actor.username)
    user.sessions_valid_after = clock.now()
    audit.record(
        session, actor=actor.username, action=f"user.{reason}", entity="user", entity_id=user.id
    )


@writes
def change_password(
    session: Session, *, actor: Actor, current_password: str, new_password: str
) -> None:
    """The actor's own change. Ends every existing login of the account."""
    username = actor.username
    user = _require(session, username)
    if not passwords.check_password(current_password, user.password_hash):
        raise ValidationError(_("The current password is not right."), field="current_password")
    pw = passwords.validate(new_password)
    if passwords.check_password(pw, user.password_hash):
        raise ValidationError(
            _("Choose a password different from the current one."), field="password"
        )
    user.password_hash = passwords.hash_password(pw)
    user.must_change_password = False
    user.sessions_valid_after = clock.now()
    audit.record(
        session, actor=username, action="user.password_change", entity="user", entity_id=user.id
    )


@writes
def reset_password(
    session: Session, *, username: str, temporary_password: str, actor: Actor
) -> None:
    """Admin reset: a temporary password that must be changed at next login."""
    authorise(session, actor, "manage_users")
    user = _require(session, username)
    pw = passwords.validate(temporary_password)
    user.password_hash = passwords.hash_password(pw)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    user.sessions_valid_after = clock.now()
    audit.record(
        session,
        actor=actor.username,
        action="user.password_reset",
        entity="user",
        entity_id=user.id,
    )


@writes
def set_role(session: Session, *, username: str, role: str, actor: Actor) -> None:
    authorise(session, actor, "manage_users")
    if role not in ROLES:
        raise ValidationError(_("Unknown role {role}.").format(role=repr(role)), field="role")
    user = _require(session, username)
    if user.role == Role.admin and role != "admin":
        _refuse_removing_last_admin(session, user)
    user.role = Role(role)
    user.sessions_valid_after = clock.now()  # the old role's pages must not stay open
    audit.record(
        session,
        actor=actor.username,
        action="user.role",
        entity="user",
        entity_id=user.id,
        detail=f"role={role}",
    )


@writes
def set_active(session: Session, *, username: str, active: bool, actor: Actor) -> None:
    authorise(session, actor, "manage_users")
    user = _require(session, username)
    if not active and user.role == Role.admin:
        _refuse_removing_last_admin(session, user)
    user.active = active
    if not active:
        user.sessions_valid_after = clock.now()
    audit.record(
        session,
        actor=actor.username,
        action="user.activate" if active else "user.deactivate",
        entity="user",
        entity_id=user.id,
    )


def _refuse_removing_last_admin(session: Session, user: User) -> None:
    others = session.scalar(
        select(func.count(User.id)).where(
            User.role == Role.admin, User.active.is_(True), User.id != user.id
        )
    )
    if not others:
        raise ValidationError(_("This is the last active admin; make someone else admin first."))


def _require(session: Session, username: str) -> User:
    user = get_by_username(session, username)
    if user is None:
        raise NotFound(_("No account named {name}.").format(name=repr(username)))
    return user

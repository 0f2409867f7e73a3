"""Who may see which page and do what. The single source of truth for roles.

`app.py` registers only the pages a role may see; each page calls `require_role` with its
entry here; services that change data check the capability again (defence in depth).
"""

from __future__ import annotations

from advisory.errors import PermissionDenied
from advisory.i18n import N_, _

ADMIN = frozenset({"admin"})
DIRECTORS = frozenset({"admin", "director"})
EVERYONE = frozenset({"admin", "director", "member"})

# role (a database value) -> its name as shown to people (translated where shown)
ROLE_LABELS: dict[str, str] = {
    "admin": N_("admin"),
    "director": N_("director"),
    "member": N_("member"),
}

# page key -> roles that may open it
PAGE_ROLES: dict[str, frozenset[str]] = {
    "overview": EVERYONE,
    "meetings": EVERYONE,
    "recommendations": EVERYONE,
    "feedback": EVERYONE,
    "review": DIRECTORS,
    "adaptations": EVERYONE,
    "attendance": EVERYONE,
    "attendance_import": DIRECTORS,
    "impact": EVERYONE,
    "referrals": EVERYONE,
    "other_services": EVERYONE,
    "reports": EVERYONE,
    "sharing": DIRECTORS,
    "users": ADMIN,
    "settings": ADMIN,
    "audit": ADMIN,
    "account": EVERYONE,
}

CAPABILITIES: dict[str, frozenset[str]] = {
    "log_meetings": EVERYONE,
    "raise_recommendations": EVERYONE,
    "comment": EVERYONE,
    "verify": EVERYONE,
    "respond": DIRECTORS,
    "progress": DIRECTORS,
    "escalate": DIRECTORS,
    "manage_adaptations": DIRECTORS,
    "manage_attendance": DIRECTORS,
    "manage_shares": DIRECTORS,
    # issue 12: directors and admins keep the referral directory and enter referral counts;
    # members check entries at meetings and log trainings, networks and forums.
    "manage_referrals": DIRECTORS,
    "record_referral_counts": DIRECTORS,
    "check_referrals": EVERYONE,
    "log_outreach_work": EVERYONE,
    "manage_users": ADMIN,
    "manage_settings": ADMIN,
}


def can(role: str | None, capability: str) -> bool:
    return role is not None and role in CAPABILITIES[capability]


def require(role: str | None, capability: str) -> None:
    """Raise PermissionDenied unless `role` holds `capability`."""
    if not can(role, capability):
        raise PermissionDenied(_("Your role does not allow this."))


def may_open(role: str | None, page: str) -> bool:
    return role is not None and role in PAGE_ROLES[page]


def role_label(role: str) -> str:
    """`role` as shown to people, in the run's language (an unknown role as it is)."""
    label = ROLE_LABELS.get(role)
    return _(label) if label else role

"""The page registry: which file serves which page, in which section of the menu."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from advisory.db import DatabaseBusy
from advisory.i18n import N_, _
from advisory.permissions import may_open
from components.database import error_text
from components.guard import show_refusal


@dataclass(frozen=True)
class PageSpec:
    key: str  # entry in advisory.permissions.PAGE_ROLES
    path: str
    title: str  # English, marked with N_; translated where shown
    icon: str
    section: str  # English, marked with N_; translated where shown
    url_path: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview", "pages/overview.py", N_("Overview"), ":material/home:", N_("Group"), "overview"
    ),
    PageSpec(
        "meetings",
        "pages/meetings.py",
        N_("Meetings"),
        ":material/groups:",
        N_("Group"),
        "meetings",
    ),
    PageSpec(
        "recommendations",
        "pages/recommendations.py",
        N_("Recommendations"),
        ":material/checklist:",
        N_("Group"),
        "recommendations",
    ),
    PageSpec(
        "review", "pages/review.py", N_("Review queue"), ":material/inbox:", N_("Group"), "review"
    ),
    PageSpec(
        "feedback",
        "pages/feedback.py",
        N_("What happened to what we asked"),
        ":material/record_voice_over:",
        N_("Group"),
        "feedback",
    ),
    PageSpec(
        "referrals",
        "pages/referrals.py",
        N_("Referral directory"),
        ":material/diversity_3:",
        N_("Group"),
        "referrals",
    ),
    PageSpec(
        "other_services",
        "pages/other_services.py",
        N_("Working with other services"),
        ":material/handshake:",
        N_("Group"),
        "other-services",
    ),
    PageSpec(
        "attendance",
        "pages/attendance.py",
        N_("Attendance"),
        ":material/bar_chart:",
        N_("Data"),
        "attendance",
    ),
    PageSpec(
        "attendance_import",
        "pages/attendance_import.py",
        N_("Import attendance"),
        ":material/upload_file:",
        N_("Data"),
        "attendance-import",
    ),
    PageSpec(
        "adaptations",
        "pages/adaptations.py",
        N_("Adaptations"),
        ":material/tune:",
        N_("Data"),
        "adaptations",
    ),
    PageSpec(
        "impact", "pages/impact.py", N_("Impact"), ":material/insights:", N_("Data"), "impact"
    ),
    PageSpec(
        "reports",
        "pages/reports.py",
        N_("Quarterly reports"),
        ":material/summarize:",
        N_("Share and report"),
        "reports",
    ),
    PageSpec(
        "sharing",
        "pages/sharing.py",
        N_("Sharing"),
        ":material/share:",
        N_("Share and report"),
        "sharing",
    ),
    PageSpec("users", "pages/users.py", N_("Users"), ":material/group:", N_("Admin"), "users"),
    PageSpec(
        "settings",
        "pages/settings.py",
        N_("Sites and settings"),
        ":material/settings:",
        N_("Admin"),
        "settings",
    ),
    PageSpec(
        "audit", "pages/audit.py", N_("Audit log"), ":material/history:", N_("Admin"), "audit"
    ),
    PageSpec(
        "account",
        "pages/account.py",
        N_("My account"),
        ":material/person:",
        N_("Account"),
        "account",
    ),
)


def _refusal_page(home: str) -> Callable[[], None]:
    def _refusal() -> None:
        # Renders the refusal only: the page's own file is never run, so it loads no data.
        show_refusal(home)

    return _refusal


def pages_for(role: str, *, password_change_only: bool = False) -> dict[str, list]:
    """st.Page objects grouped by section, for the pages `role` may open.

    A page the role may not open is not registered; its address instead leads to a hidden
    page that only says so (rather than Streamlit's "page not found").
    """
    sections: dict[str, list] = {}
    first = True
    home = next(
        spec.path
        for spec in PAGES
        if may_open(role, spec.key) and (not password_change_only or spec.key == "account")
    )
    for spec in PAGES:
        if not may_open(role, spec.key) or (password_change_only and spec.key != "account"):
            refusal = st.Page(
                _refusal_page(home),
                title=_("No access"),
                url_path=spec.url_path,
                visibility="hidden",
            )
            sections.setdefault("", []).append(refusal)
            continue
        page = st.Page(
            spec.path, title=_(spec.title), icon=spec.icon, url_path=spec.url_path, default=first
        )
        first = False
        sections.setdefault(_(spec.section), []).append(page)
    return sections


def run(navigation: StreamlitPage) -> None:
    """Run the page `st.navigation` chose; a database that stays busy is a message, not a crash.

    why (issue 14): the forms show DatabaseBusy next to their inputs; this is the net for any
    other write a page run makes (a login attempt, a share link's view count), so a person
    never sees the error page because the database was busy for a moment.
    """
    try:
        navigation.run()
    except DatabaseBusy as exc:
        st.warning(error_text(exc))

"""Badges of a referral directory entry: the group's finding, "needs checking", and the
women-friendly attributes as icons with words (the words are always there; issue 12)."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import _
from advisory.services.referrals import (
    ATTRIBUTE_WORDS,
    FINDINGS,
    NOT_RECOMMENDED,
    PROBLEMS,
    STILL_GOOD,
    EntryView,
)

FINDING_BADGES: dict[str, str] = {
    STILL_GOOD: ":green-badge[:material/verified: {words}]",
    PROBLEMS: ":orange-badge[:material/report: {words}]",
    NOT_RECOMMENDED: ":red-badge[:material/block: {words}]",
}
ATTRIBUTE_ICONS: dict[str, str] = {
    "women_staff": ":material/woman:",
    "childcare": ":material/child_care:",
    "trans_women_welcome": ":material/transgender:",
    "no_id_required": ":material/no_accounts:",
    "no_police_reporting": ":material/shield:",
    "accepts_women_using_drugs": ":material/volunteer_activism:",
    "accompanied_referral": ":material/directions_walk:",
}


def badges(entry: EntryView) -> str:
    """Markdown: the finding (or "not checked yet"), "needs checking", "not in use"."""
    parts = []
    if entry.finding:
        parts.append(FINDING_BADGES[entry.finding].format(words=_(FINDINGS[entry.finding])))
    else:
        parts.append(":gray-badge[:material/help: " + _("Not checked by the group yet") + "]")
    if entry.needs_checking:
        parts.append(":orange-badge[:material/event_repeat: " + _("Needs checking") + "]")
    if not entry.active:
        parts.append(":gray-badge[:material/archive: " + _("No longer in the directory") + "]")
    return " ".join(parts)


def attributes(entry: EntryView) -> str:
    """Markdown: one badge per women-friendly attribute, icon and words."""
    return " ".join(
        f":violet-badge[{ATTRIBUTE_ICONS[a]} {_(ATTRIBUTE_WORDS[a])}]" for a in entry.attributes
    )


def show(entry: EntryView) -> None:
    st.markdown(badges(entry))
    if entry.attributes:
        st.markdown(attributes(entry))

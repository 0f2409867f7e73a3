"""Status badges: the recommendation's status in words, with a colour that only repeats them.

Colour is never the only signal (some people cannot tell the colours apart): the badge always
says the status in words, and "Overdue" is its own badge.
"""

from __future__ import annotations

import streamlit as st

from advisory.i18n import _
from advisory.lifecycle import Status, status_label

COLOURS: dict[str, str] = {
    Status.RAISED: "gray",
    Status.UNDER_REVIEW: "violet",
    Status.ACCEPTED: "blue",
    Status.PARTLY_ACCEPTED: "blue",
    Status.DECLINED: "gray",
    Status.DEFERRED: "orange",
    Status.IN_PROGRESS: "blue",
    Status.DONE: "green",
    Status.VERIFIED: "green",
    Status.REOPENED: "orange",
}
ICONS: dict[str, str] = {
    Status.RAISED: ":material/campaign:",
    Status.UNDER_REVIEW: ":material/hourglass_top:",
    Status.ACCEPTED: ":material/thumb_up:",
    Status.PARTLY_ACCEPTED: ":material/thumbs_up_down:",
    Status.DECLINED: ":material/block:",
    Status.DEFERRED: ":material/schedule:",
    Status.IN_PROGRESS: ":material/construction:",
    Status.DONE: ":material/check:",
    Status.VERIFIED: ":material/verified:",
    Status.REOPENED: ":material/replay:",
}


def overdue_badge() -> str:
    """The "Overdue" badge, in the run's language."""
    return ":red-badge[:material/alarm: " + _("Overdue") + "]"


def markdown(
    status: str, *, overdue: bool = False, needs_funding: bool = False, escalated: bool = False
) -> str:
    """Markdown for the badges (status, then overdue / needs funding / escalated)."""
    colour = COLOURS.get(status, "gray")
    parts = [f":{colour}-badge[{ICONS.get(status, '')} {status_label(status)}]"]
    if overdue:
        parts.append(overdue_badge())
    if needs_funding:
        parts.append(":orange-badge[:material/payments: " + _("Needs funding") + "]")
    if escalated:
        parts.append(":violet-badge[:material/trending_up: " + _("Escalated") + "]")
    return " ".join(parts)


def show(
    status: str, *, overdue: bool = False, needs_funding: bool = False, escalated: bool = False
) -> None:
    st.markdown(markdown(status, overdue=overdue, needs_funding=needs_funding, escalated=escalated))

"""Status badges: the recommendation's status in words, with a colour that only repeats them.

Colour is never the only signal (some people cannot tell the colours apart): the badge always
says the status in words, and "Overdue" is its own badge.
"""

from __future__ import annotations

import streamlit as st

from advisory.services.recommendations import STATUS_LABELS

COLOURS: dict[str, str] = {
    "raised": "gray",
    "under_review": "violet",
    "accepted": "blue",
    "partly_accepted": "blue",
    "declined": "gray",
    "deferred": "orange",
    "in_progress": "blue",
    "done": "green",
    "verified": "green",
    "reopened": "orange",
}
ICONS: dict[str, str] = {
    "raised": ":material/campaign:",
    "under_review": ":material/hourglass_top:",
    "accepted": ":material/thumb_up:",
    "partly_accepted": ":material/thumbs_up_down:",
    "declined": ":material/block:",
    "deferred": ":material/schedule:",
    "in_progress": ":material/construction:",
    "done": ":material/check:",
    "verified": ":material/verified:",
    "reopened": ":material/replay:",
}
OVERDUE = ":red-badge[:material/alarm: Overdue]"


def markdown(
    status: str, *, overdue: bool = False, needs_funding: bool = False, escalated: bool = False
) -> str:
    """Markdown for the badges (status, then overdue / needs funding / escalated)."""
    colour = COLOURS.get(status, "gray")
    parts = [f":{colour}-badge[{ICONS.get(status, '')} {STATUS_LABELS.get(status, status)}]"]
    if overdue:
        parts.append(OVERDUE)
    if needs_funding:
        parts.append(":orange-badge[:material/payments: Needs funding]")
    if escalated:
        parts.append(":violet-badge[:material/trending_up: Escalated]")
    return " ".join(parts)


def show(
    status: str, *, overdue: bool = False, needs_funding: bool = False, escalated: bool = False
) -> None:
    st.markdown(markdown(status, overdue=overdue, needs_funding=needs_funding, escalated=escalated))

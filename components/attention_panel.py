"""The overview's "Needs your attention" panel for directors and admins (issue 13).

Four lists (advisory.services.reminders), each an expander whose label gives its exact count
and whose lines open the recommendation; empty lists are named in one line instead, so a
phone shows no empty expanders.
"""

from __future__ import annotations

import streamlit as st

from advisory import permissions
from advisory.actors import Actor
from advisory.i18n import _, format_date, ngettext
from advisory.services import reminders
from advisory.services.reminders import Attention, Item
from components import recommendation_card
from components.database import get_engine
from components.markdown_text import plain


def _lists(attention: Attention) -> list[tuple[str, str, str, tuple[Item, ...]]]:
    """(key, label with its count, sentence when empty, items) for each of the four lists."""
    waiting = len(attention.waiting_for_response)
    due = len(attention.due_soon)
    overdue = len(attention.overdue)
    done = len(attention.awaiting_verification)
    days = reminders.DUE_SOON_DAYS
    return [
        (
            "waiting",
            ngettext(
                "{n} waiting for your response", "{n} waiting for your response", waiting
            ).format(n=waiting),
            _("Nothing is waiting for a response."),
            attention.waiting_for_response,
        ),
        (
            "due",
            ngettext("{n} due within {days} days", "{n} due within {days} days", due).format(
                n=due, days=days
            ),
            _("Nothing is due within the next {days} days.").format(days=days),
            attention.due_soon,
        ),
        (
            "overdue",
            ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue),
            _("Nothing is overdue."),
            attention.overdue,
        ),
        (
            "verify",
            ngettext(
                "{n} done, waiting for the group to verify it",
                "{n} done, waiting for the group to verify them",
                done,
            ).format(n=done),
            _("Nothing done is waiting for the group's verification."),
            attention.awaiting_verification,
        ),
    ]


def _line(item: Item) -> str:
    if item.due_on is None:
        return plain(item.title)
    return _("{title} (due {date})").format(title=plain(item.title), date=format_date(item.due_on))


def show(*, actor: Actor, key: str = "attention") -> None:
    """The panel, for a role that may respond to recommendations; nothing for anyone else."""
    if not permissions.can(actor.role, reminders.CAPABILITY):
        return
    attention = reminders.needs_attention(get_engine(), actor=actor)
    st.subheader(_("Needs your attention"))
    if not attention.total:
        st.success(_("Nothing needs your attention today."))
        return
    empty: list[str] = []
    for name, label, none, items in _lists(attention):
        if not items:
            empty.append(none)
            continue
        with st.expander(label, key=f"{key}_{name}"):
            for item in items:
                # why buttons, not st.page_link: a page link's label is cut off at the width
                # of a phone, while a button's wraps.
                if st.button(
                    _line(item),
                    key=f"{key}_{name}_{item.id}",
                    icon=":material/open_in_new:",
                    width="stretch",
                ):
                    recommendation_card.open_from_another_page(item.id)
    if empty:
        st.caption(" ".join(empty))

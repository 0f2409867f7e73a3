"""The Sharing page's list of links, and pausing, resuming or revoking one of them."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st

from advisory import i18n
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import N_, _
from advisory.services import share_links
from advisory.services.share_links import ShareLinkView
from components import forms
from components.database import get_engine

ACTIONS = {
    "pause": (N_("Pause"), ":material/pause:", share_links.pause, N_("Link {number} is paused.")),
    "resume": (
        N_("Resume"),
        ":material/play_arrow:",
        share_links.resume,
        N_("Link {number} is working again."),
    ),
    "revoke": (
        N_("Revoke"),
        ":material/block:",
        share_links.revoke,
        N_("Link {number} is revoked for good."),
    ),
}
STATUS_WORDS = {
    share_links.STATUS_ACTIVE: N_("active"),
    share_links.STATUS_PAUSED: N_("paused"),
    share_links.STATUS_EXPIRED: N_("expired"),
    share_links.STATUS_REVOKED: N_("revoked"),
}


def _status(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def _dates(link: ShareLinkView) -> str:
    if not (link.date_from or link.date_to):
        return _("all")
    return _("{start} to {end}").format(
        start=link.date_from or _("start"), end=link.date_to or _("today")
    )


def _table(links: list[ShareLinkView]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                _("number"): link.id,
                _("for"): link.label,
                _("status"): _status(link.status),
                _("expires (UTC)"): link.expires_at,
                _("created by"): link.created_by,
                _("last viewed (UTC)"): link.last_viewed_at,
                _("views"): link.view_count,
                _("sites"): ", ".join(link.site_names),
                _("shows"): ", ".join(_(share_links.SECTION_LABELS[x]) for x in link.sections),
                _("dates"): _dates(link),
                _("language"): i18n.language_name(link.language),
            }
            for link in links
        ]
    )


def show(actor: Actor, *, key: str = "share") -> None:
    """Every link with its status and views; buttons `<key>_pause/_resume/_revoke` act on the
    link picked in `<key>_pick`. The outcome is kept in `<key>_notice` across the rerun."""
    st.subheader(_("Share links"))
    try:
        links = share_links.list_links(get_engine(), actor=actor)
    except DomainError as exc:
        forms.show_error(exc)
        return
    if not links:
        st.info(_("No share links yet."))
        return
    st.dataframe(_table(links), hide_index=True, width="stretch")

    st.subheader(_("Pause, resume or revoke a link"))
    choices = {
        _("{number}: {label} ({status})").format(
            number=link.id, label=link.label, status=_status(link.status)
        ): link.id
        for link in links
    }
    picked = st.selectbox(_("Link"), list(choices), key=f"{key}_pick")
    clicked = None
    for column, (name, (label, icon, _act, _done)) in zip(
        st.columns(3), ACTIONS.items(), strict=True
    ):
        kind: Literal["primary", "secondary"] = "primary" if name == "revoke" else "secondary"
        if column.button(_(label), key=f"{key}_{name}", type=kind, icon=icon):
            clicked = name
    if clicked and picked:
        _label, _icon, change, done = ACTIONS[clicked]
        try:
            change(get_engine(), link_id=choices[picked], actor=actor)
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.session_state[f"{key}_notice"] = _(done).format(number=choices[picked])
            st.rerun()
    notice = st.session_state.pop(f"{key}_notice", None)
    if notice:
        st.success(notice)

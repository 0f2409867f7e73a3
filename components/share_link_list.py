"""The Sharing page's list of links, and pausing, resuming or revoking one of them."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.services import share_links
from advisory.services.share_links import ShareLinkView
from components import forms
from components.database import get_engine

ACTIONS = {
    "pause": ("Pause", ":material/pause:", share_links.pause, "paused"),
    "resume": ("Resume", ":material/play_arrow:", share_links.resume, "working again"),
    "revoke": ("Revoke", ":material/block:", share_links.revoke, "revoked for good"),
}


def _table(links: list[ShareLinkView]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "number": link.id,
                "for": link.label,
                "status": link.status,
                "expires (UTC)": link.expires_at,
                "created by": link.created_by,
                "last viewed (UTC)": link.last_viewed_at,
                "views": link.view_count,
                "sites": ", ".join(link.site_names),
                "shows": ", ".join(share_links.SECTION_LABELS[x] for x in link.sections),
                "dates": (
                    f"{link.date_from or 'start'} to {link.date_to or 'today'}"
                    if link.date_from or link.date_to
                    else "all"
                ),
            }
            for link in links
        ]
    )


def show(actor: Actor, *, key: str = "share") -> None:
    """Every link with its status and views; buttons `<key>_pause/_resume/_revoke` act on the
    link picked in `<key>_pick`. The outcome is kept in `<key>_notice` across the rerun."""
    st.subheader("Share links")
    try:
        links = share_links.list_links(get_engine(), actor=actor)
    except DomainError as exc:
        forms.show_error(exc)
        return
    if not links:
        st.info("No share links yet.")
        return
    st.dataframe(_table(links), hide_index=True, width="stretch")

    st.subheader("Pause, resume or revoke a link")
    choices = {f"{link.id}: {link.label} ({link.status})": link.id for link in links}
    picked = st.selectbox("Link", list(choices), key=f"{key}_pick")
    clicked = None
    for column, (name, (label, icon, _, _)) in zip(st.columns(3), ACTIONS.items(), strict=True):
        kind: Literal["primary", "secondary"] = "primary" if name == "revoke" else "secondary"
        if column.button(label, key=f"{key}_{name}", type=kind, icon=icon):
            clicked = name
    if clicked and picked:
        _, _, change, done = ACTIONS[clicked]
        try:
            change(get_engine(), link_id=choices[picked], actor=actor)
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.session_state[f"{key}_notice"] = f"Link {choices[picked]} is {done}."
            st.rerun()
    notice = st.session_state.pop(f"{key}_notice", None)
    if notice:
        st.success(notice)

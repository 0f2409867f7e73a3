"""The funder view's language (issue 10): the share link's own, or the one the funder switches to.

A link is made in a language (the Sharing page), so a funder opening it in any browser reads
that language first. The switch offers the catalog's languages and changes nothing but the
words: the link's scope, the figures and what is protected stay exactly as they were.
"""

from __future__ import annotations

import streamlit as st

from advisory import i18n
from advisory.services.share_links import ShareScope
from components import language


def activate(scope: ShareScope, *, key: str) -> str:
    """Make this run read in the funder's pick (widget `key`) or else the link's language.
    Called before the view draws anything."""
    picked = st.session_state.get(key)
    chosen = picked if isinstance(picked, str) and picked in i18n.available() else scope.language
    return language.activate(None, chosen=chosen)


def switch(*, key: str) -> None:
    """The language menu, each language named in its own language; nothing else changes."""
    choices = i18n.available()
    if len(choices) < 2:
        return
    codes = list(choices)
    current = i18n.active()
    st.selectbox(
        i18n._("Language"),
        codes,
        index=codes.index(current) if current in codes else 0,
        format_func=lambda code: choices[code],
        key=key,
        width=260,  # a small menu, not a bar across the headline (it fits a 390 px phone)
    )

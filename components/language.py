"""The language of this run and the menu to change it (issue 10).

`activate(user)` is called by app.py at the start of every run, before anything is drawn;
`picker(user, key=...)` draws the language menu (login page, setup page, sidebar). While only
English has a compiled catalog the menu draws nothing: there is nothing to choose.
"""

from __future__ import annotations

import streamlit as st

from advisory import i18n
from advisory.errors import DomainError
from advisory.services import languages
from advisory.services.users import UserView
from components.database import get_engine

CHOSEN = "advisory_language"  # session-state key: the language picked in this session


def _browser_languages() -> str | None:
    """The browser's Accept-Language header (all its languages, by weight), else its locale."""
    header = st.context.headers.get("Accept-Language") if st.context.headers else None
    return header or st.context.locale


def activate(user: UserView | None, *, chosen: str | None = None) -> str:
    """Resolve and activate this run's language; `chosen` overrides (a share link's language)."""
    language = i18n.resolve(
        chosen=chosen or st.session_state.get(CHOSEN),
        stored=user.language if user is not None else None,
        accepted=_browser_languages(),
        default=lambda: languages.default_language(get_engine()),
    )
    i18n.activate(language)
    return language


def picker(user: UserView | None, *, key: str) -> None:
    """The language menu, each language named in its own language; a logged-in person's pick
    is saved with her account so it follows her to another device."""
    choices = i18n.available()
    if len(choices) < 2:
        return
    codes = list(choices)
    current = i18n.active()
    picked = st.selectbox(
        i18n._("Language"),
        codes,
        index=codes.index(current) if current in codes else 0,
        format_func=lambda code: choices[code],
        key=key,
    )
    if picked == current:
        return
    st.session_state[CHOSEN] = picked
    if user is not None:
        try:
            languages.set_user_language(get_engine(), actor=user, language=picked)
        except DomainError:  # DatabaseBusy included
            # The choice still holds for this session; saving it can wait for the next pick.
            pass
    st.rerun()

"""`require_page`: the server-side check every page makes before it renders anything."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.pages_manager import PagesManager

from advisory.i18n import N_, _
from advisory.permissions import PAGE_ROLES
from advisory.services.users import UserView
from components.auth import current_user

REFUSAL = N_("You don't have access to this page.")
REFUSAL_TITLE = N_("No access")
HOME_PAGE = "pages/overview.py"
APP_RAN = "advisory_app_ran"  # session-state key: app.py has run in this session


def mark_app_ran() -> None:
    """Called by app.py on every run: the pages this session opens are routed by app.py."""
    st.session_state[APP_RAN] = True


def _route_through_app() -> None:
    """Send a page that a session opened without app.py back through app.py.

    why (issue 14): until some session of the process has called `st.navigation`, Streamlit
    1.67 treats a project with a `pages/` folder as an old-style multipage app
    (`PagesManager.uses_pages_directory`), so the first deep link a freshly started replica
    received ran `pages/<name>.py` on its own: no login form, a menu listing every file in
    `pages/`, none of app.py. App.py always calls `st.navigation`, which turns that mode off;
    doing so here and rerunning runs app.py, whose navigation opens the page asked for. Only
    a session that has never run app.py is sent round (its first run: nothing typed is lost).
    """
    if PagesManager.uses_pages_directory and not st.session_state.get(APP_RAN):
        PagesManager.uses_pages_directory = False
        st.rerun()


def show_refusal(home: str = HOME_PAGE) -> None:
    """The refusal as a page: a title, the reason, and a way back to the home page.

    why (issue 13): a bare red line left a person on a dead end with no title and no way on.
    The link goes to `home` when this run registered it, else to the app's address (its
    default page, whatever the role).
    """
    st.title(_(REFUSAL_TITLE), anchor=False)
    st.error(_(REFUSAL))
    label = _("Go to the home page")
    try:
        st.page_link(home, label=label, icon=":material/home:")
    except StreamlitAPIException:
        st.markdown(f"[{label}](./)")


def require_role(*roles: str, allow_pending_password_change: bool = False) -> UserView:
    """Stop the page unless a logged-in, active user with one of `roles` is running it.

    Pages call this first (through `require_page`), so a page reached by URL with the wrong
    role (or none) shows the refusal and loads no data, whatever `app.py` registered.
    """
    _route_through_app()
    user = current_user()
    pending = user is not None and user.must_change_password and not allow_pending_password_change
    if user is None or user.role not in roles or pending:
        show_refusal()
        st.stop()
    return user


def require_page(page: str, *, allow_pending_password_change: bool = False) -> UserView:
    """`require_role` with the roles `advisory.permissions.PAGE_ROLES` gives `page`.

    why (issue 11): pages used to spell out `require_role(*PAGE_ROLES["..."])`; the page key
    is the one thing a page has to name.
    """
    return require_role(
        *sorted(PAGE_ROLES[page]), allow_pending_password_change=allow_pending_password_change
    )

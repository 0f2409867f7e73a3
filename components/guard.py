"""`require_page`: the server-side check every page makes before it renders anything."""

from __future__ import annotations

import streamlit as st

from advisory.permissions import PAGE_ROLES
from advisory.services.users import UserView
from components.auth import current_user

REFUSAL = "You don't have access to this page."


def require_role(*roles: str, allow_pending_password_change: bool = False) -> UserView:
    """Stop the page unless a logged-in, active user with one of `roles` is running it.

    Pages call this first (through `require_page`), so a page reached by URL with the wrong
    role (or none) shows the refusal and loads no data, whatever `app.py` registered.
    """
    user = current_user()
    pending = user is not None and user.must_change_password and not allow_pending_password_change
    if user is None or user.role not in roles or pending:
        st.error(REFUSAL)
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

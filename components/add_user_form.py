"""The Users page's "Add a user" form: an account with a temporary password."""

from __future__ import annotations

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.models import ROLES
from advisory.services import users
from advisory.services.users import UserView
from components.database import get_engine
from components.forms import FieldErrors


def show(actor: Actor, *, key: str = "add_user") -> UserView | None:
    """The form `<key>_form`; returns the new account on the run it is created, else None.

    What was typed stays in the form when the service refuses it (each error under its field).
    """
    errors = FieldErrors()
    with st.form(f"{key}_form", clear_on_submit=False):
        st.subheader("Add a user")
        username = st.text_input("Username", key=f"{key}_username")
        errors.slot("username")
        display = st.text_input("Display name (first name or pseudonym)", key=f"{key}_display")
        role = st.selectbox("Role", ROLES, index=ROLES.index("member"), key=f"{key}_role")
        errors.slot("role")
        password = st.text_input(
            "Temporary password (12+ characters)", type="password", key=f"{key}_password"
        )
        errors.slot("password")
        st.caption("The person must change this password when they first log in.")
        if not st.form_submit_button("Add user", type="primary"):
            return None
        try:
            created = users.create_user(
                get_engine(),
                username=username,
                display_name=display,
                role=role,
                password=password,
                actor=actor,
                must_change_password=True,
            )
        except DomainError as exc:
            errors.show(exc)
            return None
        st.success(f"Added {created.role} {created.username!r}.")
    return created

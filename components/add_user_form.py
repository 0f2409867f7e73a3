"""The Users page's "Add a user" form: an account with a temporary password."""

from __future__ import annotations

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.models import ROLES
from advisory.permissions import role_label
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
        st.subheader(_("Add a user"))
        username = st.text_input(_("Username"), key=f"{key}_username")
        errors.slot("username")
        display = st.text_input(_("Display name (first name or pseudonym)"), key=f"{key}_display")
        role = st.selectbox(
            _("Role"),
            ROLES,
            index=ROLES.index("member"),
            format_func=role_label,
            key=f"{key}_role",
        )
        errors.slot("role")
        password = st.text_input(
            _("Temporary password (12+ characters)"), type="password", key=f"{key}_password"
        )
        errors.slot("password")
        st.caption(_("The person must change this password when they first log in."))
        if not st.form_submit_button(_("Add user"), type="primary"):
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
        st.success(
            _("Added {role} {username!r}.").format(
                role=role_label(created.role), username=created.username
            )
        )
    return created

"""The Users page's "Change an account": role, password reset, deactivation."""

from __future__ import annotations

import secrets

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.models import ROLES
from advisory.permissions import role_label
from advisory.services import users
from advisory.services.users import UserView
from components import forms
from components.database import get_engine


def show(actor: Actor, accounts: list[UserView], *, key: str = "edit_user") -> None:
    """Pick an account (`<key>_target`) and change it; each outcome shows under its button."""
    st.subheader(_("Change an account"))
    target = st.selectbox(_("Account"), [u.username for u in accounts], key=f"{key}_target")
    if not target:
        return
    chosen = next(u for u in accounts if u.username == target)
    col1, col2, col3 = st.columns(3)
    with col1:
        new_role = st.selectbox(
            _("Role"),
            ROLES,
            index=ROLES.index(chosen.role),
            format_func=role_label,
            key=f"{key}_role",
        )
        if st.button(_("Save role"), key=f"{key}_save_role"):
            try:
                users.set_role(get_engine(), username=target, role=new_role, actor=actor)
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.success(
                    _("{username} is now {role}.").format(
                        username=target, role=role_label(new_role)
                    )
                )
    with col2:
        if st.button(_("Reset password"), key=f"{key}_reset"):
            temporary = "-".join(secrets.token_urlsafe(5) for _part in range(3))
            try:
                users.reset_password(
                    get_engine(), username=target, temporary_password=temporary, actor=actor
                )
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.info(
                    _("Temporary password for {username} (shown once): `{password}`").format(
                        username=target, password=temporary
                    )
                )
    with col3:
        label = _("Deactivate") if chosen.active else _("Reactivate")
        if st.button(label, key=f"{key}_active"):
            try:
                users.set_active(
                    get_engine(), username=target, active=not chosen.active, actor=actor
                )
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.rerun()

"""Admin: create accounts, set roles, reset passwords, deactivate."""

import secrets

import pandas as pd
import streamlit as st

from advisory.errors import DomainError
from advisory.models import ROLES
from advisory.permissions import PAGE_ROLES
from advisory.services import users
from components import forms
from components.database import session
from components.forms import FieldErrors
from components.guard import require_role

admin = require_role(*PAGE_ROLES["users"])

st.title("Users")
st.caption(
    "Accounts for group facilitators, directors and admins. Many group members never need "
    "one. There is no self-registration and no email: an admin creates and resets accounts."
)

with session() as s:
    accounts = users.list_users(s)

table = pd.DataFrame(
    [
        {
            "username": u.username,
            "name": u.display_name,
            "role": u.role,
            "status": "active" if u.active else "deactivated",
            "must change password": u.must_change_password,
            "locked until": u.locked_until,
        }
        for u in accounts
    ]
)
st.dataframe(table, hide_index=True, width="stretch")

add_errors = FieldErrors()
with st.form("add_user_form", clear_on_submit=False):
    st.subheader("Add a user")
    username = st.text_input("Username", key="add_user_username")
    add_errors.slot("username")
    display = st.text_input("Display name (first name or pseudonym)", key="add_user_display")
    role = st.selectbox("Role", ROLES, index=ROLES.index("member"), key="add_user_role")
    add_errors.slot("role")
    password = st.text_input(
        "Temporary password (12+ characters)", type="password", key="add_user_password"
    )
    add_errors.slot("password")
    st.caption("The person must change this password when they first log in.")
    if st.form_submit_button("Add user", type="primary"):
        try:
            with session() as s:
                created = users.create_user(
                    s,
                    username=username,
                    display_name=display,
                    role=role,
                    password=password,
                    actor=admin,
                    must_change_password=True,
                )
        except DomainError as exc:
            add_errors.show(exc)
        else:
            st.success(f"Added {created.role} {created.username!r}.")

st.subheader("Change an account")
others = [u.username for u in accounts]
target = st.selectbox("Account", others, key="edit_user_target")
if target:
    chosen = next(u for u in accounts if u.username == target)
    col1, col2, col3 = st.columns(3)
    with col1:
        new_role = st.selectbox("Role", ROLES, index=ROLES.index(chosen.role), key="edit_user_role")
        if st.button("Save role", key="edit_user_save_role"):
            try:
                with session() as s:
                    users.set_role(s, username=target, role=new_role, actor=admin)
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.success(f"{target} is now {new_role}.")
    with col2:
        if st.button("Reset password", key="edit_user_reset"):
            temporary = "-".join(secrets.token_urlsafe(5) for _ in range(3))
            with session() as s:
                users.reset_password(s, username=target, temporary_password=temporary, actor=admin)
            st.info(f"Temporary password for {target} (shown once): `{temporary}`")
    with col3:
        label = "Deactivate" if chosen.active else "Reactivate"
        if st.button(label, key="edit_user_active"):
            try:
                with session() as s:
                    users.set_active(s, username=target, active=not chosen.active, actor=admin)
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.rerun()

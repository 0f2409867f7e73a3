"""My account: change my password (required after an admin reset)."""

import streamlit as st

from advisory.errors import ValidationError
from advisory.permissions import PAGE_ROLES
from advisory.services import users
from components import auth
from components.database import session
from components.forms import FieldErrors
from components.guard import require_role

user = require_role(*PAGE_ROLES["account"], allow_pending_password_change=True)

st.title("My account")
st.write(f"**{user.display_name}** · username `{user.username}` · role **{user.role}**")
if user.must_change_password:
    st.warning("Your password was reset by an admin. Choose a new one to continue.")

errors = FieldErrors()
with st.form("change_password_form", clear_on_submit=True):
    st.subheader("Change my password")
    current = st.text_input("Current password", type="password")
    errors.slot("current_password")
    new = st.text_input("New password (12+ characters)", type="password")
    errors.slot("password")
    repeat = st.text_input("Repeat the new password", type="password")
    errors.slot("confirm")
    submitted = st.form_submit_button("Change password", type="primary")

if submitted:
    try:
        if new.strip() != repeat.strip():
            raise ValidationError("The two new passwords differ.", field="confirm")
        with session() as s:
            users.change_password(s, actor=user, current_password=current, new_password=new)
    except ValidationError as exc:
        errors.show(exc)
    else:
        # Every login of this account, this one included, ends with a password change.
        auth.logout(user)
        st.session_state["advisory_notice"] = "Password changed. Log in with the new password."
        st.rerun()

"""My account: change my password (required after an admin reset)."""

import streamlit as st

from advisory.errors import DomainError, ValidationError
from advisory.i18n import _
from advisory.permissions import role_label
from advisory.services import users
from components import account_targets, auth
from components.database import get_engine
from components.forms import FieldErrors
from components.guard import require_page
from components.markdown_text import plain

user = require_page("account", allow_pending_password_change=True)

account_targets.apply()
st.title(_("My account"), anchor=False)
st.markdown(
    _("**{name}** · username `{username}` · role **{role}**").format(
        name=plain(user.display_name), username=user.username, role=role_label(user.role)
    )
)
if user.must_change_password:
    st.warning(_("Your password was reset by an admin. Choose a new one to continue."))

errors = FieldErrors()
# why clear_on_submit here only: passwords are not kept in the form after a refusal.
with st.form("change_password_form", clear_on_submit=True):
    st.subheader(_("Change my password"), anchor=False)
    current = st.text_input(_("Current password"), type="password")
    errors.slot("current_password")
    new = st.text_input(_("New password (12+ characters)"), type="password")
    errors.slot("password")
    repeat = st.text_input(_("Repeat the new password"), type="password")
    errors.slot("confirm")
    submitted = st.form_submit_button(_("Change password"), type="primary", width="stretch")

if submitted:
    try:
        if new.strip() != repeat.strip():
            raise ValidationError(_("The two new passwords differ."), field="confirm")
        users.change_password(get_engine(), actor=user, current_password=current, new_password=new)
    except DomainError as exc:
        errors.show(exc)
    else:
        # Every login of this account, this one included, ends with a password change.
        auth.logout(user)
        st.session_state["advisory_notice"] = _("Password changed. Log in with the new password.")
        st.rerun()

"""Admin: create accounts, set roles, reset passwords, deactivate."""

import pandas as pd
import streamlit as st

from advisory.i18n import _
from advisory.permissions import role_label
from advisory.services import users
from components import account_changes, add_user_form
from components.database import get_engine
from components.guard import require_page

admin = require_page("users")

st.title(_("Users"))
st.caption(
    _(
        "Accounts for group facilitators, directors and admins. Many group members never need "
        "one. There is no self-registration and no email: an admin creates and resets "
        "accounts."
    )
)

accounts = users.list_users(get_engine())
table = pd.DataFrame(
    [
        {
            _("username"): u.username,
            _("name"): u.display_name,
            _("role"): role_label(u.role),
            _("status"): _("active") if u.active else _("deactivated"),
            _("must change password"): u.must_change_password,
            _("locked until"): u.locked_until,
        }
        for u in accounts
    ]
)
st.dataframe(table, hide_index=True, width="stretch")

add_user_form.show(admin, key="add_user")
account_changes.show(admin, accounts, key="edit_user")

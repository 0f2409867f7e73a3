"""Admin: organisation settings, sites, the advisory group's members."""

import streamlit as st

from advisory.i18n import _
from components import category_admin, members_admin, organisation_settings_form, sites_admin
from components.guard import require_page

admin = require_page("settings")
st.title(_("Sites and settings"))

organisation_settings_form.show(admin, key="org_settings")
sites_admin.show(admin, key="add_site")
members_admin.show(admin, key="member")
category_admin.show(actor=admin)

"""Overview: where the group's work stands, at a glance."""

import streamlit as st

from advisory.permissions import PAGE_ROLES
from advisory.services import organisation
from components.database import session
from components.guard import require_role

user = require_role(*PAGE_ROLES["overview"])

with session() as s:
    org_name = organisation.settings(s).name
    sites = [x.name for x in organisation.list_sites(s, active_only=True)]
    group = organisation.default_group(s)
    members = len(organisation.list_members(s, group_id=group.id, current_only=True))

st.title(org_name)
st.write(f"Welcome, {user.display_name}.")
col1, col2 = st.columns(2)
col1.metric("Sites", len(sites))
col2.metric("Current group members", members)
if not sites:
    st.info("No sites yet. An admin can add them under Sites and settings.")

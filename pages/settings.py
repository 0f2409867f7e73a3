"""Admin: organisation settings, sites, the advisory group's members."""

import pandas as pd
import streamlit as st

from advisory import clock
from advisory.errors import DomainError
from advisory.permissions import PAGE_ROLES
from advisory.services import organisation
from components import category_admin, forms
from components.database import session
from components.guard import require_role

admin = require_role(*PAGE_ROLES["settings"])
st.title("Sites and settings")

with session() as s:
    current = organisation.settings(s)
    org_name, k = current.name, current.small_number_k

with st.form("org_settings_form"):
    st.subheader("Organisation")
    name = st.text_input("Organisation name", value=org_name)
    new_k = st.number_input(
        "Small-number threshold k",
        min_value=3,
        max_value=20,
        value=int(k),
        step=1,
        help="Counts from 1 to k-1 are shown as '<k' in everything shared outside the app "
        "(share links, shareable reports). 5 is the usual choice.",
    )
    if st.form_submit_button("Save settings", type="primary"):
        try:
            with session() as s:
                organisation.update_settings(
                    s, name=name, small_number_k=int(new_k), by=admin.username
                )
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.success("Settings saved.")

st.subheader("Sites")
with session() as s:
    sites = [(x.id, x.name, x.kind, x.active) for x in organisation.list_sites(s)]
st.dataframe(pd.DataFrame(sites, columns=["id", "name", "kind", "active"]), hide_index=True)
with st.form("add_site_form", clear_on_submit=True):
    site_name = st.text_input("New site name")
    kind = st.selectbox("Kind", organisation.SITE_KINDS)
    if st.form_submit_button("Add site"):
        try:
            with session() as s:
                organisation.add_site(s, name=site_name, kind=kind, by=admin.username)
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.rerun()

st.subheader("Advisory group members")
st.caption("Pseudonyms or first names only. Members do not need an account.")
with session() as s:
    group = organisation.default_group(s)
    group_id, group_name = group.id, group.name
    members = [
        (m.id, m.name, m.joined_on, m.left_on)
        for m in organisation.list_members(s, group_id=group_id)
    ]
st.write(f"Group: **{group_name}**")
st.dataframe(pd.DataFrame(members, columns=["id", "name", "joined", "left"]), hide_index=True)
col1, col2 = st.columns(2)
with col1, st.form("add_member_form", clear_on_submit=True):
    member_name = st.text_input("Pseudonym or first name")
    joined = st.date_input("Joined on", value=clock.today())
    if st.form_submit_button("Add member"):
        try:
            with session() as s:
                organisation.add_member(
                    s, group_id=group_id, name=member_name, joined_on=joined, by=admin.username
                )
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.rerun()
with col2, st.form("member_left_form"):
    current_members = {name: mid for mid, name, _, left in members if left is None}
    leaving = st.selectbox("Member who left", list(current_members))
    left_on = st.date_input("Left on", value=clock.today())
    if st.form_submit_button("Record leaving") and leaving:
        try:
            with session() as s:
                organisation.member_left(
                    s, member_id=current_members[leaving], left_on=left_on, by=admin.username
                )
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.rerun()

category_admin.show(actor=admin)

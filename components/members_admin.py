"""The Settings page's advisory group members: the list, joining and leaving."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from advisory import clock
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import organisation
from advisory.services.organisation import MemberView
from components import form_reset, forms
from components.database import get_engine


def show(actor: Actor, *, key: str = "member") -> None:
    """The group's members, then the forms `add_<key>_form` and `<key>_left_form`."""
    st.subheader(_("Advisory group members"))
    st.caption(_("Pseudonyms or first names only. Members do not need an account."))
    group = organisation.default_group(get_engine())
    members = organisation.list_members(get_engine(), group_id=group.id)
    st.write(_("Group: **{name}**").format(name=group.name))
    rows = [(m.id, m.name, m.joined_on, m.left_on) for m in members]
    st.dataframe(
        pd.DataFrame(rows, columns=[_("id"), _("name"), _("joined"), _("left")]), hide_index=True
    )
    col1, col2 = st.columns(2)
    with col1:
        _add_member(actor, group_id=group.id, key=f"add_{key}")
    with col2:
        _member_left(actor, members, key=f"{key}_left")


def _add_member(actor: Actor, *, group_id: int, key: str) -> None:
    form_key = f"{key}_form"
    form_reset.clear_if_saved(form_key, {f"{key}_name": "", f"{key}_joined": clock.today()})
    with st.form(form_key):
        member_name = st.text_input(_("Pseudonym or first name"), key=f"{key}_name")
        joined = st.date_input(_("Joined on"), value=clock.today(), key=f"{key}_joined")
        if st.form_submit_button(_("Add member")):
            try:
                organisation.add_member(
                    get_engine(),
                    group_id=group_id,
                    name=member_name,
                    joined_on=joined if isinstance(joined, dt.date) else None,
                    actor=actor,
                )
            except DomainError as exc:
                forms.show_error(exc)
            else:
                form_reset.saved(form_key)
                st.rerun()


def _member_left(actor: Actor, members: list[MemberView], *, key: str) -> None:
    with st.form(f"{key}_form"):
        current = {m.name: m.id for m in members if m.left_on is None}
        leaving = st.selectbox(_("Member who left"), list(current))
        left_on = st.date_input(_("Left on"), value=clock.today())
        if st.form_submit_button(_("Record leaving")) and leaving:
            try:
                organisation.member_left(
                    get_engine(), member_id=current[leaving], left_on=left_on, actor=actor
                )
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.rerun()

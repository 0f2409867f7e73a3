"""The "Services" tab: the services list, adding, renaming and retiring a service."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import service_list
from advisory.services.service_list import ServiceView
from components import forms
from components.database import get_engine


def _add(actor: Actor, key: str) -> None:
    with st.form(f"{key}_add", clear_on_submit=True):
        new_name = st.text_input(_("New service"))
        if st.form_submit_button(_("Add service")):
            try:
                service_list.add_service(get_engine(), name=new_name, actor=actor)
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.rerun()


def _change(current: ServiceView, actor: Actor, key: str) -> None:
    s1, s2 = st.columns(2)
    renamed = s1.text_input(_("Rename to"), value=current.name, key=f"{key}_name_{current.id}")
    if s1.button(_("Rename"), key=f"{key}_rename"):
        try:
            service_list.rename_service(
                get_engine(), service_id=current.id, name=renamed, actor=actor
            )
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.rerun()
    label = _("Stop using it (records stay)") if current.active else _("Use it again")
    if s2.button(label, key=f"{key}_active"):
        try:
            service_list.set_service_active(
                get_engine(), service_id=current.id, active=not current.active, actor=actor
            )
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.rerun()


def show(*, actor: Actor, key: str = "att_service") -> None:
    services = service_list.list_services(get_engine())
    st.dataframe(
        pd.DataFrame([{_("service"): x.name, _("in use"): x.active} for x in services]),
        hide_index=True,
        key="att_services_table",
    )
    _add(actor, key)
    names = {x.id: x.name for x in services}
    pick = st.selectbox(_("Service"), list(names), format_func=names.__getitem__, key=f"{key}_pick")
    current = next((x for x in services if x.id == pick), None)
    if current is not None:
        _change(current, actor, key)

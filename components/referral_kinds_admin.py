"""Directors and admins keep the list of kinds of referral service: add one, rename one, or
stop offering one (entries and counts keep pointing at it; issue 12)."""

from __future__ import annotations

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import referrals
from components import form_reset
from components.database import get_engine
from components.forms import FieldErrors
from components.markdown_text import plain


def show(*, actor: Actor, flash: str, key: str) -> None:
    engine = get_engine()
    kinds = referrals.list_kinds(engine)
    st.markdown(
        plain(
            ", ".join(
                k.name if k.active else _("{name} (not offered)").format(name=k.name) for k in kinds
            )
        )
    )
    form_reset.clear_if_saved(f"{key}_new", {f"{key}_new_name": ""})
    with st.form(f"{key}_new"):
        errors = FieldErrors()
        name = st.text_input(_("New kind"), key=f"{key}_new_name")
        errors.slot("kind_name")
        if st.form_submit_button(_("Add the kind")):
            try:
                added = referrals.add_kind(engine, name=name, actor=actor)
            except DomainError as exc:
                errors.show(exc)
            else:
                form_reset.saved(f"{key}_new")
                st.session_state[flash] = _("Added the kind {name}.").format(name=plain(added.name))
                st.rerun()
    names = {k.id: k for k in kinds}
    chosen = st.selectbox(
        _("Change a kind"), list(names), format_func=lambda i: names[i].name, key=f"{key}_pick"
    )
    with st.form(f"{key}_edit_{chosen}"):
        errors = FieldErrors()
        new_name = st.text_input(
            _("Name"), value=names[chosen].name, key=f"{key}_edit_name_{chosen}"
        )
        errors.slot("kind_name")
        active = st.checkbox(
            _("Offered in the directory"), value=names[chosen].active, key=f"{key}_edit_on_{chosen}"
        )
        if st.form_submit_button(_("Save the kind")):
            try:
                saved = referrals.edit_kind(
                    engine, kind_id=chosen, name=new_name, active=active, actor=actor
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                st.session_state[flash] = _("Saved the kind {name}.").format(name=plain(saved.name))
                st.rerun()

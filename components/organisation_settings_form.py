"""The Settings page's organisation form: its name and the small-number threshold k."""

from __future__ import annotations

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import organisation
from components import forms
from components.database import get_engine


def show(actor: Actor, *, key: str = "org_settings") -> None:
    """The form `<key>_form`, filled with the saved values; a refusal shows inside it."""
    current = organisation.settings(get_engine())
    with st.form(f"{key}_form"):
        st.subheader(_("Organisation"))
        name = st.text_input(_("Organisation name"), value=current.name)
        new_k = st.number_input(
            _("Small-number threshold k"),
            min_value=organisation.K_MIN,
            max_value=organisation.K_MAX,
            value=int(current.small_number_k),
            step=1,
            help=_(
                "Counts from 1 to k-1 are shown as '<k' in everything shared outside the app "
                "(share links, shareable reports). 5 is the usual choice."
            ),
        )
        if st.form_submit_button(_("Save settings"), type="primary"):
            try:
                organisation.update_settings(
                    get_engine(), name=name, small_number_k=int(new_k), actor=actor
                )
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.success(_("Settings saved."))

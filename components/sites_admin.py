"""The Settings page's sites: the list and the "add a site" form."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import organisation
from components import form_reset, forms
from components.database import get_engine


def show(actor: Actor, *, key: str = "add_site") -> None:
    """Every site, then the form `<key>_form` (inputs `<key>_name`, `<key>_kind`)."""
    st.subheader(_("Sites"))
    sites = organisation.list_sites(get_engine())
    # Site kinds are the app's own words (organisation.SITE_KINDS): shown translated.
    rows = [(x.id, x.name, _(x.kind), x.active) for x in sites]
    st.dataframe(
        pd.DataFrame(rows, columns=[_("id"), _("name"), _("kind"), _("active")]), hide_index=True
    )
    form_key = f"{key}_form"
    form_reset.clear_if_saved(
        form_key, {f"{key}_name": "", f"{key}_kind": organisation.SITE_KINDS[0]}
    )
    with st.form(form_key):
        site_name = st.text_input(_("New site name"), key=f"{key}_name")
        kind = st.selectbox(_("Kind"), organisation.SITE_KINDS, format_func=_, key=f"{key}_kind")
        if st.form_submit_button(_("Add site")):
            try:
                organisation.add_site(get_engine(), name=site_name, kind=kind, actor=actor)
            except DomainError as exc:
                forms.show_error(exc)
            else:
                form_reset.saved(form_key)
                st.rerun()

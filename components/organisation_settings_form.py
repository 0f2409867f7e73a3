"""The Settings page's organisation forms: its name and the small-number threshold k, and the
language a person reads in before she or her browser has chosen one (issue 10)."""

from __future__ import annotations

import streamlit as st

from advisory import i18n
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import languages, organisation
from components import forms
from components.database import get_engine


def show(actor: Actor, *, key: str = "org_settings") -> None:
    """The forms `<key>_form` and `<key>_language_form`, filled with the saved values; a
    refusal shows inside its form."""
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
    _default_language(actor, key=key)


def _default_language(actor: Actor, *, key: str) -> None:
    choices = i18n.available()
    codes = list(choices)
    saved = languages.default_language(get_engine())
    with st.form(f"{key}_language_form"):
        st.subheader(_("Default language"))
        picked = st.selectbox(
            _("Language of the app for someone who has not chosen one"),
            codes,
            index=codes.index(saved) if saved in codes else 0,
            format_func=lambda code: choices[code],
            key=f"{key}_default_language",
            help=_(
                "Used when neither the person nor her browser asks for one of the app's "
                "languages. Each person can still choose her own in the menu."
            ),
        )
        if st.form_submit_button(_("Save language"), type="primary"):
            try:
                languages.set_default_language(get_engine(), actor=actor, language=picked)
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.success(_("Default language saved."))

"""Recommendation categories, for admins: the list, adding one, renaming or retiring one.

why (issue 11): this was on the recommendations page, which every member sees; it is an admin
job, so it lives on Settings now. Its own flash key says what was just saved.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import categories
from components.database import get_engine
from components.forms import FieldErrors

FLASH = "category_admin_flash"


def _saved(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def show(*, actor: Actor) -> None:
    if message := st.session_state.pop(FLASH, None):
        st.success(message)
    cats = categories.list_categories(get_engine())
    with st.expander(_("Categories (admins)"), icon=":material/category:"):
        st.dataframe(
            pd.DataFrame(
                [
                    {_("Category"): c.name, _("In use"): _("yes") if c.active else _("retired")}
                    for c in cats
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        with st.form("category_add_form", clear_on_submit=True):
            errors = FieldErrors()
            name = st.text_input(_("New category"), key="category_add_name")
            errors.slot("category_name")
            if st.form_submit_button(_("Add category")):
                try:
                    categories.add_category(get_engine(), name=name, actor=actor)
                except DomainError as exc:
                    errors.show(exc)
                else:
                    _saved(_("Category added: {name}.").format(name=name.strip()))
        named = {c.id: c for c in cats}
        with st.form("category_change_form"):
            errors = FieldErrors()
            chosen = st.selectbox(
                _("Category to change"),
                list(named),
                format_func=lambda i: named[i].name,
                key="category_change_id",
            )
            new_name = st.text_input(
                _("New name (leave empty to keep it)"), key="category_new_name"
            )
            errors.slot("category_name")
            retire = st.checkbox(
                _("Retired (not offered for new recommendations)"),
                value=not named[chosen].active if chosen else False,
                key="category_retired",
            )
            if st.form_submit_button(_("Save category")) and chosen is not None:
                try:
                    categories.change_category(
                        get_engine(),
                        category_id=chosen,
                        new_name=new_name,
                        active=not retire,
                        actor=actor,
                    )
                except DomainError as exc:
                    errors.show(exc)
                else:
                    _saved(_("Category saved."))

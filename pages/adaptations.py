"""Adaptations: dated changes to a service. Directors and admins register and edit; all read."""

from typing import Any

import pandas as pd
import streamlit as st

from advisory import clock
from advisory.errors import DomainError
from advisory.i18n import _, format_date
from advisory.permissions import can
from advisory.services import adaptations
from advisory.services.adaptations import AdaptationView
from components import adaptation_details, adaptation_form, site_choices
from components.database import get_engine
from components.guard import require_page
from components.markdown_text import plain

user = require_page("adaptations")
may_edit = can(user.role, "manage_adaptations")
OPEN = "adaptations_open"
FLASH = "adaptations_flash"

st.title(_("Adaptations"))
st.caption(
    _(
        "Dated changes to a service, often made because the advisory group asked for them: a "
        "women-only day, an unmarked outreach vehicle, women staff. The start date is what the "
        "impact analysis compares before and after."
    )
)
if st.session_state.get(FLASH):
    st.success(st.session_state.pop(FLASH))

engine = get_engine()
sites = site_choices.show()
views = adaptations.list_adaptations(engine)
recs = adaptations.recommendation_choices(engine)
site_names = dict(sites)
choices: dict[str, Any] = {
    "sites": sites,
    "recommendations": {r.id: f"#{r.id} {r.title} ({r.status.replace('_', ' ')})" for r in recs},
}


def status(view: AdaptationView) -> str:
    today = clock.today()
    if view.start_on > today:
        return _("planned")
    if view.is_active(today) or view.end_on is None:
        return _("running")
    return _("ended {date}").format(date=format_date(view.end_on, "dd MMM y"))


def row(v: AdaptationView) -> dict[str, object]:
    return {
        _("adaptation"): v.name,
        _("type"): v.type,
        _("site"): v.site_name,
        _("started"): v.start_on,
        _("status"): status(v),
        _("schedule"): v.schedule,
        _("recommendations"): len(v.recommendations),
    }


# --- the list -------------------------------------------------------------------------------
filter_site = st.selectbox(
    _("Site"),
    [None, *site_names],
    format_func=lambda i: _("All sites") if i is None else site_names[i],
    key="adaptations_site_filter",
)
listed = [v for v in views if filter_site is None or v.site_id == filter_site]
if not listed:
    st.info(
        _("No adaptations registered yet. Register one below.")
        if may_edit
        else _("No adaptations registered yet. Directors register them.")
    )
else:
    st.dataframe(pd.DataFrame([row(v) for v in listed]), hide_index=True, key="adaptations_table")
    opened = st.selectbox(
        _("Open an adaptation"),
        [None, *[v.id for v in listed]],
        format_func=lambda i: "-" if i is None else next(v.name for v in listed if v.id == i),
        key=OPEN,
    )
    current = next((v for v in listed if v.id == opened), None)
    if current is not None:
        adaptation_details.show(
            current, actor=user, may_edit=may_edit, choices=choices, opened=OPEN, flash=FLASH
        )

# --- register -----------------------------------------------------------------------------------
if may_edit:
    st.subheader(_("Register an adaptation"))
    if not sites:
        st.info(_("Add a site first (admins: Sites and settings)."))
    else:
        with st.form("adaptation_new", clear_on_submit=False):
            values, errors = adaptation_form.show(key="adaptation_new", current=None, **choices)
            if st.form_submit_button(_("Register the adaptation"), type="primary"):
                try:
                    created = adaptations.create_adaptation(engine, **values, actor=user)
                except DomainError as exc:
                    errors.show(exc)
                else:
                    st.session_state[FLASH] = _("Registered: {name}.").format(
                        name=plain(created.name)
                    )
                    st.rerun()

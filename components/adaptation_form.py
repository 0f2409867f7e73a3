"""The inputs of the adaptation form, shared by "Register an adaptation" and the edit form."""

from __future__ import annotations

import streamlit as st

from advisory import clock
from advisory.i18n import _
from advisory.services.adaptations import ADAPTATION_TYPES, WEEKDAY_NAMES, AdaptationView
from components.forms import FieldErrors


def show(
    *,
    key: str,
    current: AdaptationView | None,
    sites: list[tuple[int, str]],
    recommendations: dict[int, str],
) -> tuple[dict, FieldErrors]:
    """The inputs of the create / edit form (call inside `st.form(key)`); returns the values
    (the service's keyword arguments) and the error slots under each input."""
    site_names = dict(sites)
    rec_label = recommendations
    errors = FieldErrors()
    values: dict = {}
    values["name"] = st.text_input(
        _("Name"),
        value=current.name if current else "",
        key=f"{key}_name",
        placeholder=_("e.g. Women-only Tuesday"),
    )
    errors.slot("name")
    values["type"] = st.selectbox(
        _("Type"),
        ADAPTATION_TYPES,
        format_func=_,
        index=ADAPTATION_TYPES.index(current.type) if current else 0,
        key=f"{key}_type",
    )
    errors.slot("type")
    site_ids = [i for i, _name in sites]
    values["site_id"] = st.selectbox(
        _("Site"),
        site_ids,
        format_func=site_names.__getitem__,
        index=site_ids.index(current.site_id) if current and current.site_id in site_ids else 0,
        key=f"{key}_site",
    )
    errors.slot("site")
    c1, c2 = st.columns(2)
    values["start_on"] = c1.date_input(
        _("Started on"),
        value=current.start_on if current else clock.today(),
        key=f"{key}_start",
    )
    errors.slot("start_on")
    values["end_on"] = c2.date_input(
        _("Ended on (leave empty while it runs)"),
        value=current.end_on if current else None,
        key=f"{key}_end",
    )
    errors.slot("end_on")
    days = st.multiselect(
        _("Which weekdays (for a women-only day or hours)"),
        list(range(7)),
        default=list(current.weekdays) if current else [],
        format_func=lambda d: _(WEEKDAY_NAMES[d]),
        key=f"{key}_weekdays",
        placeholder=_("Choose options"),
    )
    values["weekdays"] = days
    errors.slot("weekdays")
    values["hours"] = st.text_input(
        _("Hours"),
        value=current.hours if current else "",
        key=f"{key}_hours",
        placeholder=_("e.g. 09:00-13:00"),
    )
    errors.slot("hours")
    values["recommendation_ids"] = st.multiselect(
        _("The recommendation(s) it answers"),
        list(rec_label),
        default=[i for i in (current.recommendation_ids if current else ()) if i in rec_label],
        format_func=rec_label.__getitem__,
        key=f"{key}_recs",
        placeholder=_("Choose options"),
    )
    errors.slot("recommendations")
    values["notes"] = st.text_area(
        _("Notes"),
        value=current.notes if current else "",
        key=f"{key}_notes",
        placeholder=_("What changed, for whom, anything that affects the numbers."),
    )
    return values, errors

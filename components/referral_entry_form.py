"""The inputs of a referral directory entry, shared by "Add an entry" and the edit form."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import N_, _
from advisory.services.referrals import ATTRIBUTE_KEYS, ATTRIBUTE_WORDS, EntryView, KindView
from components.forms import FieldErrors

# why N_ here: a module constant is made before a run's language is known; shown through `_`.
ORGANISATION_ONLY = N_(
    "The organisation's details only: never a person's private number or home address."
)


def show(
    *, key: str, current: EntryView | None, kinds: list[KindView], sites: list[tuple[int, str]]
) -> tuple[dict, FieldErrors]:
    """Inputs (call inside `st.form`); returns the service's keyword arguments and error slots."""
    errors = FieldErrors()
    values: dict = {}
    values["organisation"] = st.text_input(
        _("Organisation"),
        value=current.organisation if current else "",
        key=f"{key}_org",
        placeholder=_("e.g. Mercy women's clinic"),
    )
    errors.slot("organisation")
    values["service_name"] = st.text_input(
        _("Service (optional)"),
        value=current.service_name if current else "",
        key=f"{key}_service",
        placeholder=_("e.g. Post-abortion care"),
    )
    errors.slot("service_name")
    kind_names = {k.id: k.name for k in kinds}
    kind_ids = list(kind_names)
    values["kind_id"] = st.selectbox(
        _("Kind of service"),
        kind_ids,  # type: ignore[arg-type]
        format_func=kind_names.get,  # type: ignore[arg-type]
        key=f"{key}_kind",
        index=kind_ids.index(current.kind_id) if current and current.kind_id in kind_ids else 0,
    )
    errors.slot("kind")
    site_names = dict(sites)
    values["site_ids"] = st.multiselect(
        _("Sites it serves or is near"),
        list(site_names),
        format_func=site_names.get,  # type: ignore[arg-type]
        default=[i for i in (current.site_ids if current else ()) if i in site_names],
        key=f"{key}_sites",
        placeholder=_("Choose options"),
    )
    errors.slot("sites")
    values["attributes"] = st.pills(
        _("Women-friendly (choose all that are true)"),
        list(ATTRIBUTE_KEYS),
        format_func=lambda a: _(ATTRIBUTE_WORDS[a]),
        selection_mode="multi",
        default=list(current.attributes) if current else [],
        key=f"{key}_attrs",
    )
    errors.slot("attributes")
    values["area"] = st.text_input(
        _("Address or area"),
        value=current.area if current else "",
        key=f"{key}_area",
        help=_(ORGANISATION_ONLY),
    )
    errors.slot("area")
    c1, c2 = st.columns(2)
    values["opening_hours"] = c1.text_input(
        _("Opening hours"), value=current.opening_hours if current else "", key=f"{key}_hours"
    )
    values["phone"] = c2.text_input(
        _("Phone (the organisation's)"),
        value=current.phone if current else "",
        key=f"{key}_phone",
        help=_(ORGANISATION_ONLY),
    )
    errors.slot("opening_hours", "phone")
    c3, c4 = st.columns(2)
    values["languages"] = c3.text_input(
        _("Languages spoken"), value=current.languages if current else "", key=f"{key}_lang"
    )
    values["cost"] = c4.text_input(
        _("Cost"),
        value=current.cost if current else "",
        key=f"{key}_cost",
        placeholder=_("e.g. Free"),
    )
    errors.slot("languages", "cost")
    return values, errors

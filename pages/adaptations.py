"""Adaptations: dated changes to a service. Directors and admins register and edit; all read."""

import pandas as pd
import streamlit as st

from advisory import clock
from advisory.errors import DomainError
from advisory.permissions import PAGE_ROLES, can
from advisory.services import adaptations, organisation
from advisory.services.adaptations import ADAPTATION_TYPES, WEEKDAY_NAMES, AdaptationView
from components import edit_versions
from components.database import session
from components.forms import FieldErrors
from components.guard import require_role
from components.markdown_text import plain

user = require_role(*PAGE_ROLES["adaptations"])
may_edit = can(user.role, "manage_adaptations")
OPEN = "adaptations_open"
FLASH = "adaptations_flash"

st.title("Adaptations")
st.caption(
    "Dated changes to a service, often made because the advisory group asked for them: a "
    "women-only day, an unmarked outreach vehicle, women staff. The start date is what the "
    "impact analysis compares before and after."
)
if st.session_state.get(FLASH):
    st.success(st.session_state.pop(FLASH))

with session() as s:
    sites = [(x.id, x.name) for x in organisation.list_sites(s)]
    views = adaptations.list_adaptations(s)
    recs = adaptations.recommendation_choices(s)
site_names = dict(sites)
rec_label = {r.id: f"#{r.id} {r.title} ({r.status.replace('_', ' ')})" for r in recs}


def status(view: AdaptationView) -> str:
    today = clock.today()
    if view.start_on > today:
        return "planned"
    return "running" if view.is_active(today) else f"ended {view.end_on:%d %b %Y}"


def adaptation_form(key: str, current: AdaptationView | None) -> tuple[dict, FieldErrors]:
    """The inputs of the create / edit form; returns the values and the error slots."""
    errors = FieldErrors()
    values: dict = {}
    values["name"] = st.text_input(
        "Name", value=current.name if current else "", key=f"{key}_name",
        placeholder="e.g. Women-only Tuesday",
    )  # fmt: skip
    errors.slot("name")
    values["type"] = st.selectbox(
        "Type", ADAPTATION_TYPES,
        index=ADAPTATION_TYPES.index(current.type) if current else 0, key=f"{key}_type",
    )  # fmt: skip
    errors.slot("type")
    site_ids = [i for i, _ in sites]
    values["site_id"] = st.selectbox(
        "Site", site_ids, format_func=site_names.get,
        index=site_ids.index(current.site_id) if current and current.site_id in site_ids else 0,
        key=f"{key}_site",
    )  # fmt: skip
    errors.slot("site")
    c1, c2 = st.columns(2)
    values["start_on"] = c1.date_input(
        "Started on", value=current.start_on if current else clock.today(),
        key=f"{key}_start",
    )  # fmt: skip
    errors.slot("start_on")
    values["end_on"] = c2.date_input(
        "Ended on (leave empty while it runs)", value=current.end_on if current else None,
        key=f"{key}_end",
    )  # fmt: skip
    errors.slot("end_on")
    days = st.multiselect(
        "Which weekdays (for a women-only day or hours)",
        list(range(7)),
        default=list(current.weekdays) if current else [],
        format_func=lambda d: WEEKDAY_NAMES[d],
        key=f"{key}_weekdays",
    )
    values["weekdays"] = days
    errors.slot("weekdays")
    values["hours"] = st.text_input(
        "Hours", value=current.hours if current else "", key=f"{key}_hours",
        placeholder="e.g. 09:00-13:00",
    )  # fmt: skip
    errors.slot("hours")
    values["recommendation_ids"] = st.multiselect(
        "The recommendation(s) it answers",
        list(rec_label),
        default=[i for i in (current.recommendation_ids if current else ()) if i in rec_label],
        format_func=rec_label.get,
        key=f"{key}_recs",
    )
    errors.slot("recommendations")
    values["notes"] = st.text_area(
        "Notes", value=current.notes if current else "", key=f"{key}_notes",
        placeholder="What changed, for whom, anything that affects the numbers.",
    )  # fmt: skip
    return values, errors


# --- the list -------------------------------------------------------------------------------
filter_site = st.selectbox(
    "Site", [None, *site_names], format_func=lambda i: "All sites" if i is None else site_names[i],
    key="adaptations_site_filter",
)  # fmt: skip
listed = [v for v in views if filter_site is None or v.site_id == filter_site]
if not listed:
    st.info(
        "No adaptations registered yet."
        + (" Register one below." if may_edit else " Directors register them.")
    )
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "adaptation": v.name,
                    "type": v.type,
                    "site": v.site_name,
                    "started": v.start_on,
                    "status": status(v),
                    "schedule": v.schedule,
                    "recommendations": len(v.recommendations),
                }  # fmt: skip
                for v in listed
            ]
        ),
        hide_index=True,
        key="adaptations_table",
    )
    opened = st.selectbox(
        "Open an adaptation",
        [None, *[v.id for v in listed]],
        format_func=lambda i: "-" if i is None else next(v.name for v in listed if v.id == i),
        key=OPEN,
    )
    current = next((v for v in listed if v.id == opened), None)
    if current is not None:
        seen, _ = edit_versions.seen("adaptation", current.id, current.version)
        with st.container(border=True):
            st.subheader(plain(current.name))
            st.button(
                "Close", key=edit_versions.marker_key("adaptation", current.id),
                on_click=lambda: st.session_state.update({OPEN: None}),
            )  # fmt: skip
            lines = [
                f"**Type:** {current.type}",
                f"**Site:** {plain(current.site_name)}",
                f"**Started:** {current.start_on:%d %B %Y}",
                f"**Ended:** {current.end_on:%d %B %Y}" if current.end_on else "**Still running**",
            ]
            if current.schedule:
                lines.append(f"**Schedule:** {plain(current.schedule)}")
            st.markdown("  \n".join(lines))
            if current.notes:
                st.markdown(plain(current.notes))
            st.markdown("**Recommendations it answers**")
            if current.recommendations:
                st.markdown("\n".join(
                    f"- {plain(r.title)} ({r.status.replace('_', ' ')})"
                    for r in current.recommendations
                ))  # fmt: skip
            else:
                st.caption("Not linked to a recommendation.")
            st.caption(f"Last changed by {plain(current.updated_by)} on "
                       f"{current.updated_at:%d %b %Y %H:%M} UTC.")  # fmt: skip
            if may_edit:
                with st.expander("Change this adaptation", icon=":material/edit:"):
                    if edit_versions.changed_since_seen("adaptation", current.id, current.version):
                        st.warning(
                            f"{plain(current.updated_by)} changed this after you opened it.",
                            icon=":material/sync_problem:",
                        )
                        st.button(
                            "Reload to see their change", key="adaptation_reload",
                            on_click=edit_versions.reload,
                            args=("adaptation", current.id, current.version),
                        )  # fmt: skip
                    form_key = f"adaptation_edit_{current.id}_{seen}"
                    with st.form(form_key):
                        values, errors = adaptation_form(form_key, current)
                        if st.form_submit_button("Save changes", type="primary"):
                            try:
                                with session() as s:
                                    saved = adaptations.update_adaptation(
                                        s, adaptation_id=current.id, expected_version=seen,
                                        **values, by=user.username, role=user.role,
                                    )  # fmt: skip
                            except DomainError as exc:
                                errors.show(exc)
                            else:
                                edit_versions.saved("adaptation", current.id, saved.version)
                                st.session_state[FLASH] = "Changes saved."
                                st.rerun()
                    sure = st.checkbox(
                        "Delete it: it was registered by mistake (an adaptation that stopped "
                        "gets an end date instead)",
                        key=f"adaptation_delete_sure_{current.id}",
                    )
                    if st.button("Delete", disabled=not sure, key="adaptation_delete"):
                        try:
                            with session() as s:
                                adaptations.delete_adaptation(
                                    s, adaptation_id=current.id, expected_version=seen,
                                    by=user.username, role=user.role,
                                )  # fmt: skip
                        except DomainError as exc:
                            st.error(str(exc))
                        else:
                            st.session_state[FLASH] = "Adaptation deleted."
                            st.session_state.pop(OPEN, None)
                            st.rerun()

# --- register -----------------------------------------------------------------------------------
if may_edit:
    st.subheader("Register an adaptation")
    if not sites:
        st.info("Add a site first (admins: Sites and settings).")
    else:
        with st.form("adaptation_new", clear_on_submit=False):
            values, errors = adaptation_form("adaptation_new", None)
            if st.form_submit_button("Register the adaptation", type="primary"):
                try:
                    with session() as s:
                        created = adaptations.create_adaptation(
                            s, **values, by=user.username, role=user.role
                        )
                except DomainError as exc:
                    errors.show(exc)
                else:
                    st.session_state[FLASH] = f"Registered: {created.name}."
                    st.rerun()

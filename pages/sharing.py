"""Directors and admins: create, list, pause, resume and revoke funders' share links."""

import datetime as dt

import pandas as pd
import streamlit as st

from advisory.errors import DomainError
from advisory.permissions import PAGE_ROLES
from advisory.services import organisation, share_links
from components import forms
from components.database import session
from components.guard import require_role

user = require_role(*PAGE_ROLES["sharing"])

st.title("Sharing")
st.caption(
    "A share link lets a funder see progress without an account. It shows only what you "
    "choose below, with every count under the small-number threshold hidden, and never "
    "minutes, comments or names. Every link expires; you can pause or revoke it at any time."
)

with session() as s:
    sites = [(x.id, x.name) for x in organisation.list_sites(s, active_only=True)]
site_names = {name: site_id for site_id, name in sites}
# The new link's address appears here, above the form, where the director is looking.
created_box = st.container()

with st.form("share_create_form", clear_on_submit=True):
    st.subheader("Create a share link")
    label = st.text_input(
        "Who is it for?",
        key="share_label",
        help="For example the funder's name. Funders do not see it.",
    )
    days = st.number_input(
        "Days until it expires",
        min_value=1,
        max_value=share_links.MAX_DAYS,
        value=share_links.DEFAULT_DAYS,
        step=1,
        key="share_days",
    )
    chosen_sites = st.multiselect(
        "Sites", list(site_names), default=list(site_names), key="share_sites"
    )
    chosen_sections = st.multiselect(
        "What it shows",
        list(share_links.SECTIONS),
        default=list(share_links.SECTIONS),
        format_func=lambda s: share_links.SECTION_LABELS[s],
        key="share_sections",
    )
    col1, col2 = st.columns(2)
    date_from = col1.date_input("From (optional)", value=None, key="share_from")
    date_to = col2.date_input("To (optional)", value=None, key="share_to")
    submitted = st.form_submit_button("Create link", type="primary")

if submitted:
    try:
        with session() as s:
            created = share_links.create(
                s,
                label=label,
                days=int(days),
                site_ids=[site_names[n] for n in chosen_sites],
                sections=chosen_sections,
                date_from=date_from if isinstance(date_from, dt.date) else None,
                date_to=date_to if isinstance(date_to, dt.date) else None,
                by=user.username,
                role=user.role,
            )
            url, expires = created.url, created.link.expires_at
            del created
    except DomainError as exc:
        with created_box:
            forms.show_error(exc)
    else:
        with created_box:
            st.success(
                f"Link created. It expires on {expires:%d %B %Y}. Copy it now with the button "
                "beside it: it is shown only once and cannot be shown again (only a fingerprint "
                "of it is kept)."
            )
            st.code(url, language=None)

st.subheader("Share links")
with session() as s:
    links = share_links.list_links(s, role=user.role)

if not links:
    st.info("No share links yet.")
else:
    table = pd.DataFrame(
        [
            {
                "number": link.id,
                "for": link.label,
                "status": link.status,
                "expires (UTC)": link.expires_at,
                "created by": link.created_by,
                "last viewed (UTC)": link.last_viewed_at,
                "views": link.view_count,
                "sites": ", ".join(link.site_names),
                "shows": ", ".join(share_links.SECTION_LABELS[x] for x in link.sections),
                "dates": (
                    f"{link.date_from or 'start'} to {link.date_to or 'today'}"
                    if link.date_from or link.date_to
                    else "all"
                ),
            }
            for link in links
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")

    st.subheader("Pause, resume or revoke a link")
    choices = {f"{link.id}: {link.label} ({link.status})": link.id for link in links}
    picked = st.selectbox("Link", list(choices), key="share_pick")
    col1, col2, col3 = st.columns(3)
    action = None
    if col1.button("Pause", key="share_pause", icon=":material/pause:"):
        action = ("pause", share_links.pause, "paused")
    if col2.button("Resume", key="share_resume", icon=":material/play_arrow:"):
        action = ("resume", share_links.resume, "working again")
    if col3.button("Revoke", key="share_revoke", type="primary", icon=":material/block:"):
        action = ("revoke", share_links.revoke, "revoked for good")
    if action and picked:
        _, change, done = action
        try:
            with session() as s:
                change(s, link_id=choices[picked], by=user.username, role=user.role)
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.session_state["share_notice"] = f"Link {choices[picked]} is {done}."
            st.rerun()
    notice = st.session_state.pop("share_notice", None)
    if notice:
        st.success(notice)

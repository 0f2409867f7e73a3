"""Referral directory: women-friendly services to refer women to (issue 12). Directors and
admins add and edit entries; everyone reads them and records the group's check at a meeting."""

import streamlit as st

from advisory.errors import DomainError
from advisory.i18n import _, ngettext
from advisory.permissions import can
from advisory.services import meeting_views, referrals
from components import (
    form_reset,
    referral_downloads,
    referral_entry,
    referral_entry_form,
    site_choices,
)
from components.database import get_engine
from components.forms import FieldErrors
from components.guard import require_page
from components.markdown_text import plain

user = require_page("referrals")
may_edit = can(user.role, "manage_referrals")
FLASH = "referrals_flash"
PAGE = "referrals"

st.title(_("Referral directory"))
st.caption(
    _(
        "Services we refer women to when we cannot offer everything here, and whether the "
        "advisory group still finds them women-friendly. Contact details are the "
        "organisations' own and never appear in anything shared."
    )
)
if st.session_state.get(FLASH):
    st.success(st.session_state.pop(FLASH))

engine = get_engine()
sites = site_choices.show()
site_names = dict(sites)
kinds = referrals.list_kinds(engine, active_only=True)
meetings = {m.id: m.label for m in meeting_views.list_meetings(engine)}

left, right = st.columns(2)
site_filter = left.selectbox(
    _("Site"),
    [None, *site_names],
    format_func=lambda i: _("All sites") if i is None else site_names[i],
    key="referrals_site_filter",
)
only_due = right.toggle(_("Only entries needing a check"), key="referrals_only_due")
entries = referrals.list_entries(engine, site_id=site_filter)
# Recommended entries first; those the group no longer recommends, and retired ones, last.
entries.sort(key=lambda e: (not e.recommended, e.organisation.casefold()))
if only_due:
    entries = [e for e in entries if e.needs_checking]
due = sum(e.needs_checking for e in entries)
if due:
    st.warning(
        ngettext(
            "{n} entry has not been checked by the group for 12 months.",
            "{n} entries have not been checked by the group for 12 months.",
            due,
        ).format(n=due),
        icon=":material/event_repeat:",
    )
if not entries:
    st.info(
        _("No entries yet. Add one below.")
        if may_edit
        else _("No entries yet. Directors add them.")
    )
for entry in entries:
    referral_entry.show(
        entry,
        actor=user,
        may_edit=may_edit,
        kinds=kinds,
        sites=sites,
        meetings=meetings,
        flash=FLASH,
    )

if may_edit:
    st.subheader(_("Add an entry"), anchor=False)
    form_reset.clear_if_saved(
        "referral_new",
        {
            f"referral_new_{f}": ""
            for f in ("org", "service", "area", "hours", "phone", "lang", "cost")
        }
        | {"referral_new_sites": [], "referral_new_attrs": []},
    )
    with st.form("referral_new"):
        values, errors = referral_entry_form.show(
            key="referral_new", current=None, kinds=kinds, sites=sites
        )
        if st.form_submit_button(_("Add to the directory"), type="primary"):
            try:
                created = referrals.create_entry(engine, **values, actor=user)
            except DomainError as exc:
                errors.show(exc)
            else:
                form_reset.saved("referral_new")
                st.session_state[FLASH] = _("Added {name}.").format(name=plain(created.name))
                st.rerun()
    with st.expander(_("Kinds of service")):
        st.markdown(plain(", ".join(k.name for k in referrals.list_kinds(engine))))
        with st.form("referral_kind_new"):
            kind_errors = FieldErrors()
            name = st.text_input(_("New kind"), key="referral_kind_name")
            kind_errors.slot("kind_name")
            if st.form_submit_button(_("Add the kind")):
                try:
                    referrals.add_kind(engine, name=name, actor=user)
                except DomainError as exc:
                    kind_errors.show(exc)
                else:
                    st.session_state[FLASH] = _("Added the kind {name}.").format(name=plain(name))
                    st.rerun()

st.subheader(_("Referral card"), anchor=False)
st.caption(
    _(
        "A phone-sized card of the services the group recommends for a site, with their "
        "women-friendly points as icons with words."
    )
)
referral_downloads.card(actor=user, page=PAGE, sites=sites, key="referrals_card")
st.subheader(_("Download"), anchor=False)
referral_downloads.lists(actor=user, page=PAGE, which=("directory",), key="referrals_dl")

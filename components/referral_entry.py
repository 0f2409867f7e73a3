"""One referral directory entry: its facts and badges, the group's check, and (for directors
and admins) the edit form. Typed text is escaped before it reaches markdown."""

from __future__ import annotations

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _, format_date
from advisory.services import referrals
from advisory.services.referrals import FINDINGS, STILL_GOOD, EntryView, KindView
from components import form_reset, referral_badges, referral_entry_form
from components.database import get_engine
from components.forms import FieldErrors
from components.markdown_text import plain


def _facts(entry: EntryView) -> None:
    lines = [f"**{plain(entry.kind)}**"]
    # Whole messages ("Phone: {value}"): some languages put a space or other words around the colon.
    for line, value in (
        (_("Sites: {value}"), ", ".join(entry.site_names)),
        (_("Where: {value}"), entry.area),
        (_("Open: {value}"), entry.opening_hours),
        (_("Phone: {value}"), entry.phone),
        (_("Languages: {value}"), entry.languages),
        (_("Cost: {value}"), entry.cost),
    ):
        if value:
            lines.append(line.format(value=plain(value)))
    st.markdown("  \n".join(lines))
    check = entry.last_check
    if check:
        where = check.meeting_label or format_date(check.checked_on, "dd MMM y")
        st.markdown(
            _("**Last checked by the group:** {where}: {finding}.").format(
                where=plain(where), finding=_(FINDINGS[check.finding])
            )
            + (f"  \n{plain(check.note)}" if check.note else "")
        )


def _check_form(entry: EntryView, *, actor: Actor, meetings: dict[int, str], flash: str) -> None:
    form_key = f"referral_check_{entry.id}"
    form_reset.clear_if_saved(form_key, {f"{form_key}_note": "", f"{form_key}_finding": STILL_GOOD})
    with st.form(form_key):
        errors = FieldErrors()
        finding = st.radio(
            _("What did the group find?"),
            list(FINDINGS),
            format_func=lambda f: _(FINDINGS[f]),
            key=f"referral_check_{entry.id}_finding",
        )
        errors.slot("finding")
        meeting_id = st.selectbox(
            _("At which meeting"),
            [None, *meetings],
            format_func=lambda i: _("Not at a meeting (today)") if i is None else meetings[i],
            index=1 if meetings else 0,
            key=f"referral_check_{entry.id}_meeting",
        )
        errors.slot("meeting", "checked_on")
        note = st.text_area(
            _("Note (what women said; needed for problems)"),
            key=f"referral_check_{entry.id}_note",
        )
        errors.slot("note")
        if st.form_submit_button(_("Save the check"), type="primary"):
            try:
                referrals.check_entry(
                    get_engine(),
                    entry_id=entry.id,
                    finding=finding,
                    meeting_id=meeting_id,
                    note=note,
                    actor=actor,
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                form_reset.saved(form_key)
                st.session_state[flash] = _("Saved the group's check of {name}.").format(
                    name=plain(entry.name)
                )
                st.rerun()


def _edit_form(
    entry: EntryView, *, actor: Actor, kinds: list[KindView], sites: list, flash: str
) -> None:
    with st.form(f"referral_edit_{entry.id}_{entry.version}"):
        values, errors = referral_entry_form.show(
            key=f"referral_edit_{entry.id}_{entry.version}", current=entry, kinds=kinds, sites=sites
        )
        active = st.checkbox(
            _("Still in the directory"), value=entry.active, key=f"referral_active_{entry.id}"
        )
        if st.form_submit_button(_("Save changes"), type="primary"):
            try:
                referrals.edit_entry(
                    get_engine(),
                    entry_id=entry.id,
                    expected_version=entry.version,
                    active=active,
                    actor=actor,
                    **values,
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                st.session_state[flash] = _("Saved {name}.").format(
                    name=plain(values["organisation"])
                )
                st.rerun()


def show(
    entry: EntryView,
    *,
    actor: Actor,
    may_edit: bool,
    kinds: list[KindView],
    sites: list,
    meetings: dict[int, str],
    flash: str,
) -> None:
    """The entry in a bordered box; `flash` is the page's session-state key for a message."""
    with st.container(border=True, key=f"referral_entry_{entry.id}"):
        st.subheader(plain(entry.name), anchor=False)
        referral_badges.show(entry)
        _facts(entry)
        with st.expander(_("Record the group's check")):
            _check_form(entry, actor=actor, meetings=meetings, flash=flash)
        if may_edit:
            with st.expander(_("Edit this entry")):
                _edit_form(entry, actor=actor, kinds=kinds, sites=sites, flash=flash)

"""Forms to log a training given to another service, a network and a forum (issue 12).

Each form shows a refused input's message under the input and keeps what was typed."""

from __future__ import annotations

import streamlit as st

from advisory import clock
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import referral_work
from advisory.services.referral_work import DELIVERED_BY, LEVELS, TOPICS
from advisory.services.referrals import EntryView, KindView
from components import form_reset
from components.database import get_engine
from components.forms import FieldErrors
from components.markdown_text import plain


def _saved(key: str, flash: str, message: str) -> None:
    form_reset.saved(key)
    st.session_state[flash] = message
    st.rerun()


def _reset(key: str, fields: tuple[str, ...], **values: object) -> None:
    """Call before the form: after a save, its text inputs are empty again."""
    defaults: dict[str, object] = {f"{key}_{f}": "" for f in fields}
    defaults.update({f"{key}_{f}": v for f, v in values.items()})
    form_reset.clear_if_saved(key, defaults)


def training(
    *, actor: Actor, kinds: list[KindView], entries: list[EntryView], flash: str, key: str
) -> None:
    kind_names = {k.id: k.name for k in kinds}
    entry_names = {e.id: e.name for e in entries}
    _reset(key, ("org", "follow", "notes"), people=0, topics=[], kind=None, entry=None)
    with st.form(key):
        errors = FieldErrors()
        held_on = st.date_input(_("Date held"), value=clock.today(), key=f"{key}_date")
        errors.slot("held_on")
        organisation = st.text_input(_("Organisation trained"), key=f"{key}_org")
        errors.slot("organisation")
        kind_id = st.selectbox(
            _("Its kind of service"),
            [None, *kind_names],
            format_func=lambda i: "-" if i is None else kind_names[i],
            key=f"{key}_kind",
        )
        errors.slot("kind")
        topics = st.pills(
            _("Topics"),
            list(TOPICS),
            format_func=lambda t: _(TOPICS[t]),
            selection_mode="multi",
            key=f"{key}_topics",
        )
        errors.slot("topics")
        delivered_by = st.radio(
            _("Delivered by"),
            list(DELIVERED_BY),
            format_func=lambda d: _(DELIVERED_BY[d]),
            horizontal=True,
            key=f"{key}_by",
        )
        errors.slot("delivered_by")
        participants = st.number_input(
            _("Number of participants"), value=0, step=1, key=f"{key}_people"
        )
        errors.slot("participants")
        follow_up = st.text_input(_("Follow-up planned"), key=f"{key}_follow")
        errors.slot("follow_up")
        entry_id = st.selectbox(
            _("Directory entry of the service trained (optional)"),
            [None, *entry_names],
            format_func=lambda i: "-" if i is None else entry_names[i],
            key=f"{key}_entry",
        )
        errors.slot("entry")
        notes = st.text_area(_("Outcome notes (optional)"), key=f"{key}_notes")
        errors.slot("outcome_notes")
        if st.form_submit_button(_("Log the training"), type="primary"):
            try:
                saved = referral_work.log_training(
                    get_engine(),
                    held_on=held_on,
                    organisation=organisation,
                    kind_id=kind_id,
                    topics=topics or [],
                    delivered_by=delivered_by,
                    participants=participants,
                    follow_up=follow_up,
                    outcome_notes=notes,
                    entry_id=entry_id,
                    actor=actor,
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                _saved(
                    key,
                    flash,
                    _("Logged the training of {org}.").format(org=plain(saved.organisation)),
                )


def network(*, actor: Actor, flash: str, key: str) -> None:
    _reset(key, ("name", "link"))
    with st.form(key):
        errors = FieldErrors()
        name = st.text_input(_("Network"), key=f"{key}_name")
        errors.slot("name")
        level = st.selectbox(
            _("Level"), list(LEVELS), format_func=lambda v: _(LEVELS[v]), key=f"{key}_level"
        )
        errors.slot("level")
        link = st.text_input(
            _("Public web address"),
            key=f"{key}_link",
            placeholder="https://",
            help=_("The network's public page, so women can find it."),
        )
        errors.slot("link")
        if st.form_submit_button(_("Add the network"), type="primary"):
            try:
                saved = referral_work.add_network(
                    get_engine(), name=name, level=level, link=link, actor=actor
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                _saved(key, flash, _("Added {name}.").format(name=plain(saved.name)))


def forum(*, actor: Actor, flash: str, key: str) -> None:
    _reset(key, ("name", "raised", "outcome"))
    with st.form(key):
        errors = FieldErrors()
        held_on = st.date_input(_("Date"), value=clock.today(), key=f"{key}_date")
        errors.slot("held_on")
        name = st.text_input(_("Forum"), key=f"{key}_name")
        errors.slot("forum")
        level = st.selectbox(
            _("Level"), list(LEVELS), format_func=lambda v: _(LEVELS[v]), key=f"{key}_level"
        )
        errors.slot("level")
        raised = st.text_area(
            _("What the group raised"),
            key=f"{key}_raised",
            help=_("Name no woman unless she is a group member who chose to be named."),
        )
        errors.slot("raised")
        outcome = st.text_area(_("Outcome"), key=f"{key}_outcome")
        errors.slot("outcome")
        if st.form_submit_button(_("Log the forum"), type="primary"):
            try:
                saved = referral_work.log_forum(
                    get_engine(),
                    held_on=held_on,
                    forum=name,
                    level=level,
                    raised=raised,
                    outcome=outcome,
                    actor=actor,
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                _saved(key, flash, _("Logged {forum}.").format(forum=plain(saved.forum)))

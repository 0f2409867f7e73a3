"""One adaptation opened from the list: its details and, for directors, edit and delete.

Edits carry the version the person opened; if someone saved since, the form says who and
offers a reload (edit_versions), and the service refuses the stale save (StaleEdit).
"""

from __future__ import annotations

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import N_, _, format_date, format_datetime
from advisory.services import adaptations
from advisory.services.adaptations import AdaptationView
from components import adaptation_form, edit_versions
from components.database import get_engine
from components.markdown_text import plain

# A linked recommendation's status, in lower case within the sentence.
STATUS_WORDS = {
    "raised": N_("raised"),
    "under_review": N_("under review"),
    "accepted": N_("accepted"),
    "partly_accepted": N_("partly accepted"),
    "declined": N_("declined"),
    "deferred": N_("deferred"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "verified": N_("verified"),
    "reopened": N_("reopened"),
}


def _status(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status.replace("_", " ")


def _facts(current: AdaptationView) -> None:
    lines = [
        _("**Type:** {type}").format(type=_(current.type)),
        _("**Site:** {site}").format(site=plain(current.site_name)),
        _("**Started:** {day}").format(day=format_date(current.start_on, "dd MMMM y")),
        _("**Ended:** {day}").format(day=format_date(current.end_on, "dd MMMM y"))
        if current.end_on
        else _("**Still running**"),
    ]
    if current.schedule:
        lines.append(_("**Schedule:** {schedule}").format(schedule=plain(current.schedule)))
    st.markdown("  \n".join(lines))
    if current.notes:
        st.markdown(plain(current.notes))
    st.markdown(_("**Recommendations it answers**"))
    if current.recommendations:
        st.markdown(
            "\n".join(
                _("- {title} ({status})").format(title=plain(r.title), status=_status(r.status))
                for r in current.recommendations
            )
        )
    else:
        st.caption(_("Not linked to a recommendation."))
    st.caption(
        _("Last changed by {name} on {moment} UTC.").format(
            name=plain(current.updated_by),
            moment=format_datetime(current.updated_at, "dd MMM y HH:mm"),
        )
    )


def _edit(current: AdaptationView, seen: int, actor: Actor, choices: dict, flash: str) -> None:
    if edit_versions.changed_since_seen("adaptation", current.id, current.version):
        st.warning(
            _("{name} changed this after you opened it.").format(name=plain(current.updated_by)),
            icon=":material/sync_problem:",
        )
        st.button(
            _("Reload to see their change"),
            key="adaptation_reload",
            on_click=edit_versions.reload,
            args=("adaptation", current.id, current.version),
        )
    form_key = f"adaptation_edit_{current.id}_{seen}"
    with st.form(form_key):
        values, errors = adaptation_form.show(key=form_key, current=current, **choices)
        if st.form_submit_button(_("Save changes"), type="primary"):
            try:
                saved = adaptations.update_adaptation(
                    get_engine(),
                    adaptation_id=current.id,
                    expected_version=seen,
                    **values,
                    actor=actor,
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                edit_versions.saved("adaptation", current.id, saved.version)
                st.session_state[flash] = _("Changes saved.")
                st.rerun()


def _delete(current: AdaptationView, seen: int, actor: Actor, flash: str, opened: str) -> None:
    sure = st.checkbox(
        _(
            "Delete it: it was registered by mistake (an adaptation that stopped gets an end "
            "date instead)"
        ),
        key=f"adaptation_delete_sure_{current.id}",
    )
    if not st.button(_("Delete"), disabled=not sure, key="adaptation_delete"):
        return
    try:
        adaptations.delete_adaptation(
            get_engine(), adaptation_id=current.id, expected_version=seen, actor=actor
        )
    except DomainError as exc:
        st.error(str(exc))
    else:
        st.session_state[flash] = _("Adaptation deleted.")
        st.session_state.pop(opened, None)
        st.rerun()


def show(
    current: AdaptationView,
    *,
    actor: Actor,
    may_edit: bool,
    choices: dict,
    opened: str,
    flash: str,
) -> None:
    """`choices`: the form's `sites` and `recommendations`; `opened` and `flash`: the page's
    session-state keys of the open adaptation and of the message shown after a rerun."""
    seen, _changed = edit_versions.seen("adaptation", current.id, current.version)
    with st.container(border=True):
        st.subheader(plain(current.name))
        st.button(
            _("Close"),
            key=edit_versions.marker_key("adaptation", current.id),
            on_click=lambda: st.session_state.update({opened: None}),
        )
        _facts(current)
        if may_edit:
            with st.expander(_("Change this adaptation"), icon=":material/edit:"):
                _edit(current, seen, actor, choices, flash)
                _delete(current, seen, actor, flash, opened)

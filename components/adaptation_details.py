"""One adaptation opened from the list: its details and, for directors, edit and delete.

Edits carry the version the person opened; if someone saved since, the form says who and
offers a reload (edit_versions), and the service refuses the stale save (StaleEdit).
"""

from __future__ import annotations

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.services import adaptations
from advisory.services.adaptations import AdaptationView
from components import adaptation_form, edit_versions
from components.database import get_engine
from components.markdown_text import plain


def _facts(current: AdaptationView) -> None:
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
        st.markdown(
            "\n".join(
                f"- {plain(r.title)} ({r.status.replace('_', ' ')})"
                for r in current.recommendations
            )
        )
    else:
        st.caption("Not linked to a recommendation.")
    st.caption(
        f"Last changed by {plain(current.updated_by)} on {current.updated_at:%d %b %Y %H:%M} UTC."
    )


def _edit(current: AdaptationView, seen: int, actor: Actor, choices: dict, flash: str) -> None:
    if edit_versions.changed_since_seen("adaptation", current.id, current.version):
        st.warning(
            f"{plain(current.updated_by)} changed this after you opened it.",
            icon=":material/sync_problem:",
        )
        st.button(
            "Reload to see their change",
            key="adaptation_reload",
            on_click=edit_versions.reload,
            args=("adaptation", current.id, current.version),
        )
    form_key = f"adaptation_edit_{current.id}_{seen}"
    with st.form(form_key):
        values, errors = adaptation_form.show(key=form_key, current=current, **choices)
        if st.form_submit_button("Save changes", type="primary"):
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
                st.session_state[flash] = "Changes saved."
                st.rerun()


def _delete(current: AdaptationView, seen: int, actor: Actor, flash: str, opened: str) -> None:
    sure = st.checkbox(
        "Delete it: it was registered by mistake (an adaptation that stopped gets an end date "
        "instead)",
        key=f"adaptation_delete_sure_{current.id}",
    )
    if not st.button("Delete", disabled=not sure, key="adaptation_delete"):
        return
    try:
        adaptations.delete_adaptation(
            get_engine(), adaptation_id=current.id, expected_version=seen, actor=actor
        )
    except DomainError as exc:
        st.error(str(exc))
    else:
        st.session_state[flash] = "Adaptation deleted."
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
    seen, _ = edit_versions.seen("adaptation", current.id, current.version)
    with st.container(border=True):
        st.subheader(plain(current.name))
        st.button(
            "Close",
            key=edit_versions.marker_key("adaptation", current.id),
            on_click=lambda: st.session_state.update({opened: None}),
        )
        _facts(current)
        if may_edit:
            with st.expander("Change this adaptation", icon=":material/edit:"):
                _edit(current, seen, actor, choices, flash)
                _delete(current, seen, actor, flash, opened)

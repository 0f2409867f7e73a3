"""The referral directory entries a recommendation is about (issue 12), shown under its facts:
"find a clinic that offers post-abortion care without ID" points at the clinic found."""

from __future__ import annotations

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _
from advisory.permissions import can
from advisory.services import referral_links, referrals
from components.database import get_engine
from components.forms import FieldErrors
from components.markdown_text import plain


def show(recommendation_id: int, *, actor: Actor, key: str) -> str | None:
    """The links, and a form to change them; returns the saved message (the page flashes it)."""
    engine = get_engine()
    linked = referral_links.entries_for_recommendation(engine, recommendation_id)
    if linked:
        st.markdown(
            _("**Referral directory:** {names}").format(
                names=plain(", ".join(e.name for e in linked))
            )
        )
    if not can(actor.role, "raise_recommendations"):
        return None
    choices = {e.id: e.name for e in referrals.list_entries(engine, include_inactive=False)}
    if not choices:
        return None
    with st.expander(_("Link to the referral directory")), st.form(key):
        errors = FieldErrors()
        chosen = st.multiselect(
            _("Directory entries this recommendation is about"),
            list(choices),
            default=[e.id for e in linked if e.id in choices],
            format_func=choices.get,  # type: ignore[arg-type]
            key=f"{key}_entries",
            placeholder=_("Choose options"),
        )
        errors.slot("referrals")
        if st.form_submit_button(_("Save the links")):
            try:
                referral_links.link_recommendation(
                    engine, recommendation_id=recommendation_id, entry_ids=chosen, actor=actor
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                return _("Saved the links to the referral directory.")
    return None

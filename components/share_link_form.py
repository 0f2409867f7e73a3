"""The Sharing page's "Create a share link" form and the one-time display of the address."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from advisory import i18n
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _, format_date
from advisory.services import share_links
from advisory.services.organisation import SiteView
from components import form_reset, forms
from components.database import get_engine


def show(actor: Actor, *, sites: list[SiteView], base_url: str, key: str = "share") -> None:
    """Draw the form. A new link's address is shown once, above the form, then forgotten.

    ``base_url``: where the address starts (:func:`components.share_address.show`).

    Widget keys: `<key>_label`, `<key>_days`, `<key>_sites`, `<key>_sections`, `<key>_from`,
    `<key>_to`, `<key>_language`; the form is `<key>_create_form`.
    """
    site_ids = {site.name: site.id for site in sites}
    form_key = f"{key}_create_form"
    form_reset.clear_if_saved(
        form_key,
        {
            f"{key}_label": "",
            f"{key}_days": share_links.DEFAULT_DAYS,
            f"{key}_sites": list(site_ids),
            f"{key}_sections": list(share_links.SECTIONS),
            f"{key}_from": None,
            f"{key}_to": None,
            f"{key}_language": i18n.active(),
        },
    )
    # The new link's address appears here, above the form, where the director is looking.
    created_box = st.container()
    _show_created_once(created_box, key=key)

    with st.form(form_key, clear_on_submit=False):
        st.subheader(_("Create a share link"))
        label = st.text_input(
            _("Who is it for?"),
            key=f"{key}_label",
            help=_("For example the funder's name. Funders do not see it."),
        )
        days = st.number_input(
            _("Days until it expires"),
            min_value=1,
            max_value=share_links.MAX_DAYS,
            value=share_links.DEFAULT_DAYS,
            step=1,
            key=f"{key}_days",
        )
        chosen_sites = st.multiselect(
            _("Sites"),
            list(site_ids),
            default=list(site_ids),
            key=f"{key}_sites",
            placeholder=_("Choose options"),
        )
        chosen_sections = st.multiselect(
            _("What it shows"),
            list(share_links.SECTIONS),
            default=list(share_links.SECTIONS),
            format_func=lambda s: _(share_links.SECTION_LABELS[s]),
            key=f"{key}_sections",
            placeholder=_("Choose options"),
        )
        languages = i18n.available()
        codes = list(languages)
        link_language = st.selectbox(
            _("Language the funder reads it in"),
            codes,
            index=codes.index(i18n.active()) if i18n.active() in codes else 0,
            format_func=lambda code: languages[code],
            key=f"{key}_language",
            help=_("The funder can switch to another language in the view."),
        )
        col1, col2 = st.columns(2)
        date_from = col1.date_input(_("From (optional)"), value=None, key=f"{key}_from")
        date_to = col2.date_input(_("To (optional)"), value=None, key=f"{key}_to")
        submitted = st.form_submit_button(_("Create link"), type="primary")

    if not submitted:
        return
    try:
        created = share_links.create(
            get_engine(),
            label=label,
            days=int(days),
            site_ids=[site_ids[n] for n in chosen_sites],
            sections=chosen_sections,
            date_from=date_from if isinstance(date_from, dt.date) else None,
            date_to=date_to if isinstance(date_to, dt.date) else None,
            language=link_language,
            actor=actor,
        )
    except DomainError as exc:
        with created_box:
            forms.show_error(exc)
        return
    # Kept for the very next run only (popped as it is shown): the address exists nowhere else.
    st.session_state[_created_key(key)] = (created.url_at(base_url), created.link.expires_at)
    del created
    form_reset.saved(form_key)
    st.rerun()


def _created_key(key: str) -> str:
    return f"{key}_created_once"


def _show_created_once(box: DeltaGenerator, *, key: str) -> None:
    shown = st.session_state.pop(_created_key(key), None)
    if shown is None:
        return
    url, expires = shown
    with box:
        st.success(
            _(
                "Link created. It expires on {day}. Copy it now with the button beside it: it "
                "is shown only once and cannot be shown again (only a fingerprint of it is kept)."
            ).format(day=format_date(expires, "dd MMMM y"))
        )
        st.code(url, language=None)

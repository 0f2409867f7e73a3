"""Directors and admins: create, list, pause, resume and revoke funders' share links."""

import streamlit as st

from advisory.i18n import _
from advisory.services import organisation
from components import share_address, share_link_form, share_link_list
from components.database import get_engine
from components.guard import require_page

user = require_page("sharing")

st.title(_("Sharing"))
st.caption(
    _(
        "A share link lets a funder see progress without an account. It shows only what you "
        "choose below, with every count under the small-number threshold hidden, and never "
        "minutes, comments or names. Every link expires; you can pause or revoke it at any "
        "time."
    )
)

base = share_address.show("sharing")
sites = organisation.list_sites(get_engine(), active_only=True)
share_link_form.show(user, sites=sites, base_url=base.url, key="share")
share_link_list.show(user, key="share")

"""Entry point: page config, routing, the login gate and navigation. Nothing else."""

from pathlib import Path

import streamlit as st

from advisory.db import DatabaseConfigError, restrict_file_modes
from advisory.i18n import _
from advisory.permissions import role_label
from advisory.services import setup
from components import auth, guard, language, navigation, share_gate, touch_targets
from components.database import get_engine
from components.navigation import PAGES, pages_for

BACK_TO_LOGIN = "advisory_back_to_login"  # session-state key: the run after a logout

# why (issue 14): files the app creates (the SQLite file and its -wal/-shm, the generated
# cookie key, backups) hold minutes, names and password hashes: private to this account.
restrict_file_modes()
guard.mark_app_ran()

# why (issue 14): a ":material/...:" page icon makes every browser fetch the favicon from a
# Google font server (Streamlit's frontend builds a fonts.gstatic.com URL for it), sending
# each reader's address there. A local SVG is sent inline (a data: URL): no request at all.
# The Material icons on buttons and in the menu come from a font bundled with Streamlit.
st.set_page_config(
    page_title="Advisory Dashboard",
    page_icon=Path(__file__).parent / "assets" / "icon.svg",
    layout="wide",
)
touch_targets.apply()

try:
    get_engine()
except DatabaseConfigError as exc:
    st.error(_("The app cannot start: {error}").format(error=exc))
    st.stop()

# why (issue 10): the language is set before anything is drawn, for every kind of run.
language.activate(None)
# The tab's title in the run's language (set_page_config may be called again; None keeps the rest).
st.set_page_config(page_title=_("Advisory Dashboard"))

# why (issue 6): a funder's share link is routed first, before setup and before any login
# code, so this path never creates the authenticator or shows a login form, and registers
# only the shared view: no other page can be reached from it, whatever the URL says.
if share_gate.arriving_with_share_link():
    navigation.run(
        st.navigation(
            [st.Page("pages/shared_view.py", title=_("Shared view"), url_path="shared")],
            position="hidden",
        )
    )
    st.stop()

first_run = setup.needs_setup(get_engine())

# The setup page stays up after the first admin is made, to show demo passwords once.
if first_run or st.session_state.get("setup_done_for"):
    navigation.run(
        st.navigation(
            [st.Page("pages/setup.py", title=_("Set up"), url_path="setup")], position="hidden"
        )
    )
    st.stop()

# why: navigation is registered before the authenticator is created, from a user worked out
# from our own cookie check, so deep links and reloads keep their page (upstream issue #179).
user = auth.current_user()
if user is None:
    # why (issue 14): a logged-out deep link (/impact) used to meet only the "login" page and
    # Streamlit drew a "Page not found" pop-up over the form. Every address the app knows now
    # leads to the login form, and after logging in the same address opens its page.
    login_pages = [st.Page(auth.show_login_form, title=_("Log in"), url_path="login", default=True)]
    login_pages += [
        st.Page(auth.show_login_form, title=_("Log in"), url_path=path, visibility="hidden")
        for path in (*(spec.url_path for spec in PAGES), "setup", "shared")
    ]
    login_navigation = st.navigation(login_pages, position="hidden")
    if st.session_state.pop(BACK_TO_LOGIN, False):
        # After a logout the next person starts at the login page ("/"), not on the page
        # the last one was reading.
        st.switch_page(login_pages[0])
    navigation.run(login_navigation)
    st.stop()

language.activate(user)
st.set_page_config(page_title=_("Advisory Dashboard"))
chosen = st.navigation(
    pages_for(user.role, password_change_only=user.must_change_password), expanded=True
)
auth.write_login_cookie()
with st.sidebar:
    st.caption(
        _("Logged in as **{name}** ({role})").format(
            name=user.display_name, role=role_label(user.role)
        )
    )
    language.picker(user, key="advisory_language_menu")
    if st.button(_("Log out"), key="advisory_logout_button", icon=":material/logout:"):
        auth.logout(user)
        st.session_state[BACK_TO_LOGIN] = True
        st.rerun()
navigation.run(chosen)

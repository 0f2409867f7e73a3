"""Entry point: page config, routing, the login gate and navigation. Nothing else."""

import streamlit as st

from advisory.db import DatabaseConfigError
from advisory.services import setup
from components import auth, share_gate
from components.database import get_engine
from components.navigation import pages_for

st.set_page_config(
    page_title="Advisory Dashboard", page_icon=":material/diversity_1:", layout="wide"
)

try:
    get_engine()
except DatabaseConfigError as exc:
    st.error(f"The app cannot start: {exc}")
    st.stop()

# why (issue 6): a funder's share link is routed first, before setup and before any login
# code, so this path never creates the authenticator or shows a login form, and registers
# only the shared view: no other page can be reached from it, whatever the URL says.
if share_gate.arriving_with_share_link():
    st.navigation(
        [st.Page("pages/shared_view.py", title="Shared view", url_path="shared")],
        position="hidden",
    ).run()
    st.stop()

first_run = setup.needs_setup(get_engine())

# The setup page stays up after the first admin is made, to show demo passwords once.
if first_run or st.session_state.get("setup_done_for"):
    st.navigation(
        [st.Page("pages/setup.py", title="Set up", url_path="setup")], position="hidden"
    ).run()
    st.stop()

# why: navigation is registered before the authenticator is created, from a user worked out
# from our own cookie check, so deep links and reloads keep their page (upstream issue #179).
user = auth.current_user()
if user is None:
    st.navigation(
        [st.Page(auth.show_login_form, title="Log in", url_path="login")], position="hidden"
    ).run()
    st.stop()

navigation = st.navigation(
    pages_for(user.role, password_change_only=user.must_change_password), expanded=True
)
auth.write_login_cookie()
with st.sidebar:
    st.caption(f"Logged in as **{user.display_name}** ({user.role})")
    if st.button("Log out", key="advisory_logout_button", icon=":material/logout:"):
        auth.logout(user)
        st.rerun()
navigation.run()

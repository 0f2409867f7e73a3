"""First run: create the first admin, optionally load the demonstration data."""

import streamlit as st

from advisory.errors import DomainError
from advisory.i18n import _
from advisory.services import setup
from components import language
from components.database import get_engine
from components.forms import FieldErrors

DONE_FOR = "setup_done_for"  # session-state keys: the admin just made, the demo passwords
DEMO_ACCOUNTS = "setup_demo_accounts"

still_needed = setup.needs_setup(get_engine())
language.picker(None, key="advisory_setup_language_menu")
if not still_needed and not st.session_state.get(DONE_FOR):
    st.info(_("Setup is already complete. Reload the page to log in."))
    st.stop()

# why (issue 13): once the admin exists the form is gone, replaced by one step on: a form left
# on screen stayed clickable and silently did nothing.
if st.session_state.get(DONE_FOR):
    st.title(_("Setup complete"))
    st.success(
        _("Admin account {username!r} created. Log in with it to go on.").format(
            username=st.session_state[DONE_FOR]
        )
    )
    accounts = st.session_state.get(DEMO_ACCOUNTS) or {}
    if accounts:
        st.warning(_("Demo accounts: these passwords are shown only now. Write them down."))
        st.table({_("username"): list(accounts), _("password"): list(accounts.values())})
    if st.button(_("Continue to log in"), type="primary", width="stretch"):
        st.session_state.pop(DONE_FOR, None)
        st.session_state.pop(DEMO_ACCOUNTS, None)
        st.rerun()
    st.stop()

st.title(_("Set up Advisory Dashboard"))
st.write(
    _(
        "No account exists yet. Create the first admin account. There is no default password: "
        "choose one of at least 12 characters (a phrase of several words works well)."
    )
)

errors = FieldErrors()
with st.form("setup_form"):
    organisation = st.text_input(
        _("Organisation name"), placeholder=_("e.g. Riverside Harm Reduction")
    )
    errors.slot("organisation")
    username = st.text_input(_("Admin username"), placeholder=_("e.g. amina"))
    errors.slot("username")
    display_name = st.text_input(_("Display name"), placeholder=_("e.g. Amina"))
    password = st.text_input(_("Password"), type="password")
    errors.slot("password")
    confirm = st.text_input(_("Repeat the password"), type="password")
    errors.slot("confirm")
    load_demo = st.checkbox(
        _(
            "Also load the demonstration data (synthetic sites, meetings and attendance, and one "
            "demo account per role)"
        )
    )
    submitted = st.form_submit_button(_("Create admin account"), type="primary")

if submitted and still_needed:
    try:
        done = setup.set_up(
            get_engine(),
            organisation=organisation,
            username=username,
            display_name=display_name,
            password=password,
            confirm=confirm,
            load_demo=load_demo,
        )
    except DomainError as exc:
        errors.show(exc)
    else:
        st.session_state[DONE_FOR] = done.admin.username
        st.session_state[DEMO_ACCOUNTS] = done.demo_accounts
        st.rerun()

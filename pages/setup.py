"""First run: create the first admin, optionally load the demonstration data."""

import streamlit as st

from advisory import demo
from advisory.errors import ValidationError
from advisory.services import setup
from components.database import session
from components.forms import FieldErrors

with session() as s:
    still_needed = setup.needs_setup(s)
if not still_needed and not st.session_state.get("setup_done_for"):
    st.info("Setup is already complete. Reload the page to log in.")
    st.stop()

st.title("Set up Advisory Dashboard")
st.write(
    "No account exists yet. Create the first admin account. There is no default password: "
    "choose one of at least 12 characters (a phrase of several words works well)."
)

errors = FieldErrors()
with st.form("setup_form"):
    organisation = st.text_input("Organisation name", placeholder="e.g. Riverside Harm Reduction")
    errors.slot("organisation")
    username = st.text_input("Admin username", placeholder="e.g. amina")
    errors.slot("username")
    display_name = st.text_input("Display name", placeholder="e.g. Amina")
    password = st.text_input("Password", type="password")
    errors.slot("password")
    confirm = st.text_input("Repeat the password", type="password")
    errors.slot("confirm")
    load_demo = st.checkbox(
        "Also load the demonstration data (synthetic sites, meetings and attendance, and one "
        "demo account per role)"
    )
    submitted = st.form_submit_button("Create admin account", type="primary")

if submitted and still_needed:
    try:
        with session() as s:
            admin = setup.create_first_admin(
                s,
                organisation=organisation,
                username=username,
                display_name=display_name,
                password=password,
                confirm=confirm,
            )
            result = demo.load(s, by=admin.username) if load_demo else None
    except ValidationError as exc:
        errors.show(exc)
    else:
        st.session_state["setup_done_for"] = admin.username
        st.session_state["setup_demo_accounts"] = dict(result.accounts) if result else {}

if st.session_state.get("setup_done_for"):
    st.success(f"Admin account {st.session_state['setup_done_for']!r} created.")
    accounts = st.session_state.get("setup_demo_accounts") or {}
    if accounts:
        st.warning("Demo accounts: these passwords are shown only now. Write them down.")
        st.table({"username": list(accounts), "password": list(accounts.values())})
    if st.button("Continue to log in", type="primary"):
        st.session_state.pop("setup_done_for", None)
        st.session_state.pop("setup_demo_accounts", None)
        st.rerun()

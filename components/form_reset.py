"""Clearing a form after it saved, while keeping what the person typed when it did not.

why (issue 11): `st.form(clear_on_submit=True)` clears the inputs even when the service
refuses them, so a person whose entry was refused had to type it all again. A form instead
keeps its inputs, and after a successful save asks for them to be set back to their
defaults on the next run, before its widgets are drawn (Streamlit forbids changing a
widget's value after it is drawn in a run).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st


def _flag(form_key: str) -> str:
    return f"{form_key}__saved"


def clear_if_saved(form_key: str, defaults: Mapping[str, object]) -> None:
    """Call before drawing the form: if it saved on the last run, put `defaults` back."""
    if st.session_state.pop(_flag(form_key), False):
        for widget_key, value in defaults.items():
            st.session_state[widget_key] = value


def saved(form_key: str) -> None:
    """The form's service succeeded: clear its inputs on the next run."""
    st.session_state[_flag(form_key)] = True

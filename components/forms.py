"""Small helpers for showing domain errors next to the input they concern."""

from __future__ import annotations

import streamlit as st

from advisory.errors import DomainError, ValidationError

FIELD_LABELS = {
    "username": "Username",
    "password": "Password",
    "confirm": "Repeat the password",
    "current_password": "Current password",
    "role": "Role",
    "organisation": "Organisation name",
    "name": "Name",
}


def show_error(exc: DomainError) -> None:
    """Show the error; when it names a field, say which one so the user can find it."""
    field = getattr(exc, "field", None) if isinstance(exc, ValidationError) else None
    if field and field in FIELD_LABELS:
        st.error(f"**{FIELD_LABELS[field]}**: {exc}")
    else:
        st.error(str(exc))

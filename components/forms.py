"""Errors shown next to what they concern, inside a form (the one helper, issue 11).

A form draws its inputs before anyone presses its button, so each input gets an empty slot
right below it; when the service refuses the input (ValidationError with `field`), the
message goes into that slot. An error whose field has no slot is shown where `show` is called,
naming the field when it has a label, so the person can find it; errors without a field go
there too.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from advisory.errors import DomainError, ValidationError
from advisory.i18n import N_, _
from components.database import error_text

ICON = ":material/error:"
# field -> its label (English, translated where shown)
FIELD_LABELS = {
    "username": N_("Username"),
    "password": N_("Password"),
    "confirm": N_("Repeat the password"),
    "current_password": N_("Current password"),
    "role": N_("Role"),
    "organisation": N_("Organisation name"),
    "name": N_("Name"),
}


class FieldErrors:
    def __init__(self) -> None:
        self._slots: dict[str, DeltaGenerator] = {}

    def slot(self, *fields: str) -> None:
        """Reserve the place for the error of `fields` (call right after the input)."""
        placeholder = st.empty()
        for field in fields:
            self._slots[field] = placeholder

    def show(self, exc: DomainError) -> None:
        """Show `exc` under its field's slot, or here (naming the field when it has a label)."""
        field = exc.field if isinstance(exc, ValidationError) else None
        target = self._slots.get(field) if field else None
        message = error_text(exc)
        if target is not None:
            target.error(message, icon=ICON)
        elif field in FIELD_LABELS:
            st.error(
                _("**{field}**: {error}").format(field=_(FIELD_LABELS[field]), error=message),
                icon=ICON,
            )
        else:
            st.error(message, icon=ICON)


def show_error(exc: DomainError) -> None:
    """For a form without slots: the error here, naming its field when it has a label."""
    FieldErrors().show(exc)

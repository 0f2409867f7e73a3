"""Errors shown at the field they concern, inside a form.

A form draws its inputs before anyone presses its button, so each input gets an empty slot
right below it; when the service refuses the input (ValidationError with `field`), the
message goes into that slot. Errors without a field go at the end of the form.
"""

from __future__ import annotations

import streamlit as st

from advisory.errors import DomainError, ValidationError


class FieldErrors:
    def __init__(self) -> None:
        self._slots: dict[str, object] = {}

    def slot(self, *fields: str) -> None:
        """Reserve the place for the error of `fields` (call right after the input)."""
        placeholder = st.empty()
        for field in fields:
            self._slots[field] = placeholder

    def show(self, exc: DomainError) -> None:
        """Show `exc` under its field, or here when it names none (or an unknown one)."""
        field = exc.field if isinstance(exc, ValidationError) else None
        target = self._slots.get(field) if field else None
        if target is not None:
            target.error(str(exc), icon=":material/error:")  # type: ignore[attr-defined]
        else:
            st.error(str(exc), icon=":material/error:")

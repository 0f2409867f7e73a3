"""The "Import history" tab: every import batch, and undoing one as a unit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.services import import_batches
from advisory.services.import_batches import BatchView
from components import forms
from components.database import get_engine


def _row(b: BatchView) -> dict[str, object]:
    return {
        "import": f"#{b.id}",
        "when (UTC)": f"{b.at:%Y-%m-%d %H:%M}",
        "by": b.by,
        "file": b.file_name,
        "source": b.source,
        "rows written": b.row_count,
        "replaced": b.replaced_count,
        "skipped": b.skipped_count,
        "rows now": b.rows_now,
        "undone": f"{b.undone_at:%Y-%m-%d %H:%M} by {b.undone_by}" if b.undone_at else "",
    }


def _undo(live: list[BatchView], actor: Actor, key: str) -> None:
    labels = {b.id: f"#{b.id} {b.file_name} ({b.rows_now:,} rows)" for b in live}
    pick = st.selectbox(
        "Import to undo", list(labels), format_func=labels.__getitem__, key=f"{key}_pick"
    )
    chosen = next(b for b in live if b.id == pick)
    if chosen.replaced_count:
        st.warning(
            f"This import replaced {chosen.replaced_count:,} rows that were there before. "
            "Undoing it deletes its rows; the earlier numbers do not come back (undo the "
            "earlier import too and import its file again if you need them)."
        )
    sure = st.checkbox(
        f"Yes, delete the {chosen.rows_now:,} rows of import #{chosen.id}",
        key=f"{key}_sure_{chosen.id}",
    )
    if not st.button("Undo this import", disabled=not sure, key=f"{key}_button"):
        return
    try:
        deleted = import_batches.undo_batch(get_engine(), batch_id=chosen.id, actor=actor)
    except DomainError as exc:
        forms.show_error(exc)
    else:
        st.success(f"Import #{chosen.id} undone: {deleted:,} rows deleted.")
        st.rerun()


def show(*, actor: Actor, key: str = "att_undo") -> None:
    batches = import_batches.list_batches(get_engine())
    if not batches:
        st.info("Nothing has been imported yet.")
        return
    st.dataframe(pd.DataFrame([_row(b) for b in batches]), hide_index=True, key="att_history_table")
    live = [b for b in batches if b.undone_at is None]
    if live:
        _undo(live, actor, key)

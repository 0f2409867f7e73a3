"""The "Import history" tab: every import batch, and undoing one as a unit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _, ngettext
from advisory.services import import_batches
from advisory.services.import_batches import BatchView
from components import forms
from components.database import get_engine


def _row(b: BatchView) -> dict[str, object]:
    undone = (
        _("{moment} by {name}").format(moment=f"{b.undone_at:%Y-%m-%d %H:%M}", name=b.undone_by)
        if b.undone_at
        else ""
    )
    return {
        _("import"): f"#{b.id}",
        _("when (UTC)"): f"{b.at:%Y-%m-%d %H:%M}",
        _("by"): b.by,
        _("file"): b.file_name,
        _("source"): b.source,
        _("rows written"): b.row_count,
        _("replaced"): b.replaced_count,
        _("skipped"): b.skipped_count,
        _("rows now"): b.rows_now,
        _("undone"): undone,
    }


def _done_key(key: str) -> str:
    return f"{key}_done"


def _undo(live: list[BatchView], actor: Actor, key: str) -> None:
    """Choose an import (nothing chosen at first), confirm with its row count, undo it.

    why (issue 13): the picker used to preselect the newest batch (the demo's 35,948 rows were
    one tick from deletion) and the success message was lost in the rerun that followed.
    """
    labels = {
        b.id: ngettext(
            "#{id} {file} ({rows:,} row)", "#{id} {file} ({rows:,} rows)", b.rows_now
        ).format(id=b.id, file=b.file_name, rows=b.rows_now)
        for b in live
    }
    pick = st.selectbox(
        _("Import to undo"),
        list(labels),
        format_func=labels.get,  # type: ignore[arg-type]
        index=None,
        placeholder=_("Choose an import"),
        key=f"{key}_pick",
    )
    if pick is None:
        st.caption(_("Nothing is deleted until you choose an import and confirm."))
        return
    chosen = next(b for b in live if b.id == pick)
    if chosen.replaced_count:
        st.warning(
            _(
                "This import replaced {count:,} rows that were there before. Undoing it deletes "
                "its rows; the earlier numbers do not come back (undo the earlier import too and "
                "import its file again if you need them)."
            ).format(count=chosen.replaced_count)
        )
    sure = st.checkbox(
        ngettext(
            "Yes, delete the {rows:,} row of import #{id}",
            "Yes, delete the {rows:,} rows of import #{id}",
            chosen.rows_now,
        ).format(rows=chosen.rows_now, id=chosen.id),
        key=f"{key}_sure_{chosen.id}",
    )
    if not st.button(_("Undo this import"), disabled=not sure, key=f"{key}_button"):
        return
    try:
        deleted = import_batches.undo_batch(get_engine(), batch_id=chosen.id, actor=actor)
    except DomainError as exc:
        forms.show_error(exc)
    else:
        st.session_state[_done_key(key)] = ngettext(
            "Import #{id} undone: {rows:,} row deleted.",
            "Import #{id} undone: {rows:,} rows deleted.",
            deleted,
        ).format(id=chosen.id, rows=deleted)
        st.session_state.pop(f"{key}_pick", None)
        st.rerun()


def show(*, actor: Actor, key: str = "att_undo") -> None:
    done = st.session_state.pop(_done_key(key), None)
    if done:
        st.success(done, icon=":material/check_circle:")
    batches = import_batches.list_batches(get_engine())
    if not batches:
        st.info(_("Nothing has been imported yet."))
        return
    st.dataframe(pd.DataFrame([_row(b) for b in batches]), hide_index=True, key="att_history_table")
    live = [b for b in batches if b.undone_at is None]
    if live:
        _undo(live, actor, key)

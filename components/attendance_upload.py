"""The "Upload a file" tab: choose a file, see what the check found, then import it.

Owns its session-state keys (the last check and its key, the last import's summary, the
uploader's round, the codes the last DHIS2 file could not map). The check is a dry run in a
read transaction; the import checks again and writes in one short write transaction.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from advisory import config
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import N_, _, ngettext
from advisory.importers.report import ImportOptions, ImportRejected, ImportReport
from advisory.services import attendance_import
from components import attendance_downloads, attendance_import_report, forms
from components.database import get_engine

LAST_DONE = "att_imp_last_done"
REPORT, REPORT_KEY = "att_imp_report", "att_imp_report_key"
UPLOAD_ROUND = "att_imp_upload_round"
UNMAPPED = "att_imp_unmapped"
ON_EXISTING = "att_imp_on_existing"

KINDS = {
    "canonical": N_("Attendance file (CSV or Excel)"),
    "dhis2": N_("DHIS2 data-value set (CSV)"),
}
CANONICAL_HELP = N_(
    "Columns: `date, site, service, gender, visits`, and if you have them `period` (day, week "
    "or month; day if left out), `unique_clients`, `new_clients`. One row per date, site, "
    "service and gender group. Dates as 2024-03-05."
)
DHIS2_HELP = N_(
    "Export the data-value set from DHIS2 as CSV (day, week or month periods). Codes are read "
    "through the saved mapping on the **DHIS2 mapping** tab."
)


def unmapped_codes() -> dict[str, list[str]]:
    """Codes of the last DHIS2 file checked that have no mapping yet, by kind."""
    return st.session_state.get(UNMAPPED) or {}


def forget_check() -> None:
    """Check the chosen file again on the next run (the mapping changed)."""
    st.session_state.pop(UNMAPPED, None)
    st.session_state.pop(REPORT_KEY, None)


def _options(kind: str, file_name: str, day_first: bool, create_missing: bool) -> ImportOptions:
    if kind == "dhis2":
        fmt = "dhis2"
    else:
        fmt = "xlsx" if file_name.lower().endswith((".xlsx", ".xlsm")) else "csv"
    return ImportOptions(
        format=fmt,
        day_first=day_first and fmt != "dhis2",
        on_existing=st.session_state.get(ON_EXISTING),
        create_missing=create_missing,
    )


def _bar(text: str, done_text: str) -> tuple[DeltaGenerator, Callable[[int, int], None]]:
    bar = st.progress(0.0, text=text)

    def update(done: int, total: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=done_text.format(done=done, total=total))

    return bar, update


def _check(data: bytes, name: str, options: ImportOptions, actor: Actor) -> ImportReport:
    """The dry run, remembered for this file and these options."""
    check_key = (hashlib.sha256(data).hexdigest(), name, repr(options))
    if st.session_state.get(REPORT_KEY) != check_key:
        bar, checking = _bar(_("Checking every row…"), _("Checked {done:,} rows"))
        try:
            report = attendance_import.import_attendance(
                get_engine(),
                source=data,
                file_name=name,
                options=options,
                actor=actor,
                dry_run=True,
                progress=checking,
            )
        except DomainError as exc:
            bar.empty()
            forms.show_error(exc)
            st.stop()
        bar.empty()
        st.session_state[REPORT], st.session_state[REPORT_KEY] = report, check_key
        st.session_state[UNMAPPED] = report.unmapped
    return st.session_state[REPORT]


def _import(data: bytes, name: str, options: ImportOptions, actor: Actor, round_no: int) -> None:
    bar, importing = _bar(_("Importing…"), _("Imported {done:,} of {total:,} rows"))
    try:
        result = attendance_import.import_attendance(
            get_engine(),
            source=data,
            file_name=name,
            options=options,
            actor=actor,
            write_progress=importing,
        )
    except ImportRejected as exc:
        bar.empty()
        attendance_import_report.show_problems(exc.report, key="att_imp_refused")
    except DomainError as exc:
        bar.empty()
        forms.show_error(exc)
    else:
        st.session_state[LAST_DONE] = {
            "summary": result.summary(),
            "totals": attendance_import_report.totals_table(result).to_dict("list"),
        }
        for k in (REPORT, REPORT_KEY, ON_EXISTING):
            st.session_state.pop(k, None)
        st.session_state[UPLOAD_ROUND] = round_no + 1  # a fresh, empty uploader
        st.rerun()


def show(*, actor: Actor, key: str = "att_imp") -> None:
    done = st.session_state.get(LAST_DONE)
    if done:
        st.success(done["summary"], icon=":material/check_circle:")
        st.markdown(_("**Imported visits by site and gender group**"))
        st.table(pd.DataFrame(done["totals"]), hide_index=True)
    kind = st.radio(
        _("What kind of file?"),
        list(KINDS),
        format_func=lambda kind: _(KINDS[kind]),
        horizontal=True,
        key=f"{key}_kind",
    )
    st.caption(_(CANONICAL_HELP) if kind == "canonical" else _(DHIS2_HELP))
    if kind == "canonical":
        attendance_downloads.show_template(key=key)
    round_no = st.session_state.get(UPLOAD_ROUND, 0)
    uploaded = st.file_uploader(
        _("Choose the file"),
        type=["csv", "xlsx"] if kind == "canonical" else ["csv"],
        key=f"{key}_file_{kind}_{round_no}",
        max_upload_size=math.ceil(config.upload_max_bytes() / 1_048_576),
    )
    col1, col2 = st.columns(2)
    day_first = col1.checkbox(
        _("Dates are day first (DD/MM/YYYY)"),
        key=f"{key}_day_first",
        disabled=kind == "dhis2",
        help=_("Tick this if the dates look like 05/03/2024 for 5 March."),
    )
    create_missing = col2.checkbox(
        _("Create sites and services not known yet"), key=f"{key}_create_missing"
    )
    if uploaded is None:
        return
    st.session_state.pop(LAST_DONE, None)
    data = uploaded.getvalue()
    options = _options(kind, uploaded.name, day_first, create_missing)
    report = _check(data, uploaded.name, options, actor)
    attendance_import_report.show(report, key=f"{key}_check")
    if report.existing_rows:
        st.radio(
            ngettext(
                "{rows:,} row is already in the database. What should happen to it?",
                "{rows:,} rows are already in the database. What should happen to them?",
                report.existing_rows,
            ).format(rows=report.existing_rows),
            ["replace", "skip"],
            format_func={
                "replace": _("Replace them with the numbers in this file"),
                "skip": _("Keep what is there and skip those rows"),
            }.get,
            index=None,
            key=ON_EXISTING,
        )
    if report.unmapped:
        st.info(
            _(
                "Map the codes on the **DHIS2 mapping** tab (they are listed there), then choose "
                "the file again."
            )
        )
    label = ngettext("Import {rows:,} row", "Import {rows:,} rows", report.rows_read).format(
        rows=report.rows_read
    )
    if report.ok and st.button(
        label, type="primary", key=f"{key}_commit", icon=":material/upload:"
    ):
        _import(data, uploaded.name, options, actor, round_no)

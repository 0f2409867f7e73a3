"""Draw an import check (dry run) or refusal: problems, first rows, gender mapping, totals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.i18n import N_, _
from advisory.importers.headers import PERSONAL_DATA_EXPLANATION, PERSONAL_DATA_REASON
from advisory.importers.report import ImportReport
from advisory.services.attendance import GENDER_LABELS

MAX_SHOWN = 200
PERSONAL_DATA_SHORT = N_(
    "This column looks like personal data: remove it (why: see the note above the table)."
)


def totals_table(report: ImportReport) -> pd.DataFrame:
    """Visits by site (rows) and gender group (columns, in words), with a total."""
    totals = report.totals if report.totals is not None else pd.DataFrame()
    table = totals.rename(columns={**GENDER_LABELS, "total": "Total"})
    table.index.name = "Site"
    return table.reset_index()


def problems_table(report: ImportReport) -> pd.DataFrame:
    """The problems to show, the first MAX_SHOWN; a personal-data column's reason is short.

    why (issue 13): each such column carried the whole explanation, so it was printed twice
    (in the warning above the table and again in the table); the downloaded list keeps it.
    """
    frame = report.problems_frame().head(MAX_SHOWN)
    if "reason" in frame.columns:
        frame["reason"] = frame["reason"].replace(PERSONAL_DATA_REASON, _(PERSONAL_DATA_SHORT))
    frame["row"] = frame["row"].map(lambda r: "whole file" if pd.isna(r) else str(int(r)))
    return frame.rename(columns=str.capitalize)


def show_problems(report: ImportReport, *, key: str) -> None:
    n = report.problem_count
    st.error(
        f"**{n} {'problem' if n == 1 else 'problems'} found: nothing has been imported.** "
        "Correct the file and choose it again (row numbers count the header as row 1, as a "
        "spreadsheet does)."
    )
    if report.personal_data_columns:
        st.warning(
            "**Personal data is refused.** " + PERSONAL_DATA_EXPLANATION,
            icon=":material/privacy_tip:",
        )
    st.table(problems_table(report), hide_index=True)
    if n > len(report.problems):
        # why (issue 14): a hostile file listed 5.4 million problems; the first 1,000 are kept.
        st.caption(
            f"The first {min(MAX_SHOWN, len(report.problems)):,} of {n:,} problems; the download "
            f"lists the first {len(report.problems):,}. Correct those and check the file again."
        )
    elif n > MAX_SHOWN:
        st.caption(f"The first {MAX_SHOWN} of {n} problems; download the list for all of them.")
    st.download_button(
        "Download the problems (CSV)",
        report.problems_csv(),
        file_name=f"problems-{report.file_name.rsplit('.', 1)[0][:60]}.csv",
        mime="text/csv",
        key=f"{key}_problems_download",
        icon=":material/download:",
    )


def show(report: ImportReport, *, key: str) -> None:
    """Everything the check found, for the person to look at before importing."""
    if report.problem_count:
        show_problems(report, key=key)
    else:
        st.success(
            f"**{report.rows_read:,} rows checked: no problems.** Look at the totals below, "
            "then import."
        )
    if report.totals is not None and len(report.totals):
        st.markdown("**Visits by site and gender group** (rows without problems)")
        st.table(totals_table(report), hide_index=True)
    if report.gender_mapping is not None and len(report.gender_mapping):
        st.markdown("**How the gender labels in the file are read**")
        st.table(report.gender_mapping, hide_index=True)
    if report.unknown_sites or report.unknown_services:
        names = ", ".join(report.unknown_sites + report.unknown_services)
        st.info(
            f"Not known yet: {names}. Tick *Create sites and services not known yet* to add "
            "them in the same step, or correct the names in the file."
        )
    if report.created_sites or report.created_services:
        st.info("Will be created: " + ", ".join(report.created_sites + report.created_services))
    if report.deleted_skipped:
        st.caption(f"{report.deleted_skipped} rows marked deleted in DHIS2 are left out.")
    if report.preview is not None and len(report.preview):
        with st.expander(f"The first {len(report.preview)} rows as read", expanded=False):
            st.dataframe(report.preview, hide_index=True, key=f"{key}_preview")

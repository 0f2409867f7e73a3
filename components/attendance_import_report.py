"""Draw an import check (dry run) or refusal: problems, first rows, gender mapping, totals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.i18n import N_, _, ngettext
from advisory.importers.headers import PERSONAL_DATA_EXPLANATION, PERSONAL_DATA_REASON
from advisory.importers.report import ImportReport
from advisory.services.attendance import GENDER_LABELS

MAX_SHOWN = 200
# The problem list's columns (problems_frame) as headed on the page.
COLUMNS = {"row": N_("Row"), "column": N_("Column"), "value": N_("Value"), "reason": N_("Reason")}
PERSONAL_DATA_SHORT = N_(
    "This column looks like personal data: remove it (why: see the note above the table)."
)


def totals_table(report: ImportReport) -> pd.DataFrame:
    """Visits by site (rows) and gender group (columns, in words), with a total."""
    totals = report.totals if report.totals is not None else pd.DataFrame()
    labels = {group: _(label) for group, label in GENDER_LABELS.items()}
    table = totals.rename(columns={**labels, "total": _("Total")})
    table.index.name = _("Site")
    return table.reset_index()


def problems_table(report: ImportReport) -> pd.DataFrame:
    """The problems to show, the first MAX_SHOWN; a personal-data column's reason is short.

    why (issue 13): each such column carried the whole explanation, so it was printed twice
    (in the warning above the table and again in the table); the downloaded list keeps it.
    """
    frame = report.problems_frame().head(MAX_SHOWN)
    if "reason" in frame.columns:
        frame["reason"] = frame["reason"].replace(_(PERSONAL_DATA_REASON), _(PERSONAL_DATA_SHORT))
    whole_file = _("whole file")
    frame["row"] = frame["row"].map(lambda r: whole_file if pd.isna(r) else str(int(r)))
    return frame.rename(columns=lambda column: _(COLUMNS.get(column, column.capitalize())))


def show_problems(report: ImportReport, *, key: str) -> None:
    n = report.problem_count
    st.error(
        ngettext(
            "**{n} problem found: nothing has been imported.** Correct the file and choose it "
            "again (row numbers count the header as row 1, as a spreadsheet does).",
            "**{n} problems found: nothing has been imported.** Correct the file and choose it "
            "again (row numbers count the header as row 1, as a spreadsheet does).",
            n,
        ).format(n=n)
    )
    if report.personal_data_columns:
        st.warning(
            _("**Personal data is refused.** {explanation}").format(
                explanation=_(PERSONAL_DATA_EXPLANATION)
            ),
            icon=":material/privacy_tip:",
        )
    st.table(problems_table(report), hide_index=True)
    if n > len(report.problems):
        # why (issue 14): a hostile file listed 5.4 million problems; the first 1,000 are kept.
        st.caption(
            _(
                "The first {shown:,} of {n:,} problems; the download lists the first {kept:,}. "
                "Correct those and check the file again."
            ).format(shown=min(MAX_SHOWN, len(report.problems)), n=n, kept=len(report.problems))
        )
    elif n > MAX_SHOWN:
        st.caption(
            _("The first {shown} of {n} problems; download the list for all of them.").format(
                shown=MAX_SHOWN, n=n
            )
        )
    st.download_button(
        _("Download the problems (CSV)"),
        report.problems_csv(),
        file_name=f"problems-{report.file_name.rsplit('.', 1)[0][:60]}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"{key}_problems_download",
        icon=":material/download:",
    )


def show(report: ImportReport, *, key: str) -> None:
    """Everything the check found, for the person to look at before importing."""
    if report.problem_count:
        show_problems(report, key=key)
    else:
        st.success(
            ngettext(
                "**{rows:,} row checked: no problems.** Look at the totals below, then import.",
                "**{rows:,} rows checked: no problems.** Look at the totals below, then import.",
                report.rows_read,
            ).format(rows=report.rows_read)
        )
    if report.totals is not None and len(report.totals):
        st.markdown(_("**Visits by site and gender group** (rows without problems)"))
        st.table(totals_table(report), hide_index=True)
    if report.gender_mapping is not None and len(report.gender_mapping):
        st.markdown(_("**How the gender labels in the file are read**"))
        st.table(report.gender_mapping, hide_index=True)
    if report.unknown_sites or report.unknown_services:
        names = ", ".join(report.unknown_sites + report.unknown_services)
        st.info(
            _(
                "Not known yet: {names}. Tick *Create sites and services not known yet* to add "
                "them in the same step, or correct the names in the file."
            ).format(names=names)
        )
    if report.created_sites or report.created_services:
        st.info(
            _("Will be created: {names}").format(
                names=", ".join(report.created_sites + report.created_services)
            )
        )
    if report.deleted_skipped:
        st.caption(
            ngettext(
                "{n} row marked deleted in DHIS2 is left out.",
                "{n} rows marked deleted in DHIS2 are left out.",
                report.deleted_skipped,
            ).format(n=report.deleted_skipped)
        )
    if report.preview is not None and len(report.preview):
        with st.expander(
            _("The first {n} rows as read").format(n=len(report.preview)), expanded=False
        ):
            st.dataframe(report.preview, hide_index=True, key=f"{key}_preview")

"""The recommendations page's downloads: the list, its history, or both in one workbook.

The files are built only when a button is pressed (components/downloads.py).
"""

from __future__ import annotations

import streamlit as st

from advisory.actors import Actor
from advisory.exports import recommendations_export
from advisory.i18n import N_, _
from components.downloads import CSV, XLSX, deferred

PAGE = "recommendations"


FILES = (
    (
        N_("Recommendations (CSV)"),
        recommendations_export.recommendations_csv,
        "recommendations.csv",
        CSV,
    ),
    (N_("History (CSV)"), recommendations_export.history_csv, "recommendations-history.csv", CSV),
    (N_("Both (Excel)"), recommendations_export.recommendations_xlsx, "recommendations.xlsx", XLSX),
)


def show(*, actor: Actor) -> None:
    st.subheader(_("Download"))
    for column, (label, build, file_name, mime) in zip(st.columns(3), FILES, strict=True):
        column.download_button(
            _(label),
            deferred(actor, PAGE, build),
            file_name=file_name,
            mime=mime,
            on_click="ignore",
        )

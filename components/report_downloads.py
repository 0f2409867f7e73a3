"""Download buttons for a quarter's reports: internal for everyone, shareable for directors."""

from __future__ import annotations

import streamlit as st

from advisory.reports.quarterly import QuarterlyReport
from advisory.reports.quarterly_html import render_html


def show(
    internal: QuarterlyReport, shareable: QuarterlyReport | None, *, key: str = "report"
) -> None:
    """Buttons `<key>_download_internal` and (when `shareable` is given) `..._shareable`."""
    col1, col2 = st.columns(2)
    with col1:
        st.download_button(
            "Download the internal report",
            data=render_html(internal).encode("utf-8"),
            file_name=internal.filename,
            mime="text/html",
            on_click="ignore",
            key=f"{key}_download_internal",
            icon=":material/download:",
            help="Contains minutes and names: for the group and the directors only.",
        )
    if shareable is not None:
        with col2:
            st.download_button(
                "Download the shareable report",
                data=render_html(shareable).encode("utf-8"),
                file_name=shareable.filename,
                mime="text/html",
                on_click="ignore",
                key=f"{key}_download_shareable",
                icon=":material/download:",
                help="No minutes or names, and counts under the threshold hidden: for funders.",
            )

"""The funder view's report downloads: each quarter as a printable web page and as PDF, made
only when its button is clicked (issue 13: the page no longer builds four reports a run)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from advisory import i18n
from advisory.i18n import _
from advisory.periods import Quarter
from advisory.reports import funder_view
from advisory.reports.funder_view import FunderView
from components.database import get_engine
from components.share_gate import current_token


def _report(engine: Engine, token: str, quarter: Quarter, fmt: str, language: str) -> bytes:
    with i18n.use(language):
        return funder_view.report_file(engine, token, quarter, fmt)


def show(view: FunderView) -> None:
    st.subheader(_("Quarterly reports"))
    if not view.quarters:
        st.write(_("No quarter has records yet."))
        return
    engine, token = get_engine(), current_token()
    language = i18n.active()  # the report is made on click, in a thread in English
    for q in view.quarters:
        st.markdown(f"**{q.display}**")
        with st.container(horizontal=True, wrap=True, gap="small"):
            for fmt, label in (("pdf", _("PDF")), ("html", _("Web page"))):
                st.download_button(
                    label,
                    # Deferred: runs on click, in its own thread, and checks the link again.
                    data=lambda q=q, fmt=fmt: _report(engine, token, q, fmt, language),  # type: ignore[misc]
                    file_name=funder_view.file_name(q, fmt),
                    mime=funder_view.MIME[fmt],
                    on_click="ignore",
                    key=f"shared_report_{q.year}_{q.number}_{fmt}",
                    icon=":material/download:",
                )

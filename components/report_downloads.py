"""Download buttons for a quarter's reports: internal for everyone, shareable for directors,
each as PDF and as a printable web page, made only when clicked (issue 13: the page built
both reports on every run)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from advisory import i18n
from advisory.i18n import _
from advisory.periods import Quarter
from advisory.reports import report_files
from components.database import get_engine


def _report(engine: Engine, quarter: Quarter, shareable: bool, fmt: str, language: str) -> bytes:
    # Made on click, in a thread whose language is English: in the reader's language.
    with i18n.use(language):
        return report_files.report_bytes(engine, quarter=quarter, shareable=shareable, fmt=fmt)


def _language(key: str) -> str:
    choices = i18n.available()
    if len(choices) < 2:
        return i18n.active()
    codes = list(choices)
    return st.selectbox(
        _("Language of the reports"),
        codes,
        index=codes.index(i18n.active()) if i18n.active() in codes else 0,
        format_func=lambda code: choices[code],
        key=f"{key}_language",
        width=260,
    )


def show(quarter: Quarter, *, shareable: bool, key: str = "report") -> None:
    """Buttons `<key>_internal_pdf`, `<key>_internal_html` and, with ``shareable``,
    `<key>_shareable_pdf`, `<key>_shareable_html`; the menu `<key>_language` says which language
    the reports are made in (the reader's own at first: a director may make one for a funder
    who reads another)."""
    engine, language = get_engine(), _language(key)
    versions = [("internal", False)] + ([("shareable", True)] if shareable else [])
    helps = {
        "internal": _("Contains minutes and names: for the group and the directors only."),
        "shareable": _("No minutes or names, and counts of people under the threshold hidden."),
    }
    titles = {"internal": _("Internal report"), "shareable": _("Shareable report, for funders")}
    for version, is_shareable in versions:
        st.markdown(f"**{titles[version]}**")
        with st.container(horizontal=True, wrap=True, gap="small"):
            for fmt, label in (("pdf", _("PDF")), ("html", _("Web page"))):
                st.download_button(
                    label,
                    data=lambda s=is_shareable, f=fmt: _report(engine, quarter, s, f, language),  # type: ignore[misc]
                    file_name=report_files.file_name(quarter, version, fmt),
                    mime=report_files.MIME[fmt],
                    on_click="ignore",
                    key=f"{key}_{version}_{fmt}",
                    icon=":material/download:",
                    help=helps[version],
                )

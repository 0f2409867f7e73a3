"""The feedback summary to take away: a printable page (A4) and, where the server can make
one, a PDF. Both are built when pressed (components/downloads.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import streamlit as st
from sqlalchemy import Engine

from advisory import i18n
from advisory.actors import Actor
from advisory.i18n import _
from advisory.pdf import engine_path, html_to_pdf
from advisory.services import feedback
from components.downloads import deferred

PAGE = "feedback"
HTML = "text/html"
PDF = "application/pdf"


def _html(engine: Engine, *, since_meeting_id: int | None) -> bytes:
    return feedback.printable(engine, since_meeting_id=since_meeting_id).encode("utf-8")


def _pdf(engine: Engine, *, since_meeting_id: int | None) -> bytes:
    # The single PDF call site of this page: the same printable page, through advisory.pdf.
    return html_to_pdf(feedback.printable(engine, since_meeting_id=since_meeting_id))


def _in_language(build: Callable[[Engine], bytes], language: str) -> Callable[[Engine], bytes]:
    """`build`, made in `language`: the button runs it later, in a thread in English."""

    def made(engine: Engine) -> bytes:
        with i18n.use(language):
            return build(engine)

    return made


def show(*, actor: Actor, since_meeting_id: int | None, today: dt.date) -> None:
    name = f"what-happened-{today:%Y-%m-%d}"
    files: list[tuple[str, Callable[[Engine], bytes], str, str, str]] = [
        (
            _("Download the printable page (A4)"),
            partial(_html, since_meeting_id=since_meeting_id),
            f"{name}.html",
            HTML,
            "feedback_download_html",
        )
    ]
    if engine_path() is not None:
        files.append(
            (
                _("Download as PDF"),
                partial(_pdf, since_meeting_id=since_meeting_id),
                f"{name}.pdf",
                PDF,
                "feedback_download_pdf",
            )
        )
    language = i18n.active()
    for column, (label, build, file_name, mime, key) in zip(
        st.columns(len(files)), files, strict=True
    ):
        column.download_button(
            label,
            deferred(actor, PAGE, _in_language(build, language)),
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            key=key,
            width="stretch",
            icon=":material/download:",
        )

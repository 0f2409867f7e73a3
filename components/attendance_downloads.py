"""Attendance files to download: one site's records for a period, and the blank template.

Both are canonical CSV (the import format, so a downloaded file can be corrected and imported
again), site and service names neutralised so a spreadsheet runs no formula. The site file is
built only when its button is pressed (`components.downloads.deferred`), for directors and
admins: the daily counts by service are finer than what the page draws, and a day with one
visit in a small group could point at a person.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

import streamlit as st
from sqlalchemy import Engine

from advisory.actors import Actor
from advisory.i18n import _
from advisory.permissions import can
from advisory.services import attendance_export
from components.downloads import CSV, deferred

PAGE = "attendance_import"  # who may download: those who may import (directors, admins)


def file_name(site: str, start: dt.date, end: dt.date) -> str:
    """'attendance-riverside-drop-in-2024-01-01-to-2024-12-31.csv' (letters, digits, dashes)."""
    slug = re.sub(r"[^a-z0-9]+", "-", site.lower()).strip("-")[:60] or "site"
    return f"attendance-{slug}-{start.isoformat()}-to-{end.isoformat()}.csv"


def show_site_download(
    *, actor: Actor, site_id: int, site: str, start: dt.date, end: dt.date, key: str
) -> None:
    """The download button for one site's records from `start` to `end` (directors, admins)."""
    if not can(actor.role, "manage_attendance"):
        return
    build = partial(_site_file, site_id=site_id, start=start, end=end)
    st.download_button(
        _("Download these counts (CSV)"),
        deferred(actor, PAGE, build),
        file_name=file_name(site, start, end),
        mime=CSV,
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}_site_csv",
        help=_(
            "Every record of this site from the first to the last day chosen, by date, "
            "service and gender group, in the format the import page reads."
        ),
    )


def _site_file(engine: Engine, *, site_id: int, start: dt.date, end: dt.date) -> bytes:
    return attendance_export.site_csv(engine, site_id=site_id, start=start, end=end)


def show_template(*, key: str) -> None:
    """The blank file with the canonical headers, to fill in and import."""
    st.download_button(
        _("Download a blank template (CSV)"),
        attendance_export.template_csv,
        file_name="attendance-template.csv",
        mime=CSV,
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}_template",
    )

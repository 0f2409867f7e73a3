"""The building blocks every shared output uses: the protected table, k, dates in words.

The funder view (:mod:`advisory.services.share_content`), the shareable quarterly report and
the internal report all draw tables of this one shape, so a page or a report renders any of
them the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import privacy
from advisory.db import reads
from advisory.i18n import _, format_date
from advisory.models import Site
from advisory.periods import quarter_display
from advisory.services import organisation

Granularity = str  # "week", "month" or "quarter"


@dataclass(frozen=True)
class ProtectedTable:
    """A table ready to show: ``display`` holds text ("<5", "0", "1,234"), ``numbers`` the
    shown counts as floats with NaN where hidden (for charts). ``note`` says what "<k" means."""

    display: pd.DataFrame
    numbers: pd.DataFrame
    note: str
    any_hidden: bool


def exact_table(frame: pd.DataFrame) -> ProtectedTable:
    """A table of counts that identify no one (recommendations by status, per quarter), shown
    exactly in the same shape as a protected one (issue 13: small-number protection is for
    people, not for requests)."""
    display = frame.map(privacy.format_exact).astype("str") if not frame.empty else frame
    return ProtectedTable(
        display=display.astype("str"), numbers=frame.astype("float64"), note="", any_hidden=False
    )


def day_text(day: dt.date | None) -> str:
    """'3 March 2025' (no leading zero), '' for None."""
    return "" if day is None else format_date(day, "d MMMM y")


@reads
def k_for(session: Session) -> int:
    """The organisation's small-number threshold, validated (3..20)."""
    return privacy.validate_k(organisation.small_number_k(session))


def period_label(start: pd.Timestamp | dt.date, granularity: Granularity) -> str:
    day = pd.Timestamp(start)
    if granularity == "week":
        return _("Week of {day}").format(day=format_date(day.date(), "d MMM y"))
    if granularity == "month":
        return format_date(day.date(), "MMM y")
    return quarter_display(day.date())


def as_date(value: object) -> dt.date:
    """A date from a date, a datetime or an ISO string (SQL results differ per database)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@reads
def site_names(session: Session, site_ids: Sequence[int] | None) -> dict[int, str]:
    """Site id -> name for the given ids (an empty dict for none)."""
    if not site_ids:
        return {}
    rows = session.execute(select(Site.id, Site.name).where(Site.id.in_(list(site_ids))))
    return dict(rows.all())

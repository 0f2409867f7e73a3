"""Recommendation progress as a funder may see it: allowlisted fields, protected counts.

Titles, categories, statuses and dates only (never descriptions, rationales or comments),
selected column by column in the queries here. Counts of recommendations identify no one and
are shown exactly (issue 13; :func:`advisory.privacy.format_exact`): small-number protection
is for counts of people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, exists, or_, select, true
from sqlalchemy.orm import Session

from advisory import privacy
from advisory.db import reads
from advisory.i18n import N_, _
from advisory.lifecycle import STATUS_LABELS, STATUSES
from advisory.models import Category, Recommendation, RecommendationEvent, RecommendationSite
from advisory.periods import Quarter, quarter_label
from advisory.services.shared_output import ProtectedTable, as_date, exact_table

STATUS_ORDER: tuple[str, ...] = STATUSES
COMPLETED = ("done", "verified")
NOT_OVERDUE = frozenset({"done", "verified", "declined"})
NO_PERCENT = N_("none yet")


@dataclass(frozen=True)
class RecommendationItem:
    """One recommendation, allowlisted fields only."""

    title: str
    category: str
    status: str
    status_label: str
    raised_on: dt.date
    responded_on: dt.date | None
    due_on: dt.date | None
    done_on: dt.date | None
    verified_on: dt.date | None


@dataclass(frozen=True)
class RecommendationProgress:
    items: tuple[RecommendationItem, ...]
    by_status: ProtectedTable  # one column "Recommendations", rows the statuses + "Total"
    done_or_verified_pct: str  # "40%", or "none yet" with no recommendation
    overdue: str  # exact: recommendations identify no one
    per_quarter: ProtectedTable  # rows "2025 Q1"..., columns Raised, Done


def _recommendation_filter(site_ids: Sequence[int] | None) -> ColumnElement[bool]:
    """Recommendations for any of the sites, or for no particular site (service-wide)."""
    if site_ids is None:
        return true()
    linked = select(RecommendationSite.recommendation_id).where(
        RecommendationSite.site_id.in_(list(site_ids))
    )
    any_site = exists().where(RecommendationSite.recommendation_id == Recommendation.id)
    return or_(Recommendation.id.in_(linked), ~any_site)


@reads
def recommendation_items(
    session: Session,
    *,
    site_ids: Sequence[int] | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    as_of: dt.date | None = None,
) -> list[RecommendationItem]:
    """Recommendations raised in the range at the sites (or service-wide), oldest first.

    Selects only the allowlisted columns. Service-wide recommendations (no site) concern every
    site, so every link with this section shows them. With ``as_of`` (a link whose dates end
    before today) each recommendation is shown as it stood at the end of that day: its status
    then (from its status history) and no date after it, so nothing beyond the link's dates
    shows.
    """
    r = Recommendation
    q = (
        select(
            r.id,
            r.title,
            Category.name,
            r.status,
            r.raised_on,
            r.responded_on,
            r.response,
            r.due_on,
            r.done_on,
            r.verified_on,
        )
        .join(Category, Category.id == r.category_id)
        .where(_recommendation_filter(site_ids))
        .order_by(r.raised_on, r.id)
    )
    if date_from is not None:
        q = q.where(r.raised_on >= date_from)
    if date_to is not None:
        q = q.where(r.raised_on <= date_to)
    rows = session.execute(q).all()
    history = _statuses_as_of(session, [row.id for row in rows], as_of) if as_of else {}
    items = []
    for row in rows:
        dates = {
            "responded_on": as_date(row.responded_on) if row.responded_on else None,
            "due_on": as_date(row.due_on) if row.due_on else None,
            "done_on": as_date(row.done_on) if row.done_on else None,
            "verified_on": as_date(row.verified_on) if row.verified_on else None,
        }
        status = row.status
        if as_of is not None:
            # Events after the day are unknown then; a due date is a plan (usually later than
            # the day) known once the response was given.
            dates = {
                key: (d if d is None or key == "due_on" or d <= as_of else None)
                for key, d in dates.items()
            }
            if dates["responded_on"] is None:
                dates["due_on"] = None
            status = history.get(row.id) or _status_from_dates(dates, row.response)
        items.append(
            RecommendationItem(
                title=row.title,
                category=row.name,
                status=status,
                status_label=_(STATUS_LABELS.get(status, status)),
                raised_on=as_date(row.raised_on),
                **dates,
            )
        )
    return items


def _statuses_as_of(session: Session, ids: Sequence[int], day: dt.date) -> dict[int, str]:
    """The last status each recommendation reached by the end of ``day`` (status events)."""
    if not ids:
        return {}
    e = RecommendationEvent
    q = (
        select(e.recommendation_id, e.to_status)
        .where(
            e.recommendation_id.in_(list(ids)),
            e.kind == "status",
            e.to_status.is_not(None),
            e.at < dt.datetime.combine(day + dt.timedelta(days=1), dt.time()),
        )
        .order_by(e.at, e.id)
    )
    # to_status is never None here (the query's filter); the check tells the type checker.
    return {rec_id: status for rec_id, status in session.execute(q) if status is not None}


def _status_from_dates(dates: dict[str, dt.date | None], response: str | None) -> str:
    """Fallback for records without a status history (e.g. imported)."""
    if dates["verified_on"]:
        return "verified"
    if dates["done_on"]:
        return "done"
    if dates["responded_on"]:
        return response or "accepted"
    return "raised"


def _status_counts(items: Sequence[RecommendationItem]) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_ORDER}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return counts


def _single_column_table(counts: dict[str, int], column: str) -> ProtectedTable:
    """Recommendations per status and their total, exactly."""
    frame = pd.DataFrame(
        {column: [*counts.values(), sum(counts.values())]},
        index=[*(_(STATUS_LABELS.get(s, s)) for s in counts), _(privacy.TOTAL)],
        dtype="int64",
    )
    return exact_table(frame)


@reads
def recommendation_progress(
    session: Session,
    *,
    site_ids: Sequence[int] | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    today: dt.date,
    as_of: dt.date | None = None,
) -> RecommendationProgress:
    """Allowlisted recommendations and their progress figures (exact) for a scope.

    ``as_of``: show them as they stood at the end of that day (see recommendation_items);
    "overdue" is then judged on that day too.
    """
    today = as_of or today
    items = recommendation_items(
        session, site_ids=site_ids, date_from=date_from, date_to=date_to, as_of=as_of
    )
    counts = _status_counts(items)
    by_status = _single_column_table(counts, _("Recommendations"))
    total = sum(counts.values())
    finished = sum(counts[s] for s in COMPLETED)
    pct = 100.0 * finished / total if total else None
    overdue = sum(
        1
        for item in items
        if item.due_on is not None and item.due_on < today and item.status not in NOT_OVERDUE
    )
    return RecommendationProgress(
        items=tuple(items),
        by_status=by_status,
        done_or_verified_pct=_(NO_PERCENT) if pct is None else f"{pct:.0f}%",
        overdue=privacy.format_exact(overdue),
        per_quarter=_per_quarter(items),
    )


def _per_quarter(items: Sequence[RecommendationItem]) -> ProtectedTable:
    raised: dict[str, int] = {}
    done: dict[str, int] = {}
    for item in items:
        raised[quarter_label(item.raised_on)] = raised.get(quarter_label(item.raised_on), 0) + 1
        if item.done_on is not None:
            done[quarter_label(item.done_on)] = done.get(quarter_label(item.done_on), 0) + 1
    keys = sorted(set(raised) | set(done))
    raised_column, done_column = _("Raised"), _("Done")
    frame = pd.DataFrame(
        {
            raised_column: [raised.get(q, 0) for q in keys],
            done_column: [done.get(q, 0) for q in keys],
        },
        index=pd.Index([Quarter.parse(q).display for q in keys], dtype="object"),
        dtype="int64",
    )
    if frame.empty:
        empty = pd.DataFrame(columns=[raised_column, done_column], dtype="str")
        return ProtectedTable(empty, empty.astype("float64"), "", False)
    return exact_table(frame)

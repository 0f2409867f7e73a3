"""Recommendations as read: one record, the table's filters, the board, the director's queue,
the timeline, the progress figures, and the choices the forms offer.

Every public function here is a `@reads` service (issue 11): pages pass the engine and get a
read transaction that never takes SQLite's write lock; other services pass their own session.
The rules these views apply (overdue, what waits for a response) live in advisory.lifecycle.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import clock, text_search
from advisory.db import reads
from advisory.errors import NotFound
from advisory.i18n import N_, _
from advisory.lifecycle import (
    COMPLETED,
    NEXT_STEPS,
    STATUSES,
    Status,
    awaits_response,
    is_overdue,
    status_label,
)
from advisory.models import (
    Category,
    Meeting,
    Recommendation,
    RecommendationEvent,
    RecommendationSite,
    Site,
    User,
)
from advisory.periods import quarter_display, quarter_of
from advisory.services import categories, meeting_views, organisation, users

NOT_FOUND = N_("No such recommendation. It may have been removed; go back to the list.")
OWNER_ROLES = ("director", "admin")  # the accounts a recommendation can be given to


@dataclass(frozen=True)
class RecommendationView:
    """A recommendation as plain values (safe for session state)."""

    id: int
    meeting_id: int
    meeting_label: str
    title: str
    description: str
    category_id: int
    category: str
    priority: str
    owner_user_id: int | None
    owner_role: str | None
    owner: str
    due_on: dt.date | None
    status: Status
    raised_on: dt.date
    response: str | None
    response_rationale: str | None
    responded_on: dt.date | None
    needs_funding: bool
    deferred_until: dt.date | None
    done_on: dt.date | None
    what_changed: str | None
    evidence: str | None
    verified_at_meeting_id: int | None
    verified_at_meeting_label: str | None
    verified_on: dt.date | None
    verification_comment: str | None
    escalation_level: str | None
    escalated_on: dt.date | None
    site_ids: tuple[int, ...]
    site_names: tuple[str, ...]
    overdue: bool
    version: int
    updated_at: dt.datetime
    updated_by: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def next_steps(self) -> tuple[Status, ...]:
        return NEXT_STEPS[self.status]


@dataclass(frozen=True)
class EventView:
    id: int
    at: dt.datetime
    by: str
    kind: str  # status, comment, progress, escalation, edit
    from_status: str | None
    to_status: str | None
    comment: str

    @property
    def summary(self) -> str:
        """'Raised → Under review', 'Comment', 'Progress update', 'Escalated', 'Details edited'."""
        if self.kind == "status":
            if self.from_status is None:
                return f"{status_label(self.to_status or '')}"
            return f"{status_label(self.from_status)} → {status_label(self.to_status or '')}"
        words = EVENT_WORDS.get(self.kind)
        return _(words) if words else self.kind


EVENT_WORDS = {
    "comment": N_("Comment"),
    "progress": N_("Progress update"),
    "escalation": N_("Escalated"),
    "edit": N_("Details edited"),
}


@dataclass(frozen=True)
class QuarterCount:
    quarter: str
    raised: int
    completed: int


@dataclass(frozen=True)
class ProgressFigures:
    """The progress panel's numbers. `completed` in a quarter counts done_on dates."""

    total: int
    counts_by_status: dict[str, int]
    done_or_verified: int
    done_or_verified_pct: float | None
    median_days_to_done: float | None
    overdue: int
    per_quarter: tuple[QuarterCount, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class FilterChoices:
    """What the table's filters offer: every category, site, owner (as shown) and meeting."""

    categories: dict[int, str]
    sites: dict[int, str]
    owners: list[str]
    meetings: dict[int, str]


@dataclass(frozen=True)
class DetailChoices:
    """What the raise and edit forms offer: active categories, sites and owner accounts."""

    categories: dict[int, str]
    sites: dict[int, str]
    owners: dict[int, str]


def _owner_text(rec: Recommendation, names: dict[int, str]) -> str:
    if rec.owner_user_id is not None:
        return names.get(rec.owner_user_id, _("A removed account"))
    if rec.owner_role:
        return rec.owner_role
    return _("Not set")


def _meeting_label(held_on: dt.date | None) -> str | None:
    return _("{quarter} meeting").format(quarter=quarter_display(held_on)) if held_on else None


def _views(
    session: Session, recs: list[Recommendation], *, today: dt.date
) -> list[RecommendationView]:
    if not recs:
        return []
    ids = [r.id for r in recs]
    category_names = dict(session.execute(select(Category.id, Category.name)).all())
    user_names = dict(session.execute(select(User.id, User.display_name)).all())
    meeting_ids = {r.meeting_id for r in recs} | {
        r.verified_at_meeting_id for r in recs if r.verified_at_meeting_id
    }
    held = dict(
        session.execute(
            select(Meeting.id, Meeting.held_on).where(Meeting.id.in_(meeting_ids))
        ).all()
    )
    site_rows = session.execute(
        select(RecommendationSite.recommendation_id, Site.id, Site.name)
        .join(Site, Site.id == RecommendationSite.site_id)
        .where(RecommendationSite.recommendation_id.in_(ids))
        .order_by(Site.name)
    )
    site_lists: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    for rec_id, site_id, name in site_rows:
        site_lists[rec_id].append((site_id, name))
    return [
        RecommendationView(
            id=r.id,
            meeting_id=r.meeting_id,
            meeting_label=_meeting_label(held.get(r.meeting_id)) or "",
            title=r.title,
            description=r.description or "",
            category_id=r.category_id,
            category=category_names.get(r.category_id, ""),
            priority=r.priority,
            owner_user_id=r.owner_user_id,
            owner_role=r.owner_role,
            owner=_owner_text(r, user_names),
            due_on=r.due_on,
            status=Status(r.status),
            raised_on=r.raised_on,
            response=r.response,
            response_rationale=r.response_rationale,
            responded_on=r.responded_on,
            needs_funding=bool(r.needs_funding),
            deferred_until=r.deferred_until,
            done_on=r.done_on,
            what_changed=r.what_changed,
            evidence=r.evidence,
            verified_at_meeting_id=r.verified_at_meeting_id,
            verified_at_meeting_label=_meeting_label(held.get(r.verified_at_meeting_id or 0)),
            verified_on=r.verified_on,
            verification_comment=r.verification_comment,
            escalation_level=r.escalation_level,
            escalated_on=r.escalated_on,
            site_ids=tuple(s for s, _name in site_lists[r.id]),
            site_names=tuple(n for _id, n in site_lists[r.id]),
            overdue=is_overdue(
                status=r.status, due_on=r.due_on, deferred_until=r.deferred_until, today=today
            ),
            version=r.version,
            updated_at=r.updated_at,
            updated_by=r.updated_by,
        )
        for r in recs
    ]


@reads
def get(
    session: Session, recommendation_id: int, *, today: dt.date | None = None
) -> RecommendationView:
    """One recommendation as a RecommendationView; NotFound if there is none."""
    row = session.get(Recommendation, recommendation_id)
    if row is None:
        raise NotFound(_(NOT_FOUND))
    return _views(session, [row], today=today or clock.today())[0]


@reads
def list_recommendations(
    session: Session,
    *,
    status: str | Iterable[str] | None = None,
    category_id: int | None = None,
    site_id: int | None = None,
    owner: str | None = None,
    meeting_id: int | None = None,
    overdue: bool | None = None,
    text: str | None = None,
    today: dt.date | None = None,
) -> list[RecommendationView]:
    """Recommendations matching every filter given, oldest raised first.

    `owner` matches the owner as shown ("Demo director", "Outreach coordinator", "Not set").
    `text`: every word in the title or the description, in any case (advisory.text_search).
    """
    today = today or clock.today()
    q = select(Recommendation).order_by(Recommendation.raised_on, Recommendation.id)
    if status is not None:
        wanted = [status] if isinstance(status, str) else list(status)
        q = q.where(Recommendation.status.in_(wanted))
    if category_id is not None:
        q = q.where(Recommendation.category_id == category_id)
    if meeting_id is not None:
        q = q.where(Recommendation.meeting_id == meeting_id)
    if site_id is not None:
        q = q.where(
            Recommendation.id.in_(
                select(RecommendationSite.recommendation_id).where(
                    RecommendationSite.site_id == site_id
                )
            )
        )
    found = text_search.matches(session, [Recommendation.title, Recommendation.description], text)  # type: ignore[list-item]
    if found is not None:
        q = q.where(found)
    views = _views(session, list(session.scalars(q)), today=today)
    if owner is not None:
        views = [v for v in views if v.owner == owner]
    if overdue is not None:
        views = [v for v in views if v.overdue == overdue]
    return views


@reads
def owners(session: Session) -> list[str]:
    """The owners as shown, for the table's filter."""
    return sorted({v.owner for v in list_recommendations(session)})


@reads
def board(
    session: Session, *, today: dt.date | None = None
) -> dict[Status, list[RecommendationView]]:
    """Every status (in lifecycle order) with its recommendations, overdue first then oldest."""
    columns: dict[Status, list[RecommendationView]] = {s: [] for s in STATUSES}
    for v in list_recommendations(session, today=today):
        columns[v.status].append(v)
    for items in columns.values():
        items.sort(key=lambda v: (not v.overdue, v.raised_on, v.id))
    return columns


@reads
def review_queue(session: Session, *, today: dt.date | None = None) -> list[RecommendationView]:
    """Everything waiting for the director's response, oldest first (lifecycle.awaits_response)."""
    today = today or clock.today()
    return [
        v
        for v in list_recommendations(session, today=today)
        if awaits_response(status=v.status, deferred_until=v.deferred_until, today=today)
    ]


@reads
def timeline(session: Session, recommendation_id: int) -> list[EventView]:
    """Status changes, comments, progress updates and escalations, oldest first."""
    events = list(
        session.scalars(
            select(RecommendationEvent)
            .where(RecommendationEvent.recommendation_id == recommendation_id)
            .order_by(RecommendationEvent.at, RecommendationEvent.id)
        )
    )
    names = dict(
        session.execute(
            select(User.username, User.display_name).where(
                User.username.in_({e.by for e in events})
            )
        ).all()
    )
    return [
        EventView(
            id=e.id,
            at=e.at,
            by=names.get(e.by, e.by),
            kind=e.kind,
            from_status=e.from_status,
            to_status=e.to_status,
            comment=e.comment or "",
        )
        for e in events
    ]


@reads
def progress(session: Session, *, today: dt.date | None = None) -> ProgressFigures:
    """Counts by status, % done or verified, median days raised → done, overdue, per quarter."""
    today = today or clock.today()
    views = list_recommendations(session, today=today)
    counts: dict[str, int] = {s: 0 for s in STATUSES}
    for v in views:
        counts[v.status] += 1
    total = len(views)
    finished = sum(counts[s] for s in COMPLETED)
    days = [(v.done_on - v.raised_on).days for v in views if v.done_on is not None]
    return ProgressFigures(
        total=total,
        counts_by_status=counts,
        done_or_verified=finished,
        done_or_verified_pct=round(100 * finished / total, 1) if total else None,
        median_days_to_done=float(statistics.median(days)) if days else None,
        overdue=sum(v.overdue for v in views),
        per_quarter=_per_quarter(views, today),
    )


def _per_quarter(views: list[RecommendationView], today: dt.date) -> tuple[QuarterCount, ...]:
    if not views:
        return ()
    raised: dict[tuple[int, int], int] = {}
    completed: dict[tuple[int, int], int] = {}
    for v in views:
        key = quarter_of(v.raised_on)
        raised[key] = raised.get(key, 0) + 1
        if v.done_on is not None:
            key = quarter_of(v.done_on)
            completed[key] = completed.get(key, 0) + 1
    first = min(raised)
    last = max([*raised, *completed, quarter_of(today)])
    out = []
    year, q = first
    while (year, q) <= last:
        out.append(
            QuarterCount(
                quarter=f"{year} Q{q}",
                raised=raised.get((year, q), 0),
                completed=completed.get((year, q), 0),
            )
        )
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return tuple(out)


@reads
def filter_choices(session: Session) -> FilterChoices:
    """Every category and site (retired ones too), the owners as shown, every meeting."""
    return FilterChoices(
        categories={c.id: c.name for c in categories.list_categories(session)},
        sites={s.id: s.name for s in organisation.list_sites(session)},
        owners=owners(session),
        meetings=meeting_views.pick_labels(meeting_views.list_meetings(session)),
    )


@reads
def detail_choices(session: Session, *, keep: RecommendationView | None = None) -> DetailChoices:
    """Active categories, sites and owner accounts, plus those `keep` already has.

    why: a retired category or site, or an owner who left, stays selectable on the
    recommendation that already has it, so editing something else does not lose it.
    """
    category_id = keep.category_id if keep else None
    site_ids = keep.site_ids if keep else ()
    owner_id = keep.owner_user_id if keep else None
    return DetailChoices(
        categories={
            c.id: c.name
            for c in categories.list_categories(session)
            if c.active or c.id == category_id
        },
        sites={
            s.id: s.name for s in organisation.list_sites(session) if s.active or s.id in site_ids
        },
        # why (issue 13): two people with similar names, or a director and an admin, are told
        # apart by their role in the owner dropdown.
        owners={
            u.id: _("{name} ({role})").format(name=u.display_name, role=u.role)
            for u in users.list_users(session)
            if (u.active and u.role in OWNER_ROLES) or u.id == owner_id
        },
    )

"""Recommendations: raised at a meeting, answered by a director, worked on, verified by the group.

The lifecycle (product.md, issue 3)::

    raised -> under_review -> accepted | partly_accepted | declined | deferred
    accepted | partly_accepted -> in_progress -> done -> verified
    done | verified -> reopened -> in_progress
    deferred -> under_review            (looked at again when the deferral ends)

`declined` is closed: if the group still wants it, they raise it again at a meeting.

Who may do what (advisory.permissions.CAPABILITIES):
  * raise, comment, verify, reopen: everyone logged in. Verifying is the group's job, and so is
    noticing that a change has lapsed, so reopening uses the "verify" capability too.
  * start review, respond, start work, mark done, progress updates, escalate: directors and
    admins ("respond", "progress", "escalate").
  * edit the details: everyone while the recommendation waits for a response; after the
    response only directors and admins, because the owner and due date are then a promise.

Every change writes a RecommendationEvent (who, when, comment) and an audit row, and carries
the version the user loaded (StaleEdit if someone else saved in between).

The overdue rule (decided here, issue 3 says "past due date and not done"):
  overdue = a due date exists, it is before today, and the status is not done, verified or
  declined (nothing more is owed), and it is not deferred until a date still to come (a
  deferral is an answer: "not now, we will look again on that date").
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from advisory.models import (
    Category,
    Meeting,
    Recommendation,
    RecommendationEvent,
    RecommendationSite,
    Site,
    User,
)
from advisory.periods import quarter_label, quarter_of
from advisory.permissions import can, require
from advisory.services import audit, edit_conflicts

STATUSES: tuple[str, ...] = (
    "raised",
    "under_review",
    "accepted",
    "partly_accepted",
    "declined",
    "deferred",
    "in_progress",
    "done",
    "verified",
    "reopened",
)
STATUS_LABELS: dict[str, str] = {
    "raised": "Raised",
    "under_review": "Under review",
    "accepted": "Accepted",
    "partly_accepted": "Partly accepted",
    "declined": "Declined",
    "deferred": "Deferred",
    "in_progress": "In progress",
    "done": "Done",
    "verified": "Verified by the group",
    "reopened": "Reopened",
}
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "raised": ("under_review",),
    "under_review": ("accepted", "partly_accepted", "declined", "deferred"),
    "accepted": ("in_progress",),
    "partly_accepted": ("in_progress",),
    "declined": (),
    "deferred": ("under_review",),
    "in_progress": ("done",),
    "done": ("verified", "reopened"),
    "verified": ("reopened",),
    "reopened": ("in_progress",),
}
RESPONSES: tuple[str, ...] = ("accepted", "partly_accepted", "declined", "deferred")
WAITING_FOR_RESPONSE: tuple[str, ...] = ("raised", "under_review", "deferred")
NEVER_OVERDUE: frozenset[str] = frozenset({"done", "verified", "declined"})
COMPLETED: frozenset[str] = frozenset({"done", "verified"})
PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
ESCALATION_LEVELS: tuple[str, ...] = ("service", "organisation", "district or national")
MAX_TITLE = 200


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def is_overdue(
    *, status: str, due_on: dt.date | None, deferred_until: dt.date | None, today: dt.date
) -> bool:
    """The overdue rule (see the module docstring)."""
    if due_on is None or status in NEVER_OVERDUE:
        return False
    if status == "deferred" and deferred_until is not None and deferred_until >= today:
        return False
    return due_on < today


def check_transition(from_status: str, to_status: str) -> None:
    """Raise InvalidTransition, naming the allowed next steps, unless the move is allowed."""
    allowed = NEXT_STEPS.get(from_status, ())
    if to_status in allowed:
        return
    here = status_label(from_status)
    there = status_label(to_status)
    if not allowed:
        raise InvalidTransition(
            f"A recommendation that is {here} is closed and cannot become {there}. "
            "If the group still wants it, raise it again at a meeting."
        )
    steps = " or ".join(status_label(s) for s in allowed)
    raise InvalidTransition(
        f"A recommendation that is {here} cannot become {there}. Its next step can be: {steps}."
    )


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
    status: str
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
    def next_steps(self) -> tuple[str, ...]:
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
        return {
            "comment": "Comment",
            "progress": "Progress update",
            "escalation": "Escalated",
            "edit": "Details edited",
        }.get(self.kind, self.kind)


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


# --- reading ---------------------------------------------------------------------------------


def _owner_text(rec: Recommendation, names: dict[int, str]) -> str:
    if rec.owner_user_id is not None:
        return names.get(rec.owner_user_id, "A removed account")
    if rec.owner_role:
        return rec.owner_role
    return "Not set"


def _views(
    session: Session, recs: list[Recommendation], *, today: dt.date
) -> list[RecommendationView]:
    if not recs:
        return []
    ids = [r.id for r in recs]
    categories = dict(session.execute(select(Category.id, Category.name)).all())
    users = dict(session.execute(select(User.id, User.display_name)).all())
    meeting_ids = {r.meeting_id for r in recs} | {
        r.verified_at_meeting_id for r in recs if r.verified_at_meeting_id
    }
    meetings = dict(
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
    sites: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    for rec_id, site_id, name in site_rows:
        sites[rec_id].append((site_id, name))
    out = []
    for r in recs:
        held = meetings.get(r.meeting_id)
        verified_held = meetings.get(r.verified_at_meeting_id) if r.verified_at_meeting_id else None
        out.append(
            RecommendationView(
                id=r.id,
                meeting_id=r.meeting_id,
                meeting_label=f"{quarter_label(held)} meeting" if held else "",
                title=r.title,
                description=r.description or "",
                category_id=r.category_id,
                category=categories.get(r.category_id, ""),
                priority=r.priority,
                owner_user_id=r.owner_user_id,
                owner_role=r.owner_role,
                owner=_owner_text(r, users),
                due_on=r.due_on,
                status=r.status,
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
                verified_at_meeting_label=(
                    f"{quarter_label(verified_held)} meeting" if verified_held else None
                ),
                verified_on=r.verified_on,
                verification_comment=r.verification_comment,
                escalation_level=r.escalation_level,
                escalated_on=r.escalated_on,
                site_ids=tuple(s for s, _ in sites[r.id]),
                site_names=tuple(n for _, n in sites[r.id]),
                overdue=is_overdue(
                    status=r.status, due_on=r.due_on, deferred_until=r.deferred_until, today=today
                ),
                version=r.version,
                updated_at=r.updated_at,
                updated_by=r.updated_by,
            )
        )
    return out


def get(
    session: Session, recommendation_id: int, *, today: dt.date | None = None
) -> RecommendationView:
    """One recommendation as a RecommendationView; NotFound if there is none."""
    row = session.get(Recommendation, recommendation_id)
    if row is None:
        raise NotFound("No such recommendation. It may have been removed; go back to the list.")
    return _views(session, [row], today=today or clock.today())[0]


def list_recommendations(
    session: Session,
    *,
    status: str | Iterable[str] | None = None,
    category_id: int | None = None,
    site_id: int | None = None,
    owner: str | None = None,
    meeting_id: int | None = None,
    overdue: bool | None = None,
    today: dt.date | None = None,
) -> list[RecommendationView]:
    """Recommendations matching every filter given, oldest raised first.

    `owner` matches the owner as shown ("Demo director", "Outreach coordinator", "Not set").
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
    views = _views(session, list(session.scalars(q)), today=today)
    if owner is not None:
        views = [v for v in views if v.owner == owner]
    if overdue is not None:
        views = [v for v in views if v.overdue == overdue]
    return views


def owners(session: Session) -> list[str]:
    """The owners as shown, for the table's filter."""
    return sorted({v.owner for v in list_recommendations(session)})


def board(session: Session, *, today: dt.date | None = None) -> dict[str, list[RecommendationView]]:
    """Every status (in lifecycle order) with its recommendations, overdue first then oldest."""
    columns: dict[str, list[RecommendationView]] = {s: [] for s in STATUSES}
    for v in list_recommendations(session, today=today):
        columns[v.status].append(v)
    for items in columns.values():
        items.sort(key=lambda v: (not v.overdue, v.raised_on, v.id))
    return columns


def review_queue(session: Session, *, today: dt.date | None = None) -> list[RecommendationView]:
    """Everything waiting for the director's response, oldest first.

    Raised and under-review recommendations, and deferred ones whose deferral has ended.
    """
    today = today or clock.today()
    waiting = list_recommendations(session, status=WAITING_FOR_RESPONSE, today=today)
    return [
        v
        for v in waiting
        if v.status != "deferred" or (v.deferred_until is not None and v.deferred_until <= today)
    ]


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


def progress(session: Session, *, today: dt.date | None = None) -> ProgressFigures:
    """Counts by status, % done or verified, median days raised → done, overdue, per quarter."""
    today = today or clock.today()
    views = list_recommendations(session, today=today)
    counts = {s: 0 for s in STATUSES}
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


# --- writing ---------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return (value or "").strip()


def _validate_details(
    session: Session,
    *,
    meeting: Meeting,
    title: str,
    category_id: int | None,
    site_ids: Iterable[int],
    priority: str,
    owner_user_id: int | None,
    owner_role: str | None,
    due_on: dt.date | None,
) -> tuple[str, tuple[int, ...], str | None]:
    clean_title = " ".join(_text(title).split())
    if not clean_title:
        raise ValidationError("Enter a short title saying what the group asks for.", field="title")
    if len(clean_title) > MAX_TITLE:
        raise ValidationError(
            f"Keep the title under {MAX_TITLE} characters; put the rest in the description.",
            field="title",
        )
    category = session.get(Category, category_id) if category_id is not None else None
    if category is None:
        raise ValidationError("Choose a category.", field="category_id")
    if priority not in PRIORITIES:
        raise ValidationError(f"Choose a priority: {', '.join(PRIORITIES)}.", field="priority")
    ids = tuple(sorted({int(i) for i in site_ids or ()}))
    if ids:
        known = set(session.scalars(select(Site.id).where(Site.id.in_(ids))))
        if known != set(ids):
            raise ValidationError("Choose sites from the list.", field="site_ids")
    role_text = _text(owner_role)[:80] or None
    if owner_user_id is not None:
        if session.get(User, owner_user_id) is None:
            raise ValidationError("Choose the owner from the list of users.", field="owner")
        role_text = None
    if due_on is not None and due_on < meeting.held_on:
        raise ValidationError(
            f"The due date is before the meeting ({meeting.held_on:%d %b %Y}) where this was "
            "raised. Choose a later date.",
            field="due_on",
        )
    return clean_title, ids, role_text


def _event(
    session: Session,
    rec: Recommendation,
    *,
    kind: str,
    by: str,
    at: dt.datetime,
    comment: str = "",
    from_status: str | None = None,
    to_status: str | None = None,
) -> None:
    session.add(
        RecommendationEvent(
            recommendation_id=rec.id,
            at=at,
            by=by,
            kind=kind,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
        )
    )


def _touch(rec: Recommendation, *, by: str, at: dt.datetime) -> None:
    rec.updated_at = at
    rec.updated_by = by


def _move(
    session: Session,
    rec: Recommendation,
    to_status: str,
    *,
    by: str,
    at: dt.datetime,
    comment: str,
) -> None:
    """One validated status change: event + audit row."""
    from_status = rec.status
    check_transition(from_status, to_status)
    rec.status = to_status
    _event(
        session,
        rec,
        kind="status",
        by=by,
        at=at,
        comment=comment,
        from_status=from_status,
        to_status=to_status,
    )
    audit.record(
        session,
        actor=by,
        action="recommendation.status",
        entity="recommendation",
        entity_id=rec.id,
        detail=f"{from_status} -> {to_status}",
    )


def _load(session: Session, recommendation_id: int, expected_version: int) -> Recommendation:
    rec = edit_conflicts.load_for_update(
        session, Recommendation, recommendation_id, what="recommendation"
    )
    edit_conflicts.refuse_if_stale(session, rec, expected_version)
    return rec


def raise_recommendation(
    session: Session,
    *,
    meeting_id: int,
    title: str,
    category_id: int | None,
    description: str = "",
    site_ids: Iterable[int] = (),
    priority: str = "medium",
    owner_user_id: int | None = None,
    owner_role: str | None = None,
    due_on: dt.date | None = None,
    by: str,
    role: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """Record a recommendation raised at a meeting. Bad input: ValidationError, nothing saved."""
    require(role, "raise_recommendations")
    at = now or clock.now()
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting is None:
        raise ValidationError("Choose the meeting where this was raised.", field="meeting_id")
    clean_title, ids, role_text = _validate_details(
        session,
        meeting=meeting,
        title=title,
        category_id=category_id,
        site_ids=site_ids,
        priority=priority,
        owner_user_id=owner_user_id,
        owner_role=owner_role,
        due_on=due_on,
    )
    rec = Recommendation(
        meeting_id=meeting.id,
        title=clean_title,
        description=_text(description),
        category_id=category_id,
        priority=priority,
        owner_user_id=owner_user_id,
        owner_role=role_text,
        due_on=due_on,
        status="raised",
        raised_on=meeting.held_on,
        updated_at=at,
        updated_by=by,
    )
    session.add(rec)
    session.flush()
    for site_id in ids:
        session.add(RecommendationSite(recommendation_id=rec.id, site_id=site_id))
    _event(session, rec, kind="status", by=by, at=at, to_status="raised", comment="")
    audit.record(
        session,
        actor=by,
        action="recommendation.create",
        entity="recommendation",
        entity_id=rec.id,
        detail=f"meeting {meeting.id}",
    )
    session.flush()
    return get(session, rec.id, today=today)


def edit_details(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    title: str,
    category_id: int | None,
    description: str,
    site_ids: Iterable[int],
    priority: str,
    owner_user_id: int | None,
    owner_role: str | None,
    due_on: dt.date | None,
    by: str,
    role: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """Change title, description, category, sites, priority, owner or due date."""
    require(role, "raise_recommendations")
    at = now or clock.now()
    rec = _load(session, recommendation_id, expected_version)
    if rec.status not in ("raised", "under_review") and not can(role, "respond"):
        raise PermissionDenied(
            "After the director's response only a director can change the details."
        )
    meeting = session.get(Meeting, rec.meeting_id)
    assert meeting is not None  # foreign key
    clean_title, ids, role_text = _validate_details(
        session,
        meeting=meeting,
        title=title,
        category_id=category_id,
        site_ids=site_ids,
        priority=priority,
        owner_user_id=owner_user_id,
        owner_role=owner_role,
        due_on=due_on,
    )
    before = get(session, rec.id, today=today)
    new_owner = (owner_user_id, role_text)
    changed = [
        words
        for differs, words in (
            (before.title != clean_title, "title"),
            (before.description != _text(description), "description"),
            (before.category_id != category_id, "category"),
            (set(before.site_ids) != set(ids), "sites"),
            (before.priority != priority, "priority"),
            ((before.owner_user_id, before.owner_role) != new_owner, "owner"),
            (before.due_on != due_on, "due date"),
        )
        if differs
    ]
    if not changed:
        return before
    rec.title = clean_title
    rec.description = _text(description)
    rec.category_id = category_id  # type: ignore[assignment]
    rec.priority = priority
    rec.owner_user_id = owner_user_id
    rec.owner_role = role_text
    rec.due_on = due_on
    for site_id in set(before.site_ids) - set(ids):
        session.delete(session.get(RecommendationSite, (rec.id, site_id)))
    for site_id in set(ids) - set(before.site_ids):
        session.add(RecommendationSite(recommendation_id=rec.id, site_id=site_id))
    _touch(rec, by=by, at=at)
    _event(session, rec, kind="edit", by=by, at=at, comment="Changed " + ", ".join(changed) + ".")
    audit.record(
        session,
        actor=by,
        action="recommendation.edit",
        entity="recommendation",
        entity_id=rec.id,
        detail=", ".join(changed),
    )
    edit_conflicts.flush_or_refuse(session)
    return get(session, rec.id, today=today)


def start_review(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    comment: str = "",
    by: str,
    role: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """raised (or deferred) → under review."""
    require(role, "respond")
    at = now or clock.now()
    rec = _load(session, recommendation_id, expected_version)
    _move(session, rec, "under_review", by=by, at=at, comment=_text(comment))
    _touch(rec, by=by, at=at)
    edit_conflicts.flush_or_refuse(session)
    return get(session, rec.id, today=today)


def respond(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    decision: str,
    rationale: str | None,
    needs_funding: bool = False,
    deferred_until: dt.date | None = None,
    by: str,
    role: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """Record the director's response: accepted, partly accepted, declined or deferred.

    Declined and deferred need a rationale; deferred needs a future "until" date. A response to
    a recommendation still "raised" (or "deferred") first records the step into review, so the
    timeline shows both steps. Refusals: ValidationError at the field, nothing saved.
    """
    require(role, "respond")
    at = now or clock.now()
    today = today or at.date()
    if decision not in RESPONSES:
        raise ValidationError(
            "Choose the response: accept, partly accept, decline or defer.", field="decision"
        )
    reason = _text(rationale)
    if decision in ("declined", "deferred") and not reason:
        word = "declining" if decision == "declined" else "deferring"
        raise ValidationError(
            f"Write the reason for {word}: the group will hear it at the next meeting.",
            field="rationale",
        )
    if decision == "deferred":
        if deferred_until is None:
            raise ValidationError(
                "Choose the date until which it is deferred.", field="deferred_until"
            )
        if deferred_until <= today:
            raise ValidationError(
                "The 'deferred until' date must be in the future.", field="deferred_until"
            )
    rec = _load(session, recommendation_id, expected_version)
    if rec.status in ("raised", "deferred"):
        _move(session, rec, "under_review", by=by, at=at, comment="")
    _move(session, rec, decision, by=by, at=at, comment=reason)
    rec.response = decision
    rec.response_rationale = reason or None
    rec.responded_on = today
    rec.needs_funding = bool(needs_funding)
    rec.deferred_until = deferred_until if decision == "deferred" else None
    _touch(rec, by=by, at=at)
    edit_conflicts.flush_or_refuse(session)
    return get(session, rec.id, today=today)


def start_work(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    comment: str = "",
    by: str,
    role: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """accepted / partly accepted / reopened → in progress (needs the director's response)."""
    require(role, "progress")
    at = now or clock.now()
    rec = _load(session, recommendation_id, expected_version)
    if rec.response not in ("accepted", "partly_accepted"):
        # The state machine already refuses this; the message says what is missing.
        if rec.status in ("raised", "under_review", "deferred"):
            raise InvalidTransition(
                "Work cannot start before the director's response: accept or partly accept it "
                "first."
            )
    _move(session, rec, "in_progress", by=by, at=at, comment=_text(comment))
    _touch(rec, by=by, at=at)
    edit_conflicts.flush_or_refuse(session)
    return get(session, rec.id, today=today)


def mark_done(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    what_changed: str,
    done_on: dt.date | None,
    evidence: str = "",
    by: str,
    role: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """in progress → done, saying what changed, when, and the evidence."""
    require(role, "progress")
    at = now or clock.now()
    today = today or at.date()
    changed = _text(what_changed)
    if not changed:
        raise ValidationError(
            "Say what changed in the service, in a sentence the group will understand.",
            field="what_changed",
        )
    if done_on is None:
        raise ValidationError("Enter the date it was done.", field="done_on")
    if done_on > today:
        raise ValidationError("The date it was done cannot be in the future.", field="done_on")
    rec = _load(session, recommendation_id, expected_version)
    if done_on < rec.raised_on:
        raise ValidationError(
            f"The date it was done is before it was raised ({rec.raised_on:%d %b %Y}).",
            field="done_on",
        )
    _move(session, rec, "done", by=by, at=at, comment=changed)
    rec.what_changed = changed
    rec.done_on = done_on
    rec.evidence = _text(evidence) or None
    _touch(rec, by=by, at=at)
    edit_conflicts.flush_or_refuse(session)
    return get(session, rec.id, today=today)


def verify(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    meeting_id: int | None,
    group_comment: str,
    by: str,
    role: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """done → verified: the group confirms it at a meeting, in its own words."""
    require(role, "verify")
    at = now or clock.now()
    comment = _text(group_comment)
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting is None:
        raise ValidationError(
            "Choose the meeting at which the group checked it.", field="verified_at_meeting_id"
        )
    if not comment:
        raise ValidationError(
            "Write what the group said when it checked the change.", field="group_comment"
        )
    rec = _load(session, recommendation_id, expected_version)
    check_transition(rec.status, "verified")
    if rec.done_on is not None and meeting.held_on < rec.done_on:
        raise ValidationError(
            f"That meeting ({meeting.held_on:%d %b %Y}) was before the change was done "
            f"({rec.done_on:%d %b %Y}). Choose a later meeting.",
            field="verified_at_meeting_id",
        )
    _move(session, rec, "verified", by=by, at=at, comment=comment)
    rec.verified_at_meeting_id = meeting.id
    rec.verified_on = meeting.held_on
    rec.verification_comment = comment
    _touch(rec, by=by, at=at)
    edit_conflicts.flush_or_refuse(session)
    return get(session, rec.id, today=today)


def reopen(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    reason: str,
    by: str,
    role: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """done / verified → reopened (e.g. the adaptation lapsed). The reason is required.

    The done and verified details are cleared from the record (they stay in the timeline), so
    figures such as "median days to done" count the next completion, not the lapsed one.
    """
    require(role, "verify")
    at = now or clock.now()
    why = _text(reason)
    if not why:
        raise ValidationError(
            "Say why it is reopened (for example: the women-only day stopped).", field="reason"
        )
    rec = _load(session, recommendation_id, expected_version)
    _move(session, rec, "reopened", by=by, at=at, comment=why)
    rec.done_on = None
    rec.verified_at_meeting_id = None
    rec.verified_on = None
    rec.verification_comment = None
    _touch(rec, by=by, at=at)
    edit_conflicts.flush_or_refuse(session)
    return get(session, rec.id, today=today)


def add_comment(
    session: Session,
    *,
    recommendation_id: int,
    text: str,
    progress_update: bool = False,
    by: str,
    role: str,
    now: dt.datetime | None = None,
) -> EventView:
    """A comment (anyone logged in) or a progress update (directors). Changes no status.

    Comments add to the timeline only, so they never conflict with an edit and carry no version.
    """
    require(role, "progress" if progress_update else "comment")
    at = now or clock.now()
    body = _text(text)
    if not body:
        raise ValidationError("Write the comment first.", field="comment")
    rec = session.get(Recommendation, recommendation_id)
    if rec is None:
        raise NotFound("No such recommendation. It may have been removed; go back to the list.")
    kind = "progress" if progress_update else "comment"
    _event(session, rec, kind=kind, by=by, at=at, comment=body)
    audit.record(
        session,
        actor=by,
        action=f"recommendation.{kind}",
        entity="recommendation",
        entity_id=rec.id,
    )
    session.flush()
    return timeline(session, rec.id)[-1]


def escalate(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    level: str,
    escalated_on: dt.date | None,
    comment: str = "",
    by: str,
    role: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """Record that the service cannot fix this alone: the level it was taken to, and when."""
    require(role, "escalate")
    at = now or clock.now()
    today = today or at.date()
    if level not in ESCALATION_LEVELS:
        raise ValidationError(
            f"Choose the level: {', '.join(ESCALATION_LEVELS)}.", field="escalation_level"
        )
    if escalated_on is None:
        raise ValidationError("Enter the date it was escalated.", field="escalated_on")
    if escalated_on > today:
        raise ValidationError("The escalation date cannot be in the future.", field="escalated_on")
    rec = _load(session, recommendation_id, expected_version)
    if rec.status in NEVER_OVERDUE:
        raise InvalidTransition(
            f"A recommendation that is {status_label(rec.status)} needs no escalation."
        )
    if escalated_on < rec.raised_on:
        raise ValidationError(
            f"The escalation date is before it was raised ({rec.raised_on:%d %b %Y}).",
            field="escalated_on",
        )
    rec.escalation_level = level
    rec.escalated_on = escalated_on
    note = f"Escalated to {level} level on {escalated_on:%d %b %Y}."
    if _text(comment):
        note += " " + _text(comment)
    _event(session, rec, kind="escalation", by=by, at=at, comment=note)
    audit.record(
        session,
        actor=by,
        action="recommendation.escalate",
        entity="recommendation",
        entity_id=rec.id,
        detail=level,
    )
    _touch(rec, by=by, at=at)
    edit_conflicts.flush_or_refuse(session)
    return get(session, rec.id, today=today)


def allowed_actions(view: RecommendationView, role: str) -> tuple[str, ...]:
    """The action forms to offer this role for this recommendation, in the order to show them.

    Pages draw only these; the services check again, so a hidden form is not the only guard.
    """
    actions: list[str] = []
    s = view.status
    if can(role, "respond") and s == "raised":
        actions.append("start_review")
    if can(role, "respond") and s in WAITING_FOR_RESPONSE:
        actions.append("respond")
    if can(role, "progress") and "in_progress" in NEXT_STEPS[s]:
        actions.append("start_work")
    if can(role, "progress") and s == "in_progress":
        actions.append("mark_done")
    if can(role, "verify") and s == "done":
        actions.append("verify")
    if can(role, "verify") and "reopened" in NEXT_STEPS[s]:
        actions.append("reopen")
    if can(role, "escalate") and s not in NEVER_OVERDUE:
        actions.append("escalate")
    if can(role, "progress"):
        actions.append("progress_update")
    if can(role, "comment"):
        actions.append("comment")
    if can(role, "respond") or (
        can(role, "raise_recommendations") and s in ("raised", "under_review")
    ):
        actions.append("edit")
    return tuple(actions)

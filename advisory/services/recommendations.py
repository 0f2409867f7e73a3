"""Recommendations as changed: raised at a meeting, answered, worked on, verified by the group.

The rules (statuses, moves, overdue, who may act) are in advisory.lifecycle; what a page reads
is in advisory.services.recommendation_views. Every command here is a `@writes` service that
takes the acting user (`actor`), checks its capability first (advisory.actors.authorise), and
writes a RecommendationEvent (who, when, comment) and an audit row.

why (issue 11): the seven lifecycle commands and the edit share one template, written once in
advisory.services.recommendation_changes.versioned_change (load locked, refuse if stale, change,
stamp, flush or refuse); each command says only what it checks and what it changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from advisory import clock
from advisory.actors import Actor, authorise
from advisory.db import writes
from advisory.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from advisory.i18n import _, format_date
from advisory.lifecycle import (
    NEVER_OVERDUE,
    WAITING_FOR_RESPONSE,
    YES_RESPONSES,
    Status,
    check_after_raised,
    check_done,
    check_escalation,
    check_response,
    check_transition,
    may_edit_details,
    status_label,
)
from advisory.models import (
    Meeting,
    Recommendation,
    RecommendationSite,
)
from advisory.services import recommendation_completions as completion_history
from advisory.services.recommendation_changes import Change, versioned_change
from advisory.services.recommendation_details import text as _text
from advisory.services.recommendation_details import validate_details as _validate_details
from advisory.services.recommendation_views import (
    NOT_FOUND,
    EventView,
    RecommendationView,
    get,
    timeline,
)


@writes
def raise_recommendation(
    session: Session,
    *,
    meeting_id: int | None,
    title: str,
    category_id: int | None,
    description: str = "",
    site_ids: Iterable[int] = (),
    priority: str = "medium",
    owner_user_id: int | None = None,
    owner_role: str | None = None,
    due_on: dt.date | None = None,
    actor: Actor,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """Record a recommendation raised at a meeting. Bad input: ValidationError, nothing saved."""
    authorise(session, actor, "raise_recommendations")
    at = now or clock.now()
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting is None:
        raise ValidationError(_("Choose the meeting where this was raised."), field="meeting_id")
    details = _validate_details(
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
        title=details.title,
        description=_text(description),
        category_id=details.category_id,
        priority=priority,
        owner_user_id=owner_user_id,
        owner_role=details.owner_role,
        due_on=due_on,
        status=Status.RAISED,
        raised_on=meeting.held_on,
        updated_at=at,
        updated_by=actor.username,
    )
    session.add(rec)
    session.flush()
    session.add_all(
        RecommendationSite(recommendation_id=rec.id, site_id=i) for i in details.site_ids
    )
    change = Change(session, rec, by=actor.username, at=at)
    change.note("status", to_status=Status.RAISED)
    change.audit("create", f"meeting {meeting.id}")
    session.flush()
    return get(session, rec.id, today=today)


@writes
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
    actor: Actor,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """Change title, description, category, sites, priority, owner or due date.

    Saving the same details again changes nothing (no new version, no timeline entry).
    """
    authorise(session, actor, "raise_recommendations")
    with versioned_change(session, recommendation_id, expected_version, actor, now) as change:
        rec = change.rec
        if not may_edit_details(rec.status, actor.role):
            raise PermissionDenied(
                _("After the director's response only a director can change the details.")
            )
        meeting = session.get(Meeting, rec.meeting_id)
        assert meeting is not None  # foreign key
        new = _validate_details(
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
        before = get(session, rec.id)
        changed = [
            words
            for differs, words in (
                (before.title != new.title, "title"),
                (before.description != _text(description), "description"),
                (before.category_id != new.category_id, "category"),
                (set(before.site_ids) != set(new.site_ids), "sites"),
                (before.priority != priority, "priority"),
                (
                    (before.owner_user_id, before.owner_role) != (owner_user_id, new.owner_role),
                    "owner",
                ),
                (before.due_on != due_on, "due date"),
            )
            if differs
        ]
        if changed:
            rec.title = new.title
            rec.description = _text(description)
            rec.category_id = new.category_id
            rec.priority = priority
            rec.owner_user_id = owner_user_id
            rec.owner_role = new.owner_role
            rec.due_on = due_on
            for site_id in set(before.site_ids) - set(new.site_ids):
                session.delete(session.get(RecommendationSite, (rec.id, site_id)))
            for site_id in set(new.site_ids) - set(before.site_ids):
                session.add(RecommendationSite(recommendation_id=rec.id, site_id=site_id))
            change.note("edit", "Changed " + ", ".join(changed) + ".")
            change.audit("edit", ", ".join(changed))
    return get(session, recommendation_id, today=today)


@writes
def start_review(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    comment: str = "",
    actor: Actor,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """raised (or deferred) → under review."""
    authorise(session, actor, "respond")
    with versioned_change(session, recommendation_id, expected_version, actor, now) as change:
        change.move(Status.UNDER_REVIEW, comment=_text(comment))
    return get(session, recommendation_id, today=today)


@writes
def respond(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    decision: str | None,
    rationale: str | None,
    needs_funding: bool = False,
    deferred_until: dt.date | None = None,
    actor: Actor,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """Record the director's response: accepted, partly accepted, declined or deferred.

    Declined and deferred need a rationale; deferred needs a future "until" date. A response to
    a recommendation still "raised" (or "deferred") first records the step into review, so the
    timeline shows both steps. Refusals: ValidationError at the field, nothing saved.
    """
    authorise(session, actor, "respond")
    today = today or (now or clock.now()).date()
    reason = _text(rationale)
    answer = check_response(decision, reason, deferred_until, today=today)
    with versioned_change(session, recommendation_id, expected_version, actor, now) as change:
        rec = change.rec
        if rec.status in (Status.RAISED, Status.DEFERRED):
            change.move(Status.UNDER_REVIEW)
        change.move(answer, comment=reason)
        rec.response = answer
        rec.response_rationale = reason or None
        rec.responded_on = today
        rec.needs_funding = bool(needs_funding)
        rec.deferred_until = deferred_until if answer == Status.DEFERRED else None
    return get(session, recommendation_id, today=today)


@writes
def start_work(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    comment: str = "",
    actor: Actor,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """accepted / partly accepted / reopened → in progress (needs the director's response)."""
    authorise(session, actor, "progress")
    with versioned_change(session, recommendation_id, expected_version, actor, now) as change:
        rec = change.rec
        if rec.response not in YES_RESPONSES and rec.status in WAITING_FOR_RESPONSE:
            # The state machine already refuses this; the message says what is missing.
            raise InvalidTransition(
                _(
                    "Work cannot start before the director's response: accept or partly accept it "
                    "first."
                )
            )
        change.move(Status.IN_PROGRESS, comment=_text(comment))
    return get(session, recommendation_id, today=today)


@writes
def mark_done(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    what_changed: str,
    done_on: dt.date | None,
    evidence: str = "",
    actor: Actor,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """in progress → done, saying what changed, when, and the evidence."""
    authorise(session, actor, "progress")
    today = today or (now or clock.now()).date()
    changed = _text(what_changed)
    day = check_done(changed, done_on, today=today)
    with versioned_change(session, recommendation_id, expected_version, actor, now) as change:
        rec = change.rec
        check_after_raised(
            day, raised_on=rec.raised_on, what=_("The date it was done"), field="done_on"
        )
        change.move(Status.DONE, comment=changed)
        rec.what_changed = changed
        rec.done_on = day
        rec.evidence = _text(evidence) or None
        completion_history.record_done(session, rec, by=actor.username, at=change.at)
    return get(session, recommendation_id, today=today)


@writes
def verify(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    meeting_id: int | None,
    group_comment: str,
    actor: Actor,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """done → verified: the group confirms it at a meeting, in its own words."""
    authorise(session, actor, "verify")
    comment = _text(group_comment)
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting is None:
        raise ValidationError(
            _("Choose the meeting at which the group checked it."), field="verified_at_meeting_id"
        )
    if not comment:
        raise ValidationError(
            _("Write what the group said when it checked the change."), field="group_comment"
        )
    with versioned_change(session, recommendation_id, expected_version, actor, now) as change:
        rec = change.rec
        check_transition(rec.status, Status.VERIFIED)
        if rec.done_on is not None and meeting.held_on < rec.done_on:
            raise ValidationError(
                _(
                    "That meeting ({meeting_day}) was before the change was done ({done_day}). "
                    "Choose a later meeting."
                ).format(
                    meeting_day=format_date(meeting.held_on, "dd MMM y"),
                    done_day=format_date(rec.done_on, "dd MMM y"),
                ),
                field="verified_at_meeting_id",
            )
        change.move(Status.VERIFIED, comment=comment)
        rec.verified_at_meeting_id = meeting.id
        rec.verified_on = meeting.held_on
        rec.verification_comment = comment
        completion_history.record_verified(session, rec, by=actor.username, at=change.at)
    return get(session, recommendation_id, today=today)


@writes
def reopen(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    reason: str,
    actor: Actor,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """done / verified → reopened (e.g. the adaptation lapsed). The reason is required.

    The done and verified details are cleared from the record, so figures such as "median
    days to done" count the next completion, not the lapsed one; they are kept, with the
    reason, in the completion history (advisory.services.recommendation_completions).
    """
    authorise(session, actor, "verify")
    why = _text(reason)
    if not why:
        raise ValidationError(
            _("Say why it is reopened (for example: the women-only day stopped)."), field="reason"
        )
    with versioned_change(session, recommendation_id, expected_version, actor, now) as change:
        rec = change.rec
        change.move(Status.REOPENED, comment=why)
        completion_history.record_reopened(
            session, rec, by=actor.username, at=change.at, reason=why
        )
        rec.done_on = None
        rec.verified_at_meeting_id = None
        rec.verified_on = None
        rec.verification_comment = None
    return get(session, recommendation_id, today=today)


@writes
def escalate(
    session: Session,
    *,
    recommendation_id: int,
    expected_version: int,
    level: str,
    escalated_on: dt.date | None,
    comment: str = "",
    actor: Actor,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> RecommendationView:
    """Record that the service cannot fix this alone: the level it was taken to, and when."""
    authorise(session, actor, "escalate")
    today = today or (now or clock.now()).date()
    day = check_escalation(level, escalated_on, today=today)
    with versioned_change(session, recommendation_id, expected_version, actor, now) as change:
        rec = change.rec
        if rec.status in NEVER_OVERDUE:
            raise InvalidTransition(
                _("A recommendation that is {status} needs no escalation.").format(
                    status=status_label(rec.status)
                )
            )
        check_after_raised(
            day, raised_on=rec.raised_on, what=_("The escalation date"), field="escalated_on"
        )
        rec.escalation_level = level
        rec.escalated_on = day
        note = f"Escalated to {level} level on {day:%d %b %Y}."
        if _text(comment):
            note += " " + _text(comment)
        change.note("escalation", note)
        change.audit("escalate", level)
    return get(session, recommendation_id, today=today)


@writes
def add_comment(
    session: Session,
    *,
    recommendation_id: int,
    text: str,
    progress_update: bool = False,
    actor: Actor,
    now: dt.datetime | None = None,
) -> EventView:
    """A comment (anyone logged in) or a progress update (directors). Changes no status.

    Comments add to the timeline only, so they never conflict with an edit and carry no version.
    """
    authorise(session, actor, "progress" if progress_update else "comment")
    body = _text(text)
    if not body:
        raise ValidationError(_("Write the comment first."), field="comment")
    rec = session.get(Recommendation, recommendation_id)
    if rec is None:
        raise NotFound(_(NOT_FOUND))
    kind = "progress" if progress_update else "comment"
    change = Change(session, rec, by=actor.username, at=now or clock.now())
    change.note(kind, body)
    change.audit(kind)
    session.flush()
    return timeline(session, rec.id)[-1]

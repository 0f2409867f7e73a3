"""The recommendation lifecycle as pure rules: statuses, moves, the overdue rule, who may act.

No database and no framework here: the services apply these rules and the pages ask them which
forms to offer (issue 11: the rules used to sit inside a 1,000-line service module).

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

The overdue rule (decided here, issue 3 says "past due date and not done"):
  overdue = a due date exists, it is before today, and the status is not done, verified or
  declined (nothing more is owed), and it is not deferred until a date still to come (a
  deferral is an answer: "not now, we will look again on that date").
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from advisory.errors import InvalidTransition, ValidationError
from advisory.i18n import N_, _, format_date
from advisory.permissions import can


class Status(StrEnum):
    """A recommendation's status; the values are the strings stored in the database."""

    RAISED = "raised"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    DECLINED = "declined"
    DEFERRED = "deferred"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    VERIFIED = "verified"
    REOPENED = "reopened"


class Action(StrEnum):
    """The forms a page may offer for one recommendation (see `allowed_actions`)."""

    START_REVIEW = "start_review"
    RESPOND = "respond"
    START_WORK = "start_work"
    MARK_DONE = "mark_done"
    VERIFY = "verify"
    REOPEN = "reopen"
    ESCALATE = "escalate"
    PROGRESS_UPDATE = "progress_update"
    COMMENT = "comment"
    EDIT = "edit"


STATUSES: tuple[Status, ...] = tuple(Status)
# English display names, marked for extraction: show them through `status_label` (or
# `_(STATUS_LABELS[s])`), which translates them; the keys are the database values.
STATUS_LABELS: dict[str, str] = {
    Status.RAISED: N_("Raised"),
    Status.UNDER_REVIEW: N_("Under review"),
    Status.ACCEPTED: N_("Accepted"),
    Status.PARTLY_ACCEPTED: N_("Partly accepted"),
    Status.DECLINED: N_("Declined"),
    Status.DEFERRED: N_("Deferred"),
    Status.IN_PROGRESS: N_("In progress"),
    Status.DONE: N_("Done"),
    Status.VERIFIED: N_("Verified by the group"),
    Status.REOPENED: N_("Reopened"),
}
NEXT_STEPS: dict[str, tuple[Status, ...]] = {
    Status.RAISED: (Status.UNDER_REVIEW,),
    Status.UNDER_REVIEW: (
        Status.ACCEPTED,
        Status.PARTLY_ACCEPTED,
        Status.DECLINED,
        Status.DEFERRED,
    ),
    Status.ACCEPTED: (Status.IN_PROGRESS,),
    Status.PARTLY_ACCEPTED: (Status.IN_PROGRESS,),
    Status.DECLINED: (),
    Status.DEFERRED: (Status.UNDER_REVIEW,),
    Status.IN_PROGRESS: (Status.DONE,),
    Status.DONE: (Status.VERIFIED, Status.REOPENED),
    Status.VERIFIED: (Status.REOPENED,),
    Status.REOPENED: (Status.IN_PROGRESS,),
}
# The director's possible answers are the steps out of review.
RESPONSES: tuple[Status, ...] = NEXT_STEPS[Status.UNDER_REVIEW]
YES_RESPONSES: frozenset[str] = frozenset({Status.ACCEPTED, Status.PARTLY_ACCEPTED})
NEEDS_RATIONALE: frozenset[str] = frozenset({Status.DECLINED, Status.DEFERRED})
WAITING_FOR_RESPONSE: tuple[Status, ...] = (Status.RAISED, Status.UNDER_REVIEW, Status.DEFERRED)
# Nothing more is owed: never overdue, never escalated, no "needs funding" badge.
NEVER_OVERDUE: frozenset[str] = frozenset({Status.DONE, Status.VERIFIED, Status.DECLINED})
COMPLETED: frozenset[str] = frozenset({Status.DONE, Status.VERIFIED})
# Members may change the details only while the director has not answered yet.
OPEN_TO_EDIT_BY_ALL: frozenset[str] = frozenset({Status.RAISED, Status.UNDER_REVIEW})
PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
ESCALATION_LEVELS: tuple[str, ...] = ("service", "organisation", "district or national")
# Display names of the stored priority and escalation values (English: the values themselves).
PRIORITY_LABELS: dict[str, str] = {
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}
ESCALATION_LABELS: dict[str, str] = {
    "service": N_("service"),
    "organisation": N_("organisation"),
    "district or national": N_("district or national"),
}


def status_label(status: str) -> str:
    """The status's display name in the run's language (an unknown value: itself)."""
    label = STATUS_LABELS.get(status)
    return _(label) if label else status


def priority_label(priority: str) -> str:
    """The priority's display name in the run's language (an unknown value: itself)."""
    label = PRIORITY_LABELS.get(priority)
    return _(label) if label else priority


def escalation_label(level: str) -> str:
    """The escalation level's display name in the run's language (an unknown value: itself)."""
    label = ESCALATION_LABELS.get(level)
    return _(label) if label else level


def is_overdue(
    *, status: str, due_on: dt.date | None, deferred_until: dt.date | None, today: dt.date
) -> bool:
    """The overdue rule (see the module docstring)."""
    if due_on is None or status in NEVER_OVERDUE:
        return False
    if status == Status.DEFERRED and deferred_until is not None and deferred_until >= today:
        return False
    return due_on < today


def awaits_response(*, status: str, deferred_until: dt.date | None, today: dt.date) -> bool:
    """In the director's review queue: raised, under review, or deferred until today or before."""
    if status not in WAITING_FOR_RESPONSE:
        return False
    return status != Status.DEFERRED or (deferred_until is not None and deferred_until <= today)


def check_transition(from_status: str, to_status: str) -> None:
    """Raise InvalidTransition, naming the allowed next steps, unless the move is allowed."""
    allowed = NEXT_STEPS.get(from_status, ())
    if to_status in allowed:
        return
    here = status_label(from_status)
    there = status_label(to_status)
    if not allowed:
        raise InvalidTransition(
            _(
                "A recommendation that is {here} is closed and cannot become {there}. "
                "If the group still wants it, raise it again at a meeting."
            ).format(here=here, there=there)
        )
    steps = status_label(allowed[0])
    for step in allowed[1:]:  # "A or B or C": one whole message per join, not a bare " or "
        steps = _("{steps} or {step}").format(steps=steps, step=status_label(step))
    raise InvalidTransition(
        _(
            "A recommendation that is {here} cannot become {there}. Its next step can be: {steps}."
        ).format(here=here, there=there, steps=steps)
    )


def allowed_actions(status: str, role: str | None) -> tuple[Action, ...]:
    """The action forms to offer `role` for a recommendation in `status`, in display order.

    UI policy derived from the capabilities: pages draw only these, and the services check
    again, so a hidden form is never the only guard.
    """
    steps = NEXT_STEPS[status]
    offer = {
        Action.START_REVIEW: can(role, "respond") and status == Status.RAISED,
        Action.RESPOND: can(role, "respond") and status in WAITING_FOR_RESPONSE,
        Action.START_WORK: can(role, "progress") and Status.IN_PROGRESS in steps,
        Action.MARK_DONE: can(role, "progress") and status == Status.IN_PROGRESS,
        Action.VERIFY: can(role, "verify") and status == Status.DONE,
        Action.REOPEN: can(role, "verify") and Status.REOPENED in steps,
        Action.ESCALATE: can(role, "escalate") and status not in NEVER_OVERDUE,
        Action.PROGRESS_UPDATE: can(role, "progress"),
        Action.COMMENT: can(role, "comment"),
        Action.EDIT: may_edit_details(status, role),
    }
    return tuple(action for action, offered in offer.items() if offered)


def may_edit_details(status: str, role: str | None) -> bool:
    """Everyone who may raise one, until the response; afterwards directors and admins."""
    return can(role, "respond") or (
        can(role, "raise_recommendations") and status in OPEN_TO_EDIT_BY_ALL
    )


# The checks a step makes on what the person typed, before the record is touched. Each raises
# ValidationError naming its field; the services call them, so nothing is saved on refusal.


def check_response(
    decision: str | None, rationale: str, deferred_until: dt.date | None, *, today: dt.date
) -> Status:
    """One of the four answers; declined and deferred need a reason; deferred a future date."""
    if decision not in RESPONSES:
        raise ValidationError(
            _("Choose the response: accept, partly accept, decline or defer."), field="decision"
        )
    if decision in NEEDS_RATIONALE and not rationale.strip():
        message = (
            _("Write the reason for declining: the group will hear it at the next meeting.")
            if decision == Status.DECLINED
            else _("Write the reason for deferring: the group will hear it at the next meeting.")
        )
        raise ValidationError(message, field="rationale")
    if decision == Status.DEFERRED:
        if deferred_until is None:
            raise ValidationError(
                _("Choose the date until which it is deferred."), field="deferred_until"
            )
        if deferred_until <= today:
            raise ValidationError(
                _("The 'deferred until' date must be in the future."), field="deferred_until"
            )
    return Status(decision)


def check_done(what_changed: str, done_on: dt.date | None, *, today: dt.date) -> dt.date:
    """Marking done says what changed, and a date that is not in the future."""
    if not what_changed.strip():
        raise ValidationError(
            _("Say what changed in the service, in a sentence the group will understand."),
            field="what_changed",
        )
    if done_on is None:
        raise ValidationError(_("Enter the date it was done."), field="done_on")
    if done_on > today:
        raise ValidationError(_("The date it was done cannot be in the future."), field="done_on")
    return done_on


def check_escalation(level: str, escalated_on: dt.date | None, *, today: dt.date) -> dt.date:
    """An escalation names a known level, and a date that is not in the future."""
    if level not in ESCALATION_LEVELS:
        raise ValidationError(
            _("Choose the level: {levels}.").format(
                levels=", ".join(escalation_label(level) for level in ESCALATION_LEVELS)
            ),
            field="escalation_level",
        )
    if escalated_on is None:
        raise ValidationError(_("Enter the date it was escalated."), field="escalated_on")
    if escalated_on > today:
        raise ValidationError(
            _("The escalation date cannot be in the future."), field="escalated_on"
        )
    return escalated_on


def check_after_raised(day: dt.date, *, raised_on: dt.date, what: str, field: str) -> None:
    """`what` ("The escalation date", already translated by the caller) may not come before
    the recommendation was raised."""
    if day < raised_on:
        raise ValidationError(
            _("{what} is before it was raised ({raised_on}).").format(
                what=what, raised_on=format_date(raised_on, "dd MMM y")
            ),
            field=field,
        )

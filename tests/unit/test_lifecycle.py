"""The recommendation lifecycle rules as pure functions: transitions, overdue, who may act."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from advisory import lifecycle
from advisory.errors import InvalidTransition, ValidationError
from advisory.lifecycle import Status
from advisory.periods import quarter_label

# The lifecycle as written in issue 3 / product.md, independently of the code's table.
SPEC = {
    ("raised", "under_review"),
    ("under_review", "accepted"),
    ("under_review", "partly_accepted"),
    ("under_review", "declined"),
    ("under_review", "deferred"),
    ("deferred", "under_review"),
    ("accepted", "in_progress"),
    ("partly_accepted", "in_progress"),
    ("in_progress", "done"),
    ("done", "verified"),
    ("done", "reopened"),
    ("verified", "reopened"),
    ("reopened", "in_progress"),
}
PAIRS = list(itertools.product(lifecycle.STATUSES, lifecycle.STATUSES))


def test_there_are_exactly_the_ten_statuses_of_the_lifecycle():
    assert lifecycle.STATUSES == (
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


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_each_move_is_allowed_exactly_when_the_lifecycle_allows_it(source, target):
    if (source, target) in SPEC:
        lifecycle.check_transition(source, target)
    else:
        with pytest.raises(InvalidTransition):
            lifecycle.check_transition(source, target)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        (
            "raised",
            "verified",
            "A recommendation that is Raised cannot become Verified by the group. "
            "Its next step can be: Under review.",
        ),
        (
            "under_review",
            "done",
            "A recommendation that is Under review cannot become Done. Its next step can be: "
            "Accepted or Partly accepted or Declined or Deferred.",
        ),
        (
            "done",
            "in_progress",
            "A recommendation that is Done cannot become In progress. "
            "Its next step can be: Verified by the group or Reopened.",
        ),
        (
            "declined",
            "under_review",
            "A recommendation that is Declined is closed and cannot become Under review. "
            "If the group still wants it, raise it again at a meeting.",
        ),
    ],
)
def test_a_refused_move_says_which_steps_are_allowed(source, target, message):
    with pytest.raises(InvalidTransition) as info:
        lifecycle.check_transition(source, target)
    assert str(info.value) == message


TODAY = dt.date(2025, 6, 15)
PAST = dt.date(2025, 6, 14)
FUTURE = dt.date(2025, 6, 16)


@pytest.mark.parametrize(
    ("status", "due_on", "deferred_until", "expected"),
    [
        ("raised", PAST, None, True),
        ("under_review", PAST, None, True),
        ("accepted", PAST, None, True),
        ("partly_accepted", PAST, None, True),
        ("in_progress", PAST, None, True),
        ("reopened", PAST, None, True),
        ("done", PAST, None, False),
        ("verified", PAST, None, False),
        ("declined", PAST, None, False),
        ("deferred", PAST, FUTURE, False),
        ("deferred", PAST, TODAY, False),
        ("deferred", PAST, PAST, True),
        ("deferred", PAST, None, True),
        ("in_progress", TODAY, None, False),  # due today is not yet late
        ("in_progress", FUTURE, None, False),
        ("in_progress", None, None, False),
    ],
)
def test_the_overdue_rule(status, due_on, deferred_until, expected):
    assert (
        lifecycle.is_overdue(
            status=status, due_on=due_on, deferred_until=deferred_until, today=TODAY
        )
        is expected
    )


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2025, 1, 1), "2025 Q1"),
        (dt.date(2025, 3, 31), "2025 Q1"),
        (dt.date(2025, 4, 1), "2025 Q2"),
        (dt.date(2025, 6, 30), "2025 Q2"),
        (dt.date(2025, 9, 30), "2025 Q3"),
        (dt.date(2025, 12, 31), "2025 Q4"),
    ],
)
def test_the_quarter_label(day, label):
    assert quarter_label(day) == label


@pytest.mark.parametrize(
    ("status", "director", "member"),
    [
        (
            "raised",
            ("start_review", "respond", "escalate", "progress_update", "comment", "edit"),
            ("comment", "edit"),
        ),
        (
            "under_review",
            ("respond", "escalate", "progress_update", "comment", "edit"),
            ("comment", "edit"),
        ),
        (
            "accepted",
            ("start_work", "escalate", "progress_update", "comment", "edit"),
            ("comment",),
        ),
        (
            "in_progress",
            ("mark_done", "escalate", "progress_update", "comment", "edit"),
            ("comment",),
        ),
        (
            "done",
            ("verify", "reopen", "progress_update", "comment", "edit"),
            ("verify", "reopen", "comment"),
        ),
        ("verified", ("reopen", "progress_update", "comment", "edit"), ("reopen", "comment")),
        ("declined", ("progress_update", "comment", "edit"), ("comment",)),
        (
            "deferred",
            ("respond", "escalate", "progress_update", "comment", "edit"),
            ("comment",),
        ),
        (
            "reopened",
            ("start_work", "escalate", "progress_update", "comment", "edit"),
            ("comment",),
        ),
    ],
)
def test_the_forms_offered_to_a_director_and_to_a_member(status, director, member):
    assert lifecycle.allowed_actions(status, "director") == director
    assert lifecycle.allowed_actions(status, "admin") == director
    assert lifecycle.allowed_actions(status, "member") == member


def test_members_are_never_offered_the_director_only_forms():
    director_only = {
        "start_review",
        "respond",
        "start_work",
        "mark_done",
        "escalate",
        "progress_update",
    }
    for status in lifecycle.STATUSES:
        assert not director_only & set(lifecycle.allowed_actions(status, "member"))


def test_each_status_is_the_string_stored_in_the_database_and_has_a_label():
    assert [str(s) for s in lifecycle.STATUSES] == [s.value for s in Status]
    assert Status("under_review") is Status.UNDER_REVIEW
    assert Status.UNDER_REVIEW == "under_review" and f"{Status.DONE}" == "done"
    assert set(lifecycle.STATUS_LABELS) == set(Status)
    assert lifecycle.status_label("verified") == "Verified by the group"


def test_the_responses_are_the_steps_out_of_review():
    assert lifecycle.RESPONSES == ("accepted", "partly_accepted", "declined", "deferred")


@pytest.mark.parametrize(
    ("status", "deferred_until", "waits"),
    [
        ("raised", None, True),
        ("under_review", None, True),
        ("deferred", PAST, True),
        ("deferred", TODAY, True),
        ("deferred", FUTURE, False),
        ("deferred", None, False),
        ("accepted", None, False),
        ("declined", None, False),
        ("done", None, False),
    ],
)
def test_what_waits_in_the_directors_review_queue(status, deferred_until, waits):
    assert (
        lifecycle.awaits_response(status=status, deferred_until=deferred_until, today=TODAY)
        is waits
    )


@pytest.mark.parametrize(
    ("decision", "rationale", "until", "field"),
    [
        (None, "", None, "decision"),
        ("maybe", "why", None, "decision"),
        ("declined", "", None, "rationale"),
        ("deferred", "", FUTURE, "rationale"),
        ("deferred", "Budget", None, "deferred_until"),
        ("deferred", "Budget", TODAY, "deferred_until"),
    ],
)
def test_a_response_is_checked_before_anything_is_saved(decision, rationale, until, field):
    with pytest.raises(ValidationError) as info:
        lifecycle.check_response(decision, rationale, until, today=TODAY)
    assert info.value.field == field


def test_a_good_response_comes_back_as_its_status():
    assert lifecycle.check_response("accepted", "", None, today=TODAY) is Status.ACCEPTED
    assert lifecycle.check_response("deferred", "Budget", FUTURE, today=TODAY) is Status.DEFERRED


def test_done_and_escalation_dates_may_not_be_in_the_future_nor_before_it_was_raised():
    assert lifecycle.check_done("Tuesdays", TODAY, today=TODAY) == TODAY
    assert lifecycle.check_escalation("service", PAST, today=TODAY) == PAST
    for call, field in (
        (lambda: lifecycle.check_done(" ", TODAY, today=TODAY), "what_changed"),
        (lambda: lifecycle.check_done("x", None, today=TODAY), "done_on"),
        (lambda: lifecycle.check_done("x", FUTURE, today=TODAY), "done_on"),
        (lambda: lifecycle.check_escalation("the moon", TODAY, today=TODAY), "escalation_level"),
        (lambda: lifecycle.check_escalation("service", None, today=TODAY), "escalated_on"),
        (lambda: lifecycle.check_escalation("service", FUTURE, today=TODAY), "escalated_on"),
    ):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.field == field
    with pytest.raises(ValidationError) as info:
        lifecycle.check_after_raised(PAST, raised_on=TODAY, what="The escalation date", field="x")
    assert str(info.value) == f"The escalation date is before it was raised ({TODAY:%d %b %Y})."
    lifecycle.check_after_raised(TODAY, raised_on=TODAY, what="The date it was done", field="x")

"""The recommendation lifecycle rules as pure functions: transitions, overdue, who may act."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from advisory.errors import InvalidTransition
from advisory.periods import quarter_label
from advisory.services import recommendations as recs

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
PAIRS = list(itertools.product(recs.STATUSES, recs.STATUSES))


def test_there_are_exactly_the_ten_statuses_of_the_lifecycle():
    assert recs.STATUSES == (
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
        recs.check_transition(source, target)
    else:
        with pytest.raises(InvalidTransition):
            recs.check_transition(source, target)


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
        recs.check_transition(source, target)
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
        recs.is_overdue(status=status, due_on=due_on, deferred_until=deferred_until, today=TODAY)
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


def _view(status: str) -> recs.RecommendationView:
    fields = {f.name: None for f in dataclasses.fields(recs.RecommendationView)}
    fields.update(status=status, site_ids=(), site_names=(), needs_funding=False, overdue=False)
    return recs.RecommendationView(**fields)  # type: ignore[arg-type]


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
    view = _view(status)
    assert recs.allowed_actions(view, "director") == director
    assert recs.allowed_actions(view, "admin") == director
    assert recs.allowed_actions(view, "member") == member


def test_members_are_never_offered_the_director_only_forms():
    director_only = {
        "start_review",
        "respond",
        "start_work",
        "mark_done",
        "escalate",
        "progress_update",
    }
    for status in recs.STATUSES:
        assert not director_only & set(recs.allowed_actions(_view(status), "member"))

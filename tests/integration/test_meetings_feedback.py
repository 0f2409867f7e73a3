"""'What happened to what we asked': the per-meeting summary in plain words."""

from __future__ import annotations

import datetime as dt

from advisory import clock
from advisory.services import feedback
from advisory.services import recommendations as recs
from tests.integration.meetings_setup import act, meeting, raise_one

TODAY = clock.today()


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def test_the_summary_lists_earlier_recommendations_in_plain_words(world):
    first = meeting(world, days_ago=200)
    second = meeting(world, days_ago=100)
    now = meeting(world, days_ago=0)
    due = TODAY - dt.timedelta(days=10)
    declined = raise_one(world, first.id, title="A separate entrance")
    act(world, recs.respond, declined, decision="declined", rationale="The landlord refuses.")
    done = raise_one(world, first.id, title="A women-only day")
    done = act(world, recs.respond, done, decision="accepted", rationale="")
    done = act(world, recs.start_work, done)
    done_on = TODAY - dt.timedelta(days=150)
    act(world, recs.mark_done, done, what_changed="Tuesdays are for women only.", done_on=done_on)
    late = raise_one(world, second.id, title="Pads in the toilet", due_on=due)
    late = act(world, recs.respond, late, decision="accepted", rationale="", needs_funding=True)
    recs.add_comment(
        world.engine,
        recommendation_id=late.id,
        text="Waiting for the supplier.",
        progress_update=True,
        actor=world.dina,
    )
    raise_one(world, now.id, title="Raised today, not reported yet")

    summary = feedback.what_happened(world.engine, meeting_id=now.id)
    q1 = f"{first.quarter} meeting"
    q2 = f"{second.quarter} meeting"
    assert (
        summary.intro == "At earlier meetings the group asked for 3 changes. 1 is done. 1 is late."
    )
    assert [i.title for i in summary.items] == [
        "A separate entrance",
        "A women-only day",
        "Pads in the toilet",
    ]
    assert summary.items[0].text == (
        f"We asked for this at the {q1}. The director said no. The reason: The landlord refuses."
    )
    assert summary.items[1].text == (
        f"We asked for this at the {q1}. The service says it was done on {_day(done_on)}: "
        "Tuesdays are for women only. The group has not checked it yet. Is it really happening?"
    )
    assert summary.items[2].text == (
        f"We asked for this at the {q2}. The director said yes. The work has not started yet. "
        f"It needs money before it can happen. It is late: it should have been done by "
        f"{_day(due)}. Latest news, {_day(TODAY)}, from Dina: Waiting for the supplier."
    )
    text = summary.as_text()
    assert text.startswith(
        f"What happened to what we asked: {now.label}\n\n{summary.intro}\n\n"
        "1. A separate entrance\n"
    )
    assert text.endswith("Waiting for the supplier.\n")


def test_the_first_meeting_has_nothing_to_report(world):
    m = meeting(world, days_ago=5)
    raise_one(world, m.id)
    summary = feedback.what_happened(world.engine, meeting_id=m.id)
    assert summary.items == ()
    assert summary.intro == (
        "The group did not ask for anything at earlier meetings, so there is nothing to report yet."
    )


def test_verified_deferred_and_reopened_recommendations_are_told_plainly(world):
    old = meeting(world, days_ago=120)
    check = meeting(world, days_ago=30)
    now = meeting(world, days_ago=0)
    until = TODAY + dt.timedelta(days=60)
    deferred = raise_one(world, old.id, title="Evening hours")
    act(
        world,
        recs.respond,
        deferred,
        decision="deferred",
        rationale="No staff yet.",
        deferred_until=until,
    )
    verified = raise_one(world, old.id, title="Unmarked car")
    verified = act(world, recs.respond, verified, decision="accepted", rationale="")
    verified = act(world, recs.start_work, verified)
    verified = act(
        world,
        recs.mark_done,
        verified,
        what_changed="An unmarked car visits.",
        done_on=TODAY - dt.timedelta(days=40),
    )
    act(
        world,
        recs.verify,
        verified,
        meeting_id=check.id,
        group_comment="Nobody knows the car.",
        actor=world.mary,
    )
    reopened = raise_one(world, old.id, title="Women staff at night")
    reopened = act(world, recs.respond, reopened, decision="accepted", rationale="")
    reopened = act(world, recs.start_work, reopened)
    reopened = act(
        world,
        recs.mark_done,
        reopened,
        what_changed="A woman on nights.",
        done_on=TODAY - dt.timedelta(days=60),
    )
    act(world, recs.reopen, reopened, reason="She left the job.", actor=world.mary)
    items = feedback.what_happened(world.engine, meeting_id=now.id).items
    q = f"{old.quarter} meeting"
    assert [i.text for i in items] == [
        f"We asked for this at the {q}. The director said: not now. They will look at it again "
        f"on {_day(until)}. The reason: No staff yet.",
        f"We asked for this at the {q}. It was done: An unmarked car visits. The group checked "
        f"it at the {check.quarter} meeting and agreed it is happening. The group said: Nobody "
        "knows the car.",
        f"We asked for this at the {q}. It was done, but it stopped or needs more work, so it "
        f"is open again. Latest news, {_day(TODAY)}, from Mary: She left the job.",
    ]

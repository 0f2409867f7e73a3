"""'What happened to what we asked': since the previous meeting up to today, grouped by
where each request stands, in plain words, as text and as a printable page (issue 13)."""

from __future__ import annotations

import datetime as dt
import re

from advisory import clock
from advisory.services import feedback
from advisory.services import recommendations as recs
from advisory.services.recommendation_views import RecommendationView
from tests.integration.meetings_setup import World, act, meeting, raise_one

TODAY = clock.today()


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _at(days_ago: int) -> dt.datetime:
    """A moment `days_ago` (services take `now`, so the timeline can be dated in the past)."""
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10))


def _long_ago(world: World, first_id: int, title: str, days_ago: int) -> RecommendationView:
    return raise_one(world, first_id, title=title, now=_at(days_ago))


def test_the_summary_covers_what_was_raised_or_changed_since_the_previous_meeting_by_status(
    world,
):
    first = meeting(world, days_ago=200)
    checked = meeting(world, days_ago=170)
    previous = meeting(world, days_ago=30)
    # Closed before the previous meeting: already reported, left out.
    declined_long_ago = _long_ago(world, first.id, "A separate entrance", 199)
    act(world, recs.respond, declined_long_ago, decision="declined", rationale="No.", now=_at(190))
    verified = _long_ago(world, first.id, "An unmarked car", 199)
    verified = act(world, recs.respond, verified, decision="accepted", rationale="", now=_at(195))
    verified = act(world, recs.start_work, verified, now=_at(194))
    verified = act(
        world,
        recs.mark_done,
        verified,
        what_changed="A grey car.",
        done_on=TODAY - dt.timedelta(days=180),
        now=_at(180),
    )
    act(
        world,
        recs.verify,
        verified,
        meeting_id=checked.id,
        group_comment="Yes.",
        actor=world.mary,
        now=_at(170),
    )
    # Still open, nothing new since: told, and said to have no news.
    quiet = _long_ago(world, first.id, "Evening hours", 199)
    act(world, recs.respond, quiet, decision="accepted", rationale="", now=_at(150))
    # Changed since: a progress update today.
    late = _long_ago(world, first.id, "Pads in the toilet", 199)
    late = act(world, recs.respond, late, decision="accepted", rationale="", now=_at(150))
    recs.add_comment(
        world.engine,
        recommendation_id=late.id,
        text="Waiting for the supplier.",
        progress_update=True,
        actor=world.dina,
    )
    # The day the news was recorded (a run that crossed midnight UTC had it a day after TODAY).
    news_day = clock.today()
    # Raised at the previous meeting and already closed since.
    closed_since = raise_one(world, previous.id, title="A women-only day")
    act(world, recs.respond, closed_since, decision="declined", rationale="The landlord refuses.")
    # Raised at the previous meeting, not answered yet.
    raise_one(world, previous.id, title="Women staff on Fridays")

    summary = feedback.what_happened(world.engine, today=news_day)  # since the latest meeting
    assert summary.since == previous.held_on
    assert summary.period == f"since the {previous.label}, up to {_day(news_day)}"
    assert [(g.key, g.heading, [i.title for i in g.items]) for g in summary.groups] == [
        (
            "working",
            "The director said yes: the work is on its way",
            ["Evening hours", "Pads in the toilet"],
        ),
        ("waiting", "Waiting for the director's answer", ["Women staff on Fridays"]),
        ("declined", "The director said no", ["A women-only day"]),
    ]
    assert [i.news for i in summary.items] == [False, True, True, True]
    q1 = f"{first.quarter} meeting"
    assert summary.items[0].text == (
        f"We asked for this at the {q1}. The director said yes. The work has not started yet. "
        "Nothing new since then."
    )
    assert summary.items[1].text == (
        f"We asked for this at the {q1}. The director said yes. The work has not started yet. "
        f"Latest news, {_day(news_day)}, from Dina: Waiting for the supplier."
    )
    assert summary.intro == (
        "This is about 4 things the group asked for. 3 have news since then. 0 are done. "
        "0 are late."
    )
    text = summary.as_text()
    assert text.startswith(
        f"What happened to what we asked: {summary.period}\n\n{summary.intro}\n\n"
        "THE DIRECTOR SAID YES: THE WORK IS ON ITS WAY\n\n1. Evening hours\n"
    )
    assert "\n\nTHE DIRECTOR SAID NO\n\n4. A women-only day\n" in text
    # An earlier meeting chosen: the older closed ones are back.
    wider = feedback.what_happened(world.engine, since_meeting_id=first.id)
    assert {i.title for i in wider.items} == {
        "A separate entrance",
        "An unmarked car",
        "Evening hours",
        "Pads in the toilet",
        "A women-only day",
        "Women staff on Fridays",
    }


def test_with_no_meeting_yet_there_is_nothing_to_report(world):
    summary = feedback.what_happened(world.engine)
    assert (summary.since, summary.groups) == (None, ())
    assert summary.intro == (
        "The group has not asked for anything yet, so there is nothing to report."
    )


def test_the_printable_page_is_self_contained_a4_and_escapes_what_was_typed(world):
    held = meeting(world, days_ago=10)
    raise_one(world, held.id, title="<b>Evening</b> & hours <script>alert(1)</script>")
    page = feedback.printable(world.engine)
    assert page.startswith("<!DOCTYPE html>")
    assert "@page { size: A4;" in page
    assert "&lt;b&gt;Evening&lt;/b&gt; &amp; hours &lt;script&gt;" in page
    assert "<script" not in page and "<b>" not in page
    # Nothing is loaded from anywhere: no src, no href, no url(), and a CSP that forbids it.
    assert not re.search(r"\b(src|href)=|url\(|@import", page)
    assert "default-src 'none'" in page
    assert "<h2>Waiting for the director&#x27;s answer (1)</h2>" in page


def test_verified_deferred_and_reopened_recommendations_are_told_plainly(world):
    old = meeting(world, days_ago=120)
    check = meeting(world, days_ago=30)
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
    reopened_day = clock.today()
    summary = feedback.what_happened(world.engine, since_meeting_id=old.id)
    items = summary.items
    q = f"{old.quarter} meeting"
    assert [g.key for g in summary.groups] == ["verified", "reopened", "deferred"]
    assert [i.text for i in items] == [
        f"We asked for this at the {q}. It was done: An unmarked car visits. The group checked "
        f"it at the {check.quarter} meeting and agreed it is happening. The group said: Nobody "
        "knows the car.",
        f"We asked for this at the {q}. It was done, but it stopped or needs more work, so it "
        f"is open again. Latest news, {_day(reopened_day)}, from Mary: She left the job.",
        f"We asked for this at the {q}. The director said: not now. They will look at it again "
        f"on {_day(until)}. The reason: No staff yet.",
    ]

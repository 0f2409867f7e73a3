"""The feedback page (issue 13): since the latest meeting by default, grouped by where each
request stands, with a printable page to download."""

from __future__ import annotations

import datetime as dt

from advisory import clock
from advisory.services import categories, meetings, recommendations
from components import feedback_downloads
from tests.factories import ensure_user
from tests.ui.apptest import engine_for, page_test

TODAY = clock.today()


def test_the_page_starts_from_the_latest_meeting_and_offers_the_printable_page(app_env):
    engine = engine_for(app_env)
    mary = ensure_user(engine, "mary", "member")
    dina = ensure_user(engine, "dina", "director")
    older = meetings.create_meeting(engine, held_on=TODAY - dt.timedelta(days=90), actor=mary)
    latest = meetings.create_meeting(
        engine, held_on=TODAY - dt.timedelta(days=7), place="Back room", actor=mary
    )
    category = categories.list_categories(engine)[0].id
    closed = recommendations.raise_recommendation(
        engine, meeting_id=latest.id, title="A women-only day", category_id=category, actor=mary
    )
    recommendations.respond(
        engine,
        recommendation_id=closed.id,
        expected_version=closed.version,
        decision="declined",
        rationale="No room.",
        actor=dina,
    )
    recommendations.raise_recommendation(
        engine, meeting_id=older.id, title="Evening hours", category_id=category, actor=mary
    )
    engine.dispose()
    at = page_test("pages/feedback.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    picker = at.selectbox(key="feedback_since_meeting")
    assert picker.value == latest.id
    assert picker.options == [latest.label, older.label]
    assert [h.value for h in at.subheader] == [
        "Waiting for the director's answer (1)",
        "The director said no (1)",
    ]
    labels = [d.proto.label for d in at.get("download_button")]
    expected = ["Download the printable page (A4)"]
    if feedback_downloads.html_to_pdf is not None:  # advisory.pdf merged (helper funder)
        expected.append("Download as PDF")
    assert labels == expected
    # What the printable button sends, built as when pressed.
    engine = engine_for(app_env)
    page = feedback_downloads._html(engine, since_meeting_id=latest.id).decode("utf-8")
    engine.dispose()
    assert "<h2>The director said no (1)</h2>" in page
    assert "<h3>2. A women-only day</h3>" in page

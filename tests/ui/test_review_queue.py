"""The review queue (issue 13): a list of what waits, one response form at a time, and the
saved message shows a typed title exactly as typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from advisory import clock
from advisory.services import categories, meetings, recommendation_views, recommendations
from advisory.services.recommendation_views import RecommendationView
from tests.factories import ensure_user
from tests.ui.apptest import engine_for, page_test, texts

TODAY = clock.today()
TRICKY = "**x** [a](javascript:1)"


def _waiting(data_dir: Path, titles: tuple[str, ...]) -> list[RecommendationView]:
    engine = engine_for(data_dir)
    mary = ensure_user(engine, "mary", "member")
    held = meetings.create_meeting(engine, held_on=TODAY - dt.timedelta(days=20), actor=mary)
    category = categories.list_categories(engine)[0].id
    raised = [
        recommendations.raise_recommendation(
            engine, meeting_id=held.id, title=t, category_id=category, actor=mary
        )
        for t in titles
    ]
    engine.dispose()
    return raised


def _forms(at: AppTest) -> int:
    return sum(1 for b in at.button if b.label == "Save response")


def test_the_queue_lists_every_item_and_draws_one_response_form_only_for_the_one_picked(app_env):
    waiting = _waiting(app_env, ("Evening hours", "Women staff on Fridays", "Pads in toilets"))
    at = page_test("pages/review.py", data_dir=app_env, username="dina", role="director").run()
    assert not at.exception
    shown = texts(at)
    for title in ("Evening hours", "Women staff on Fridays", "Pads in toilets"):
        assert f"**{title}**" in shown
    assert _forms(at) == 0
    assert [b.label for b in at.button].count("Answer") == 3
    at.button(key=f"review_pick_{waiting[1].id}").click().run()
    assert not at.exception
    assert _forms(at) == 1
    assert [b.label for b in at.button].count("Answer") == 2
    key = f"review_{waiting[1].id}_{waiting[1].version}"
    at.radio(key=f"{key}_decision").set_value("accepted")
    [b for b in at.button if b.label == "Save response"][0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Response saved for “Women staff on Fridays”: Accepted."
    ]
    assert _forms(at) == 0
    assert [b.label for b in at.button].count("Answer") == 2


def test_closing_the_picked_item_leaves_the_list_without_a_form(app_env):
    (waiting,) = _waiting(app_env, ("Evening hours",))
    at = page_test("pages/review.py", data_dir=app_env, username="dina", role="director").run()
    at.button(key=f"review_pick_{waiting.id}").click().run()
    assert _forms(at) == 1
    at.button(key=f"review_close_{waiting.id}").click().run()
    assert not at.exception
    assert _forms(at) == 0


def test_a_title_typed_with_markup_is_shown_as_typed_in_the_saved_message(app_env):
    (waiting,) = _waiting(app_env, (TRICKY,))
    at = page_test("pages/review.py", data_dir=app_env, username="dina", role="director").run()
    at.button(key=f"review_pick_{waiting.id}").click().run()
    key = f"review_{waiting.id}_{waiting.version}"
    at.radio(key=f"{key}_decision").set_value("accepted")
    [b for b in at.button if b.label == "Save response"][0].click().run()
    assert not at.exception
    (message,) = [s.value for s in at.success]
    # Every Markdown character is escaped: no bold, no link, nothing a browser would follow.
    assert message == ("Response saved for “\\*\\*x\\*\\* \\[a\\]\\(javascript\\:1\\)”: Accepted.")
    engine = engine_for(app_env)
    assert recommendation_views.get(engine, waiting.id).status == "accepted"
    engine.dispose()


def test_a_recommendation_raised_with_markup_in_its_title_is_announced_as_typed(app_env):
    engine = engine_for(app_env)
    mary = ensure_user(engine, "mary", "member")
    held = meetings.create_meeting(engine, held_on=TODAY - dt.timedelta(days=3), actor=mary)
    category = categories.list_categories(engine)[0].id
    engine.dispose()
    at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member")
    at.query_params["meeting"] = str(held.id)
    at.run()
    assert not at.exception, at.exception
    prefix = f"rec_new_{held.id}"
    at.text_input(key=f"{prefix}_title").input(TRICKY)
    at.selectbox(key=f"{prefix}_category").set_value(category)
    [b for b in at.button if b.label == "Raise recommendation"][0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Recommendation raised: \\*\\*x\\*\\* \\[a\\]\\(javascript\\:1\\)."
    ]

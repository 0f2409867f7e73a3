"""Recommendations in AppTest, through the real app and its navigation: a meeting is logged, a
recommendation raised there, the director accepts it, marks it in progress and done, and the
group verifies it; a member is never offered the director's response controls."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from advisory import clock, spreadsheet_safety
from advisory.db import session_scope
from advisory.errors import PermissionDenied
from advisory.exports import recommendations_export
from advisory.services import (
    categories,
    meeting_views,
    meetings,
    organisation,
    recommendation_views,
    recommendations,
    users,
)
from advisory.services.meeting_views import MeetingView
from advisory.services.recommendation_views import RecommendationView
from advisory.services.users import UserView
from components import downloads
from components.markdown_text import plain
from tests.factories import TEST_ADMIN, make_user
from tests.server_clock import local_date_off_utc
from tests.ui.apptest import engine_for, page_test, texts

TODAY = clock.today()
DIRECTOR_ONLY = (
    "Save response",
    "Start the review",
    "Mark as in progress",
    "Mark as done",
    "Save escalation",
)


def _button(at: AppTest, label: str) -> Button:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0]


def _labels(at: AppTest) -> set[str]:
    return {b.label for b in at.button}


def _app(data_dir: Path, username: str, role: str) -> AppTest:
    at = page_test("app.py", data_dir=data_dir, username=username, role=role)
    at.run()
    return at


def _seed(data_dir: Path) -> None:
    engine = engine_for(data_dir)
    with session_scope(engine) as s:
        group = organisation.default_group(s)
        for name in ("Aye", "Zahra"):
            organisation.add_member(
                s,
                group_id=group.id,
                name=name,
                joined_on=TODAY - dt.timedelta(days=400),
                actor=TEST_ADMIN,
            )
        organisation.add_site(s, name="Riverside", kind="drop-in centre", actor=TEST_ADMIN)
    engine.dispose()


def _current(data_dir: Path) -> RecommendationView:
    engine = engine_for(data_dir)
    (rec,) = recommendation_views.list_recommendations(engine)
    engine.dispose()
    return rec


def _account(engine: Engine, username: str, role: str) -> UserView:
    """The account's view (the actor for service calls), made if the pages have not yet."""
    return users.get_view(engine, username) or make_user(engine, username, role)


def _answered(
    engine: Engine, *, days_ago: int, category: int, decision: str, reason: str
) -> tuple[MeetingView, RecommendationView]:
    """A meeting `days_ago`, a recommendation Mary raised there, and Dina's answer to it."""
    mary, dina = _account(engine, "mary", "member"), _account(engine, "dina", "director")
    held = meetings.create_meeting(engine, held_on=TODAY - dt.timedelta(days=days_ago), actor=mary)
    rec = recommendations.raise_recommendation(
        engine,
        meeting_id=held.id,
        title="A women-only day",
        category_id=categories.list_categories(engine)[category].id,
        actor=mary,
    )
    answered = recommendations.respond(
        engine,
        recommendation_id=rec.id,
        expected_version=rec.version,
        decision=decision,
        rationale=reason,
        actor=dina,
    )
    return held, answered


def _meeting_and_recommendation(data_dir: Path) -> AppTest:
    """A member logs a meeting and raises a recommendation there, through the pages."""
    at = _app(data_dir, "mary", "member")
    at.switch_page("pages/meetings.py").run()
    at.date_input(key="meeting_new_held_on").set_value(TODAY - dt.timedelta(days=30))
    _button(at, "Save meeting").click().run()
    assert not at.exception
    engine = engine_for(data_dir)
    meeting_id = meeting_views.list_meetings(engine)[0].id
    category = {c.name: c.id for c in categories.list_categories(engine)}[
        "Women-only space or time"
    ]
    engine.dispose()
    prefix = f"rec_new_{meeting_id}"
    at.text_input(key=f"{prefix}_title").input("A women-only day at the drop-in centre")
    at.selectbox(key=f"{prefix}_category").set_value(category)
    at.text_input(key=f"{prefix}_owner_role").input("Centre manager")
    _button(at, "Raise recommendation").click().run()
    assert "Recommendation raised: A women\\-only day at the drop\\-in centre." in texts(at)
    return at


def test_the_whole_flow_from_meeting_to_the_groups_verification(app_env):
    _seed(app_env)
    member = _meeting_and_recommendation(app_env)
    rec = _current(app_env)
    assert rec.status == "raised"

    # The member opens it from the meeting's page: no director-only controls.
    member.button(key=f"meeting_rec_open_{rec.id}").click().run()
    assert not member.exception
    assert "A women\\-only day at the drop\\-in centre" in [h.value for h in member.header]
    assert not _labels(member) & set(DIRECTOR_ONLY)
    assert "Director's response" not in texts(member)
    assert {"Add comment", "Save changes"} <= _labels(member)

    # The director opens it and responds.
    director = _app(app_env, "dina", "director")
    director.switch_page("pages/recommendations.py").run()
    director.button(key=f"board_raised_open_{rec.id}").click().run()
    key = f"rec_{rec.id}_{rec.version}"
    _button(director, "Save response").click().run()
    assert [e.value for e in director.error] == [
        "Choose the response: accept, partly accept, decline or defer."
    ]
    director.radio(key=f"{key}_decision").set_value("declined")
    _button(director, "Save response").click().run()
    assert [e.value for e in director.error] == [
        "Write the reason for declining: the group will hear it at the next meeting."
    ]
    assert _current(app_env).status == "raised"
    director.radio(key=f"{key}_decision").set_value("accepted")
    director.text_area(key=f"{key}_rationale").input("Tuesdays, with women staff.")
    _button(director, "Save response").click().run()
    assert "Response saved." in texts(director)
    assert _current(app_env).status == "accepted"

    _button(director, "Mark as in progress").click().run()
    assert "Marked as in progress." in texts(director)
    rec = _current(app_env)
    assert rec.status == "in_progress"
    key = f"rec_{rec.id}_{rec.version}"
    director.text_area(key=f"{key}_done_what").input("Every Tuesday is for women only.")
    director.text_area(key=f"{key}_done_evidence").input("The rota")
    _button(director, "Mark as done").click().run()
    assert "Marked as done. The group can now verify it at a meeting." in texts(director)
    rec = _current(app_env)
    # The form suggests the clock's today; read it now, not at import (a run across midnight).
    today = clock.today()
    assert (rec.status, rec.done_on, rec.what_changed) == (
        "done",
        today,
        "Every Tuesday is for women only.",
    )

    # The group verifies it at a meeting held after the change.
    member.query_params.clear()
    member.switch_page("pages/meetings.py").run()
    member.date_input(key="meeting_new_held_on").set_value(today)
    _button(member, "Save meeting").click().run()
    member.query_params.clear()  # a menu link drops query parameters (AppTest keeps them)
    member.switch_page("pages/recommendations.py").run()
    member.button(key=f"board_done_open_{rec.id}").click().run()
    assert not _labels(member) & set(DIRECTOR_ONLY)
    key = f"rec_{rec.id}_{rec.version}"
    member.text_area(key=f"{key}_verify_comment").input("Women say Tuesday is their day.")
    _button(member, "Verified by the group").click().run()
    assert not member.exception
    assert "Verified by the group." in texts(member)
    rec = _current(app_env)
    assert (rec.status, rec.verification_comment) == (
        "verified",
        "Women say Tuesday is their day.",
    )
    engine = engine_for(app_env)
    steps = [
        (e.by, e.from_status, e.to_status) for e in recommendation_views.timeline(engine, rec.id)
    ]
    assert steps == [
        ("Mary", None, "raised"),
        ("Dina", "raised", "under_review"),
        ("Dina", "under_review", "accepted"),
        ("Dina", "accepted", "in_progress"),
        ("Dina", "in_progress", "done"),
        ("Mary", "done", "verified"),
    ]
    timeline = [m.value for m in member.markdown if m.value.startswith("**")]
    assert any(t.startswith("**Under review → Accepted** · Dina  \n") for t in timeline)
    assert any(t.startswith("**Done → Verified by the group** · Mary  \n") for t in timeline)


def test_two_directors_answering_at_once_the_second_is_refused_and_the_first_answer_stays(
    app_env,
):
    _seed(app_env)
    _meeting_and_recommendation(app_env)
    rec = _current(app_env)
    pages = []
    for username in ("dina", "dora"):
        at = page_test(
            "pages/recommendations.py", data_dir=app_env, username=username, role="director"
        )
        at.query_params["id"] = str(rec.id)
        pages.append(at.run())
    dina, dora = pages
    key = f"rec_{rec.id}_{rec.version}"
    dina.radio(key=f"{key}_decision").set_value("accepted")
    _button(dina, "Save response").click().run()
    assert "Response saved." in texts(dina)
    dora.radio(key=f"{key}_decision").set_value("declined")
    dora.text_area(key=f"{key}_rationale").input("No money")
    _button(dora, "Save response").click().run()
    assert not dora.exception
    (error,) = [e.value for e in dora.error]
    assert error.startswith("This was changed by Dina at ")
    assert error.endswith(" UTC; reload to see their change")
    assert dora.text_area(key=f"{key}_rationale").value == "No money"  # her words are kept
    assert (_current(app_env).status, _current(app_env).response) == ("accepted", "accepted")
    _button(dora, "Reload to see their change").click().run()
    assert "Mark as in progress" in _labels(dora)
    assert "Save response" not in _labels(dora)


def test_a_member_sees_no_response_controls_at_any_status_and_the_service_refuses_them(app_env):
    _seed(app_env)
    _meeting_and_recommendation(app_env)
    rec = _current(app_env)
    at = page_test("pages/recommendations.py", data_dir=app_env, username="mary", role="member")
    at.query_params["id"] = str(rec.id)
    at.run()
    assert not at.exception
    assert not _labels(at) & set(DIRECTOR_ONLY)
    assert not [r for r in at.radio if r.label == "Your answer"]
    # The review queue is not open to members at all.
    queue = page_test("pages/review.py", data_dir=app_env, username="mary", role="member").run()
    assert [e.value for e in queue.error] == ["You don't have access to this page."]
    # And the service refuses a member's response even if a form were forged.
    engine = engine_for(app_env)
    try:
        recommendations.respond(
            engine,
            recommendation_id=rec.id,
            expected_version=rec.version,
            decision="accepted",
            rationale="",
            actor=users.get_view(engine, "mary"),
        )
    except Exception as exc:  # noqa: BLE001 - the exact type is asserted below
        refused = exc
    engine.dispose()
    assert type(refused).__name__ == "PermissionDenied"
    assert _current(app_env).status == "raised"


def test_the_director_answers_from_the_review_queue(app_env):
    _seed(app_env)
    _meeting_and_recommendation(app_env)
    rec = _current(app_env)
    at = page_test("pages/review.py", data_dir=app_env, username="dina", role="director").run()
    assert not at.exception
    assert "**A women\\-only day at the drop\\-in centre**" in [m.value for m in at.markdown]
    at.button(key=f"review_pick_{rec.id}").click().run()
    key = f"review_{rec.id}_{rec.version}"
    at.radio(key=f"{key}_decision").set_value("deferred")
    at.text_area(key=f"{key}_rationale").input("No budget until April.")
    _button(at, "Save response").click().run()
    assert [e.value for e in at.error] == ["Choose the date until which it is deferred."]
    at.date_input(key=f"{key}_until").set_value(TODAY + dt.timedelta(days=90))
    _button(at, "Save response").click().run()
    assert not at.exception
    assert "Nothing is waiting for a response." in texts(at)
    rec = _current(app_env)
    assert (rec.status, rec.deferred_until) == ("deferred", TODAY + dt.timedelta(days=90))


def test_the_board_table_feedback_and_overview_show_the_recommendation(app_env):
    _seed(app_env)
    at = _meeting_and_recommendation(app_env)
    at.switch_page("pages/recommendations.py").run()
    assert not at.exception
    assert at.selectbox(key="recommendations_board_status").options[1] == "Raised (1)"
    at.radio(key="recommendations_view").set_value("Table").run()
    assert list(at.dataframe[0].value["Title"]) == ["A women-only day at the drop-in centre"]
    at.selectbox(key="rec_filter_status").set_value("done").run()
    assert at.dataframe[0].value.empty
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Recommendations"], metrics["Done or verified"], metrics["Overdue"]) == (
        "1",
        "0%",
        "0",
    )
    at.switch_page("pages/feedback.py").run()
    assert not at.exception
    # Raised at the only meeting, so new since it (issue 13: it used to be left out).
    assert "Waiting for the director's answer (1)" in [h.value for h in at.subheader]


def test_an_admin_adds_a_category_in_settings_and_a_duplicate_is_refused_at_the_field(app_env):
    at = page_test("pages/settings.py", data_dir=app_env, username="ada", role="admin")
    at.run()
    at.text_input(key="category_add_name").input("Transport money")
    _button(at, "Add category").click().run()
    assert "Category added: Transport money." in texts(at)
    at.text_input(key="category_add_name").input("transport MONEY")
    _button(at, "Add category").click().run()
    assert [e.value for e in at.error] == ["A category named 'transport MONEY' already exists."]
    engine = engine_for(app_env)
    names = [c.name for c in categories.list_categories(engine)]
    engine.dispose()
    assert names == [*categories.SEED, "Transport money"]
    # The recommendations page, which every member sees, offers no categories form to anyone
    # (issue 11: an admin job belongs on Settings, which only admins may open).
    for username, role in (("ada", "admin"), ("dina", "director")):
        page = page_test(
            "pages/recommendations.py", data_dir=app_env, username=username, role=role
        ).run()
        assert "Add category" not in _labels(page)
    director = page_test("pages/settings.py", data_dir=app_env, username="dina", role="director")
    assert [e.value for e in director.run().error] == ["You don't have access to this page."]


def test_the_feedback_page_reads_out_what_happened_since_earlier_meetings(app_env):
    _seed(app_env)
    engine = engine_for(app_env)
    first, _ = _answered(engine, days_ago=100, category=1, decision="declined", reason="No room.")
    meetings.create_meeting(engine, held_on=TODAY, actor=_account(engine, "mary", "member"))
    engine.dispose()
    at = page_test("pages/feedback.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    shown = texts(at)
    intro = (
        "This is about 1 thing the group asked for. 1 has news since then. 0 are done. 0 are late."
    )
    assert f"**{plain(intro)}**" in shown
    assert [h.value for h in at.subheader] == ["The director said no (1)"]
    assert "**1. A women\\-only day**" in shown
    assert (
        f"We asked for this at the {first.quarter} meeting\\. The director said no\\. "
        "The reason\\: No room\\."
    ) in shown


def _in_progress(data_dir: Path) -> RecommendationView:
    engine = engine_for(data_dir)
    _, rec = _answered(engine, days_ago=30, category=0, decision="accepted", reason="")
    rec = recommendations.start_work(
        engine,
        recommendation_id=rec.id,
        expected_version=rec.version,
        actor=_account(engine, "dina", "director"),
    )
    engine.dispose()
    return rec


def test_mark_as_done_on_the_suggested_date_is_accepted_whatever_the_servers_time_zone(app_env):
    rec = _in_progress(app_env)
    key = f"rec_{rec.id}_{rec.version}"
    with local_date_off_utc():
        at = page_test(
            "pages/recommendations.py", data_dir=app_env, username="dina", role="director"
        )
        at.query_params["id"] = str(rec.id)
        at.run()
        suggested = (
            at.date_input(key=f"{key}_done_on").value,
            at.date_input(key=f"{key}_escalate_on").value,
        )
        at.text_area(key=f"{key}_done_what").input("Every Tuesday is for women only.")
        _button(at, "Mark as done").click().run()
    assert not at.exception
    assert suggested == (clock.today(), clock.today())
    assert not at.error
    assert "Marked as done. The group can now verify it at a meeting." in texts(at)
    assert (_current(app_env).status, _current(app_env).done_on) == ("done", clock.today())


@pytest.mark.parametrize("bad", ["²", "100000000000000000000", "2147483648", "0", "abc"])
def test_a_link_with_a_bad_recommendation_number_says_not_found_instead_of_crashing(app_env, bad):
    at = page_test("pages/recommendations.py", data_dir=app_env, username="mary", role="member")
    at.query_params["id"] = bad
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "No such recommendation. It may have been removed; go back to the list."
    ]
    assert "Back to all recommendations" in [b.label for b in at.button]


def test_the_downloads_are_not_built_while_the_pages_are_drawn(app_env, monkeypatch):
    # why (issue 11): every export used to be built on every rerun of every session.
    _seed(app_env)
    at = _meeting_and_recommendation(app_env)

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("an export was built while the page was drawn")

    monkeypatch.setattr(spreadsheet_safety, "to_csv_bytes", refuse)
    monkeypatch.setattr(spreadsheet_safety, "to_xlsx_bytes", refuse)
    at.switch_page("pages/recommendations.py").run()
    assert not at.exception
    assert [d.proto.label for d in at.get("download_button")] == [
        "Recommendations (CSV)",
        "History (CSV)",
        "Both (Excel)",
    ]
    at.query_params.clear()
    at.switch_page("pages/meetings.py").run()
    assert not at.exception
    assert [d.proto.label for d in at.get("download_button")] == [
        "Meetings (CSV)",
        "Meetings (Excel)",
    ]


def test_a_download_is_built_when_pressed_only_while_the_account_may_open_the_page(
    app_env, monkeypatch
):
    engine = engine_for(app_env)
    monkeypatch.setattr(downloads, "get_engine", lambda: engine)
    mary = _account(engine, "mary", "member")
    data = downloads.deferred(mary, "recommendations", recommendations_export.history_csv)
    assert data() == recommendations_export.history_csv(engine)
    with pytest.raises(PermissionDenied):
        downloads.deferred(mary, "review", recommendations_export.history_csv)()
    users.set_active(engine, username="mary", active=False, actor=TEST_ADMIN)
    with pytest.raises(PermissionDenied):
        data()
    engine.dispose()

"""The search boxes on the recommendations table and the meetings list, in AppTest (issue 13)."""

from __future__ import annotations

from pathlib import Path

from tests.integration.meetings_setup import World, build_world, meeting, raise_one
from tests.ui.apptest import engine_for, page_test, texts


def _world(data_dir: Path) -> World:
    return build_world(engine_for(data_dir))


def _table(data_dir: Path, username: str, role: str):
    at = page_test("pages/recommendations.py", data_dir=data_dir, username=username, role=role)
    at.run()
    at.radio(key="recommendations_view").set_value("Table").run()
    return at


def test_the_search_box_narrows_the_recommendations_table_with_the_filters(app_env):
    world = _world(app_env)
    m = meeting(world)
    raise_one(world, m.id, title="A women-only day", description="Tuesdays at the DIC")
    raise_one(world, m.id, title="Childcare corner", description="Toys, a women worker")
    raise_one(world, m.id, title="Unmarked van", description="For outreach")

    at = _table(app_env, "mary", "member")
    assert not at.exception
    at.text_input(key="rec_filter_text").input("WOMEN").run()
    assert not at.exception
    assert list(at.dataframe[0].value["Title"]) == ["A women-only day", "Childcare corner"]
    at.text_input(key="rec_filter_text").input("women tuesdays").run()
    assert list(at.dataframe[0].value["Title"]) == ["A women-only day"]
    at.selectbox(key="rec_filter_status").set_value("done").run()
    assert at.dataframe[0].value.empty
    at.selectbox(key="rec_filter_status").set_value("raised").run()
    assert list(at.dataframe[0].value["Title"]) == ["A women-only day"]
    at.text_input(key="rec_filter_text").input("100%").run()
    assert not at.exception
    assert at.dataframe[0].value.empty
    assert "0 recommendations" in texts(at)


def test_the_meetings_search_finds_words_in_the_minutes_for_a_logged_in_member(app_env):
    world = _world(app_env)
    meeting(world, days_ago=90, place="Riverside DIC", agenda="Opening hours")
    harbour = meeting(
        world, days_ago=30, place="Harbour office", minutes="Women asked for a night shelter"
    )

    at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert len([b for b in at.button if b.label == "Open"]) == 2
    at.text_input(key="meetings_search").input("Shelter").run()
    assert not at.exception
    assert [b.key for b in at.button if b.label == "Open"] == [f"meeting_open_{harbour.id}"]
    assert "1 meeting matches." in texts(at)
    at.text_input(key="meetings_search").input("shelter riverside").run()
    assert not at.exception
    assert not [b for b in at.button if b.label == "Open"]
    assert "No meeting matches." in texts(at)
    at.text_input(key="meetings_search").input("").run()
    assert len([b for b in at.button if b.label == "Open"]) == 2


def test_the_meetings_year_and_format_filters_combine_with_the_search(app_env):
    world = _world(app_env)
    old = meeting(world, days_ago=800, place="Riverside DIC", format="remote")
    new = meeting(world, days_ago=20, place="Riverside DIC", format="mixed")
    meeting(world, days_ago=30, place="Harbour office", format="remote")

    at = page_test("pages/meetings.py", data_dir=app_env, username="dina", role="director").run()
    assert at.selectbox(key="meetings_search_year").options[0] == "Any year"
    at.selectbox(key="meetings_search_format").set_value("remote").run()
    assert not at.exception
    assert "2 meetings match." in texts(at)
    at.text_input(key="meetings_search").input("riverside").run()
    assert [b.key for b in at.button if b.label == "Open"] == [f"meeting_open_{old.id}"]
    at.selectbox(key="meetings_search_format").set_value(None).run()
    at.selectbox(key="meetings_search_year").set_value(new.held_on.year).run()
    opened = [b.key for b in at.button if b.label == "Open"]
    assert f"meeting_open_{new.id}" in opened and f"meeting_open_{old.id}" not in opened

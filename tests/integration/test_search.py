"""Text search over recommendations and meetings, in SQL, on both databases (issue 13)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from advisory.actors import SystemActor
from advisory.services import meeting_views
from advisory.services import recommendation_views as views
from tests.integration.meetings_setup import World, build_world, meeting, raise_one


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def _titles(world: World, **kwargs) -> list[str]:
    return [v.title for v in views.list_recommendations(world.engine, **kwargs)]


def test_a_search_finds_every_word_in_title_or_description_in_any_case(world):
    m = meeting(world)
    raise_one(world, m.id, title="A women-only DAY", description="Tuesdays, for women only")
    raise_one(world, m.id, title="Childcare corner", description="Toys and a women's worker")
    raise_one(world, m.id, title="Unmarked van", description="No logo on the outreach vehicle")

    assert _titles(world, text="women") == ["A women-only DAY", "Childcare corner"]
    assert _titles(world, text="  day   TUESDAYS ") == ["A women-only DAY"]
    assert _titles(world, text="LOGO") == ["Unmarked van"]
    assert _titles(world, text="women logo") == []
    assert _titles(world, text="") == ["A women-only DAY", "Childcare corner", "Unmarked van"]


def test_case_is_ignored_beyond_ascii(world):
    m = meeting(world)
    raise_one(world, m.id, title="École des femmes", description="Помощь ЖЕНЩИНАМ")
    raise_one(world, m.id, title="Other")

    assert _titles(world, text="école") == ["École des femmes"]
    assert _titles(world, text="ÉCOLE") == ["École des femmes"]
    assert _titles(world, text="женщинам") == ["École des femmes"]


def test_like_wildcards_typed_in_the_search_match_only_themselves(world):
    m = meeting(world)
    raise_one(world, m.id, title="Cut waiting by 50% at the clinic")
    raise_one(world, m.id, title="Cut waiting by 50 minutes")
    raise_one(world, m.id, title="Rename file_a", description="back\\slash")
    raise_one(world, m.id, title="Rename fileXa")

    assert _titles(world, text="50%") == ["Cut waiting by 50% at the clinic"]
    assert _titles(world, text="file_a") == ["Rename file_a"]
    assert _titles(world, text="%") == ["Cut waiting by 50% at the clinic"]
    assert _titles(world, text="_") == ["Rename file_a"]
    assert _titles(world, text="back\\slash") == ["Rename file_a"]
    assert _titles(world, text="' OR 1=1 --") == []


def test_a_search_combines_with_the_other_filters(world):
    first = meeting(world, days_ago=120)
    second = meeting(world, days_ago=30)
    raise_one(world, first.id, title="Women staff at night")
    raise_one(world, second.id, title="Women staff at weekends")
    raise_one(
        world,
        second.id,
        title="Women staff on the outreach route",
        site_ids=[world.site_ids["Harbour"]],
    )

    assert _titles(world, text="women staff", meeting_id=second.id) == [
        "Women staff at weekends",
        "Women staff on the outreach route",
    ]
    assert _titles(
        world, text="women staff", meeting_id=second.id, site_id=world.site_ids["Harbour"]
    ) == ["Women staff on the outreach route"]
    assert _titles(world, text="women staff", status="raised", overdue=False) == [
        "Women staff at night",
        "Women staff at weekends",
        "Women staff on the outreach route",
    ]
    assert _titles(world, text="women staff", status="done") == []


def _places(world: World, text: str, actor) -> list[str]:
    return [m.place for m in meeting_views.list_meetings(world.engine, text=text, actor=actor)]


def test_meetings_are_found_by_place_agenda_decisions_and_minutes(world):
    meeting(world, days_ago=90, place="Riverside DIC", agenda="Opening HOURS")
    meeting(world, days_ago=60, place="Harbour office", decisions="Ask for a women's bus")
    meeting(world, days_ago=30, place="Online", minutes="Women spoke about the night shelter")

    assert _places(world, "riverside", world.mary) == ["Riverside DIC"]
    assert _places(world, "hours", world.mary) == ["Riverside DIC"]
    assert _places(world, "BUS", world.dina) == ["Harbour office"]
    assert _places(world, "shelter", world.mary) == ["Online"]
    assert _places(world, "women", world.ada) == ["Online", "Harbour office"]
    assert _places(world, "shelter harbour", world.mary) == []


def test_minutes_are_not_searched_for_a_caller_that_may_not_read_them(world):
    meeting(world, days_ago=30, place="Online", minutes="Women spoke about the night shelter")

    assert _places(world, "shelter", None) == []
    assert _places(world, "shelter", SystemActor("anonymous", role="funder")) == []
    assert _places(world, "online", None) == ["Online"]


def test_meetings_are_filtered_by_year_and_format_with_the_search(world):
    old = meeting(world, days_ago=800, place="Riverside DIC", format="remote")
    new = meeting(world, days_ago=20, place="Riverside DIC", format="mixed")
    meeting(world, days_ago=30, place="Harbour office", format="remote")

    def ids(**kwargs) -> list[int]:
        return [m.id for m in meeting_views.list_meetings(world.engine, actor=world.mary, **kwargs)]

    assert ids(text="riverside", meeting_format="remote") == [old.id]
    assert ids(text="riverside", year=old.held_on.year) == [old.id]
    assert ids(year=new.held_on.year, meeting_format="mixed") == [new.id]
    assert ids(year=1999) == []

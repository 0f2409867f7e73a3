"""The meetings page in AppTest: log a meeting, refuse bad input, raise a recommendation there,
edit with history, and refuse a second edit made from an older version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from advisory import clock, periods
from advisory.db import session_scope
from advisory.models import Meeting
from advisory.services import (
    categories,
    meeting_views,
    meetings,
    organisation,
    recommendation_views,
    users,
)
from tests.factories import TEST_ADMIN, make_user
from tests.server_clock import local_date_off_utc
from tests.ui.apptest import engine_for, page_test, texts

TODAY = clock.today()


def _button(at: AppTest, label: str) -> Button:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0]


def _seed_members(data_dir: Path) -> dict[str, int]:
    engine = engine_for(data_dir)
    with session_scope(engine) as s:
        group = organisation.default_group(s)
        ids = {
            name: organisation.add_member(
                s,
                group_id=group.id,
                name=name,
                joined_on=TODAY - dt.timedelta(days=400),
                actor=TEST_ADMIN,
            ).id
            for name in ("Aye", "Nang", "Zahra")
        }
        organisation.add_site(s, name="Riverside", kind="drop-in centre", actor=TEST_ADMIN)
    engine.dispose()
    return ids


def _meeting_count(data_dir: Path) -> int:
    engine = engine_for(data_dir)
    with session_scope(engine) as s:
        n = s.scalar(select(func.count(Meeting.id)))
    engine.dispose()
    return n


def _log_meeting(
    at: AppTest, members: dict[str, int], *, held_on: dt.date, guests: int = 1
) -> AppTest:
    at.date_input(key="meeting_new_held_on").set_value(held_on)
    at.radio(key="meeting_new_format").set_value("mixed")
    at.multiselect(key="meeting_new_members").set_value([members["Aye"], members["Zahra"]])
    at.number_input(key="meeting_new_guests").set_value(guests)
    at.number_input(key="meeting_new_consulted").set_value(14)
    at.multiselect(key="meeting_new_methods").set_value(["focus group"])
    at.text_area(key="meeting_new_minutes").input("Women asked for a **women-only day**.")
    return _button(at, "Save meeting").click().run()


def test_a_facilitator_logs_a_meeting_and_sees_it_with_its_minutes(app_env):
    members = _seed_members(app_env)
    at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert "No meetings yet" in texts(at)
    held = TODAY - dt.timedelta(days=3)
    at = _log_meeting(at, members, held_on=held)
    assert not at.exception
    label = f"{periods.quarter_label(held)} meeting, {held:%d %b %Y} · mixed"
    shown = texts(at)
    assert f"Meeting saved: {label}." in shown
    assert label in [h.value for h in at.header]
    assert "Women asked for a **women-only day**." in shown
    assert "**Members present:** Aye, Zahra" in shown
    assert [m.value for m in at.metric] == ["2", "1", "14"]
    # Back to the list: grouped under the quarter, the minutes are not shown there.
    _button(at, "All meetings").click().run()
    assert periods.quarter_label(held) in [h.value for h in at.subheader]
    assert "women-only day" not in texts(at)


def test_bad_meeting_input_is_refused_at_the_field_and_nothing_is_saved(app_env):
    members = _seed_members(app_env)
    at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member").run()
    at = _log_meeting(at, members, held_on=TODAY + dt.timedelta(days=14))
    assert [e.value for e in at.error] == [
        f"The meeting date {TODAY + dt.timedelta(days=14):%d %b %Y} is more than a week in the "
        "future. Log a meeting on the day it happens (or up to a week before)."
    ]
    at = _log_meeting(at, members, held_on=TODAY, guests=-2)
    assert [e.value for e in at.error] == [
        "The number of guests cannot be negative. Enter 0 if there were none."
    ]
    assert not at.exception
    assert _meeting_count(app_env) == 0


def _open_first_meeting(at: AppTest) -> AppTest:
    key = next(b.key for b in at.button if b.key and b.key.startswith("meeting_open_"))
    return at.button(key=key).click().run()


def test_a_recommendation_is_raised_at_the_meeting_and_listed_there(app_env):
    members = _seed_members(app_env)
    at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member").run()
    at = _log_meeting(at, members, held_on=TODAY - dt.timedelta(days=1))
    meeting_id = meeting_views.list_meetings(engine_for(app_env))[0].id
    prefix = f"rec_new_{meeting_id}"
    _button(at, "Raise recommendation").click().run()
    assert [e.value for e in at.error] == [
        "Enter a short title saying what the group asks for.",
    ]
    at.text_input(key=f"{prefix}_title").input("A women-only day at the drop-in centre")
    _button(at, "Raise recommendation").click().run()
    assert [e.value for e in at.error] == ["Choose a category."]
    wanted = {c.name: c.id for c in categories.list_categories(engine_for(app_env))}[
        "Women-only space or time"
    ]
    at.selectbox(key=f"{prefix}_category").set_value(wanted)
    at.text_input(key=f"{prefix}_owner_role").input("Centre manager")
    at.date_input(key=f"{prefix}_due").set_value(TODAY - dt.timedelta(days=5))
    _button(at, "Raise recommendation").click().run()
    assert at.error[0].value.startswith("The due date is before the meeting")
    at.date_input(key=f"{prefix}_due").set_value(TODAY + dt.timedelta(days=60))
    _button(at, "Raise recommendation").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Recommendation raised: A women\\-only day at the drop\\-in centre." in shown
    assert "Recommendations raised at this meeting (1)" in shown
    assert "**A women\\-only day at the drop\\-in centre**" in shown
    (rec,) = recommendation_views.list_recommendations(engine_for(app_env))
    assert (rec.category, rec.owner, rec.status, rec.meeting_id) == (
        "Women-only space or time",
        "Centre manager",
        "raised",
        meeting_id,
    )


def test_a_second_edit_from_an_older_version_is_refused_and_the_first_edit_stays(app_env):
    members = _seed_members(app_env)
    first = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member").run()
    first = _log_meeting(first, members, held_on=TODAY - dt.timedelta(days=2))
    meeting_id = meeting_views.list_meetings(engine_for(app_env))[0].id
    # A director opens the same meeting in another session.
    second = page_test("pages/meetings.py", data_dir=app_env, username="dina", role="director")
    second.query_params["meeting"] = str(meeting_id)
    second.run()
    first.run()  # Mary's page now shows the meeting as saved (version 1)
    key = f"meeting_edit_{meeting_id}_1"
    first.text_area(key=f"{key}_decisions").input("Ask for Tuesdays")
    _button(first, "Save changes").click().run()
    assert "Changes saved." in texts(first)
    second.text_area(key=f"{key}_decisions").input("Ask for Fridays")
    _button(second, "Save changes").click().run()
    assert not second.exception
    (error,) = [e.value for e in second.error]
    assert error.startswith("This was changed by Mary at ")
    assert error.endswith(" UTC; reload to see their change")
    # Pressing save again is still refused until the director reloads.
    _button(second, "Save changes").click().run()
    assert [e.value for e in second.error] == [error]
    kept = meeting_views.get(engine_for(app_env), meeting_id)
    history = meeting_views.history(engine_for(app_env), meeting_id)
    assert (kept.decisions, kept.version) == ("Ask for Tuesdays", 2)
    assert [(c.changed_by, c.fields) for c in history] == [("Mary", ("decisions",))]
    _button(second, "Reload to see their change").click().run()
    assert second.text_area(key=f"meeting_edit_{meeting_id}_2_decisions").value == (
        "Ask for Tuesdays"
    )
    assert "Mary changed: decisions" in texts(second)


def test_a_new_meeting_is_dated_today_in_utc_whatever_the_servers_time_zone(app_env):
    _seed_members(app_env)
    with local_date_off_utc():
        at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member")
        at.run()
        suggested = at.date_input(key="meeting_new_held_on").value
    assert not at.exception
    assert suggested == clock.today()


@pytest.mark.parametrize("bad", ["²", "100000000000000000000", "2147483648", "0", "-3", "abc"])
def test_a_link_with_a_bad_meeting_number_says_not_found_instead_of_crashing(app_env, bad):
    at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member")
    at.query_params["meeting"] = bad
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "No such meeting. It may have been removed; go back to the list."
    ]
    assert "Back to all meetings" in [b.label for b in at.button]


def test_pictures_in_the_minutes_show_as_words_and_are_never_loaded(app_env):
    minutes = (
        "**Decided:** women-only Tuesdays.\n\n"
        "![](https://tracker.example/pixel.png)\n\n"
        "![our logo][logo]\n\n"
        "[logo]: https://tracker.example/logo.png"
    )
    engine = engine_for(app_env)
    mary = users.get_view(engine, "mary") or make_user(engine, "mary", "member")
    m = meetings.create_meeting(
        engine, held_on=TODAY - dt.timedelta(days=2), minutes=minutes, actor=mary
    )
    engine.dispose()
    at = page_test("pages/meetings.py", data_dir=app_env, username="mary", role="member")
    at.query_params["meeting"] = str(m.id)
    at.run()
    assert not at.exception
    shown = [e.value for e in at.markdown]
    assert not [v for v in shown if "![" in v]
    assert (
        "**Decided:** women-only Tuesdays.\n\n"
        "\\[image\\]\n\n"
        "\\[image: our logo\\]\n\n"
        "[logo]: https://tracker.example/logo.png"
    ) in shown

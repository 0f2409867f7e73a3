"""The overview's "Needs your attention" panel in AppTest (issue 13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from advisory.i18n import format_date
from advisory.services import recommendations as recs
from components.markdown_text import plain
from tests.integration.meetings_setup import TODAY, World, act, build_world, meeting, raise_one
from tests.ui.apptest import engine_for, page_test, texts

DUE = TODAY - dt.timedelta(days=3)


def _world(data_dir: Path) -> World:
    return build_world(engine_for(data_dir))


def _seed(world: World) -> int:
    """A raised, overdue recommendation (its title looks like a link) and an accepted one due
    within a week; the overdue one's id."""
    m = meeting(world, days_ago=60)
    late = raise_one(world, m.id, title="Late [link](http://x.example)", due_on=DUE)
    soon = raise_one(world, m.id, title="Women staff", due_on=TODAY + dt.timedelta(days=7))
    act(world, recs.respond, soon, decision="accepted", rationale="")
    return late.id


def _overview(data_dir: Path, username: str, role: str):
    at = page_test("app.py", data_dir=data_dir, username=username, role=role)
    return at.run()


def test_a_director_sees_each_list_with_its_exact_count_and_links(app_env):
    late_id = _seed(_world(app_env))
    at = _overview(app_env, "dina", "director")
    assert not at.exception
    assert "Needs your attention" in [s.value for s in at.subheader]
    labels = [e.label for e in at.expander]
    assert "1 waiting for your response" in labels
    assert "1 due within 14 days" in labels
    assert "1 overdue" in labels
    assert not [label for label in labels if "verify" in label]
    assert "Nothing done is waiting for the group's verification." in texts(at)
    overdue = next(e for e in at.expander if e.label == "1 overdue")
    title = plain("Late [link](http://x.example)")
    assert [b.label for b in overdue.button] == [f"{title} (due {format_date(DUE)})"]
    overdue.button[0].click().run()
    assert not at.exception
    assert at.query_params["id"] == str(late_id)
    assert title in [h.value for h in at.header] + [h.value for h in at.subheader]


def test_a_member_sees_no_attention_panel(app_env):
    _seed(_world(app_env))
    at = _overview(app_env, "mary", "member")
    assert not at.exception
    assert "Needs your attention" not in [s.value for s in at.subheader]
    assert not [e for e in at.expander if "overdue" in e.label]


def test_with_nothing_to_do_the_director_is_told_so(app_env):
    _world(app_env)
    at = _overview(app_env, "ada", "admin")
    assert not at.exception
    assert "Nothing needs your attention today." in texts(at)

"""The impact page on attendance stored in a real SQLite file."""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import select

from advisory.analysis import interrupted_time_series, simulate_counts
from advisory.db import session_scope
from advisory.models import Adaptation
from components import impact_charts
from tests.factories import copy_database
from tests.integration.test_impact import _women_only_tuesday
from tests.ui.apptest import engine_for, page_test, texts


def test_the_impact_page_explains_a_women_only_day_in_plain_words(app_env):
    engine = engine_for(app_env)
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.2, displacement=0.0, seed=3)
    engine.dispose()
    at = page_test("pages/impact.py", data_dir=app_env, username="nang", role="member")
    at.query_params["adaptation"] = str(adaptation_id)
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "Women-only Tuesday" in shown
    assert "likely range" in shown
    assert "significant" not in shown.lower()
    assert "On the adapted day, or on other days?" in shown
    assert "Raw totals, not adjusted for trend or season" in shown
    assert "It cannot rule out other things that changed around the same time" in shown
    assert at.get("download_button")


def test_the_impact_page_without_adaptations_says_how_to_add_one(app_env):
    at = page_test("pages/impact.py", data_dir=app_env, username="boss", role="director")
    at.run()
    assert not at.exception
    assert "No adaptations yet" in texts(at)


def test_a_bad_adaptation_number_in_the_address_falls_back_to_the_first(app_env):
    engine = engine_for(app_env)
    _women_only_tuesday(engine, rate_ratio=1.5, displacement=0.0, seed=3)
    engine.dispose()
    for raw in ("\u00b2", "100000000000000000000", "abc", "-1"):
        at = page_test("pages/impact.py", data_dir=app_env, username="nang", role="member")
        at.query_params["adaptation"] = raw
        at.run()
        assert not at.exception
        assert "Women-only Tuesday" in texts(at)


def _about_30_before(text: str) -> bool:
    """True when `text` gives a not-recorded share before the change of 28-32%."""
    return any(28 <= int(n) <= 32 for n in re.findall(r"(\d+)% before", text))


def test_the_health_post_page_says_it_cant_tell_because_gender_was_recorded_differently(
    app_env, demo_database
):
    copy_database(demo_database, app_env / "advisory.db")
    engine = engine_for(app_env)
    with session_scope(engine) as s:
        reception = s.scalar(
            select(Adaptation.id).where(Adaptation.name == "Women staff at reception")
        )
    engine.dispose()
    at = page_test("pages/impact.py", data_dir=app_env, username="nang", role="member")
    at.query_params["adaptation"] = str(reception)
    at.run(timeout=60)
    assert not at.exception
    shown = texts(at)
    assert "Women staff at reception" in shown
    bold = [m.value for m in at.markdown if m.value.startswith("**")]
    assert bold and "We can't tell yet whether women's visits changed" in bold[0]
    assert "gender was recorded differently after the change" in bold[0]
    reasons = [i.value for i in at.info]
    assert any("Gender was recorded differently after the change" in r for r in reasons)
    # About 30% before: the demo's design (the drawn counts give 28-32%, depending on the day).
    assert any(_about_30_before(r) for r in reasons), reasons
    # Both numbers are shown: as recorded, and with the not-recorded visits shared out.
    assert "Counting the visits as recorded" in shown
    assert "sharing out the visits with no gender recorded" in shown
    # The overview table carries the same caveat.
    table = at.dataframe[0].value
    row = table[table["adaptation"] == "Women staff at reception"].iloc[0]
    assert row["women's visits"] == "we can't tell yet"
    assert "gender was recorded differently after the change" in row["caveats"]
    assert _about_30_before(row["data quality"]), row["data quality"]
    assert "significant" not in shown.lower()


def test_the_chart_calls_the_dashed_line_expected_from_the_earlier_pattern_and_marks_left_out():
    y = simulate_counts("2022-01-03", 120, "W", base_rate=20, seed=3)
    open_days = pd.Series(5.0, index=y.index)
    open_days.iloc[10] = 0.0
    y.iloc[10] = 0
    result = interrupted_time_series(y, y.index[70], exposure=open_days, phase_in=3)
    fig = impact_charts.its_figure(result, title="Women's visits", start_label="start")
    names = [trace.name for trace in fig.data]
    assert "expected from the earlier pattern" in names
    assert not any("without" in (name or "") for name in names)
    (left_out,) = [t for t in fig.data if t.name == "left out (closed or phase-in)"]
    assert len(left_out.x) == 4  # one closed week and three weeks of phase-in

"""One impact sentence (issue 13, item 4): the sections under the headline relate to it."""

from __future__ import annotations

from sqlalchemy import select

from advisory import demo
from advisory.analysis import interrupted_time_series, simulate_counts
from advisory.db import session_scope
from advisory.models import Adaptation
from components import impact_charts
from tests.factories import DEMO_DAY, TEST_ADMIN
from tests.integration.test_impact import _women_only_tuesday
from tests.ui.apptest import engine_for, page_test, texts


def _demo_tuesday(app_env) -> int:  # type: ignore[no-untyped-def]
    engine = engine_for(app_env)
    with session_scope(engine) as s:
        # As of DEMO_DAY (why: tests/factories.py); beside the comparison site the verdict
        # moves with the demo's draw, and these tests are about wording, not the draw.
        demo.load(s, actor=TEST_ADMIN, today=DEMO_DAY)
    with session_scope(engine) as s:
        tuesday = s.scalar(select(Adaptation.id).where(Adaptation.name == "Women-only Tuesday"))
    engine.dispose()
    return tuesday


def _markdown_after(at, heading: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The markdown and captions drawn after the subheading `heading`, in page order."""
    out, seen = [], False
    for node in at.main:
        for element in _walk(node):
            kind, value = element.type, getattr(element, "value", None)
            if kind == "subheader" or (kind == "heading" and value is not None):
                seen = value == heading
            elif seen and isinstance(value, str) and kind in ("markdown", "caption"):
                out.append(value.replace("\\", ""))  # as read: without Markdown escapes
    return out


def _walk(node):  # type: ignore[no-untyped-def]
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for child in children.values():
        yield from _walk(child)


def test_a_weekday_split_under_a_headline_that_cant_tell_says_it_does_not_change_the_headline(
    app_env,
):
    # The demo's women-only Tuesday by month: the headline can't tell yet (too early by
    # months), while the day-by-day split on its own concluded "new visits": two answers.
    tuesday = _demo_tuesday(app_env)
    at = page_test("pages/impact.py", data_dir=app_env, username="nang", role="member")
    at.query_params["adaptation"] = str(tuesday)
    at.run(timeout=60)
    at.radio(key="impact_freq").set_value("month").run(timeout=60)
    assert not at.exception
    bold = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")]
    assert bold[0] == (
        "**It is too early to tell whether women's visits changed after Women-only Tuesday "
        "started.**"
    )
    weekday = _markdown_after(at, "On the adapted day, or on other days?")
    assert weekday[0].startswith(
        "The day-by-day split does not change the headline (it is too early to tell whether "
        "women's visits changed); it shows which days the visits came on."
    )
    raw = _markdown_after(at, "Raw totals, not adjusted for trend or season")
    assert raw[0].startswith("Raw totals, not adjusted for trend or season:")
    assert "likely range" not in raw[0]
    assert "cannot be read as the effect of the change" in raw[0]
    assert raw[1] == "It is too early for an estimate, and the raw totals cannot stand in for one."


def test_a_comparison_site_says_how_it_relates_to_the_headline(app_env):
    tuesday = _demo_tuesday(app_env)
    at = page_test("pages/impact.py", data_dir=app_env, username="nang", role="member")
    at.query_params["adaptation"] = str(tuesday)
    at.run(timeout=60)
    # The other demo drop-in centre: its women's visits moved with Riverside's before.
    at.selectbox(key="impact_comparison").set_value("Hilltop drop-in centre").run(timeout=60)
    assert not at.exception
    compared = _markdown_after(at, "Compared with another site")
    assert compared[0].startswith(
        "Compared with Hilltop drop-in centre, the answer is the same as the headline: women's "
        "visits went up."
    )
    # The headline is the primary model's, whatever the comparison says.
    bold = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")]
    assert bold[0].startswith("**After Women-only Tuesday started, women's visits went up.")


def test_the_impact_page_speaks_of_patterns_and_explains_a_likely_range_in_lay_words(app_env):
    engine = engine_for(app_env)
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.2, displacement=0.0, seed=3)
    engine.dispose()
    at = page_test("pages/impact.py", data_dir=app_env, username="nang", role="member")
    at.query_params["adaptation"] = str(adaptation_id)
    at.run()
    assert not at.exception
    shown = texts(at)
    for jargon in ("95% interval", "fitted before", "fitted after", "Likely range' is"):
        assert jargon not in shown
    assert "A likely range is where the real change most probably lies" in shown


def test_the_chart_calls_its_lines_the_pattern_before_and_after_not_fitted():
    y = simulate_counts("2022-01-03", 120, "W", base_rate=20, seed=3)
    result = interrupted_time_series(y, y.index[70])
    fig = impact_charts.its_figure(result, title="Women's visits", start_label="start")
    names = [trace.name for trace in fig.data]
    assert "pattern before" in names and "pattern after" in names
    assert not any("fitted" in (name or "") for name in names)

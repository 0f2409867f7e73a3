"""A small seeded slice of the calibration benchmark guards the rules in CI (issue 9).

The full grid (71 scenarios x 200 replications, about 10 minutes) runs with
``python -m bench calibration``; here 40 replications of the scenarios that exercise each rule.
"""

from __future__ import annotations

import pytest

from bench.calibration import Scenario, grid, run_scenario

REPLICATIONS = 40


def scenario(name: str) -> Scenario:
    (found,) = [s for s in grid() if s.name == name]
    return found


def test_the_grid_covers_every_factor_of_the_issue():
    scenarios = grid()
    assert len(scenarios) == len({s.name for s in scenarios})
    assert {s.rate for s in scenarios} >= {2, 6, 12}
    assert {s.noise for s in scenarios} == {"poisson", "od", "od-ar0.3", "od-ar0.6"}
    assert {(s.freq, s.before) for s in scenarios} >= {("W", 8), ("D", 364), ("W", 104), ("M", 24)}
    assert {s.effect for s in scenarios} >= {"none", "x1.5", "ramp"}
    assert {s.extra for s in scenarios} >= {"recording", "other8", "moved", "new", "comparison"}
    assert [s.name for s in scenarios if s.power_target] == [
        "core: 6/wk 104+104wk poisson x1.5",
        "core: 6/wk 104+104wk od x1.5",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "core: 6/wk 104+104wk od none",
        "core: 12/wk 104+104wk od-ar0.6 none",
        "364-day baseline: 6/wk 364+364d od none",
        "recording: 6/wk 104+104wk od none recording",
        "other adaptation: 6/wk 104+104wk od none other8",
    ],
)
def test_no_true_change_rarely_claims_one_and_the_ranges_cover(name):
    row = run_scenario(scenario(name), REPLICATIONS)
    assert row.false <= 0.1
    assert row.coverage >= 0.85


def test_a_real_rise_at_6_women_a_week_with_two_years_is_usually_found():
    row = run_scenario(scenario("core: 6/wk 104+104wk poisson x1.5"), REPLICATIONS)
    assert row.power >= 0.7 and row.false == 0


@pytest.mark.parametrize(
    "name",
    [
        "other adaptation: 6/wk 104+104wk od none other4",
        "8-week baseline: 6/wk 8+26wk od x1.5",
    ],
)
def test_where_the_data_cannot_answer_the_verdict_is_cant_tell(name):
    row = run_scenario(scenario(name), REPLICATIONS)
    assert row.cant_tell == 1.0 and row.false == 0


def test_women_only_moving_days_is_never_called_new_visits():
    row = run_scenario(scenario("weekday: 6/wk 364+364d od x2 on Tuesdays moved"), REPLICATIONS)
    assert row.false <= 0.05
    assert row.coverage >= 0.85

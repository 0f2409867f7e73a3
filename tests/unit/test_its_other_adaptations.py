"""Every other adaptation at the site gets its own step, or can't be told apart (issue 9, 2)."""

from __future__ import annotations

import pandas as pd
import pytest

from advisory.analysis import Downgrade, Verdict, interrupted_time_series, simulate_counts

START = pd.Timestamp("2023-01-02")


def series(*, other_weeks: int, other_ratio: float = 1.5, ratio: float = 1.0, seed: int = 1):
    other = START - pd.Timedelta(weeks=other_weeks)
    y = simulate_counts(
        "2021-01-04",
        156,
        "W",
        base_rate=20,
        rate_ratio=ratio,
        intervention=START,
        other_changes=[(other, other_ratio)],
        seed=seed,
        seasonal_amplitude=0.1,
    )
    return y, other


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_another_adaptation_eight_weeks_earlier_gets_its_own_step(seed):
    y, other = series(other_weeks=8, seed=seed)
    alone = interrupted_time_series(y, START)
    assert alone.after_ratio > 1.2  # without its step, the earlier change is counted as ours
    res = interrupted_time_series(
        y, START, other_starts=[other], other_names=["childcare corner"], label="women's visits"
    )
    assert res.verdict != Verdict.UP
    (o,) = res.others
    assert o.modelled and o.separable and o.periods_apart == -8
    assert o.level_change == pytest.approx(1.5, rel=0.25)
    assert res.n_before_effective == 8
    assert "step0" in res.params.index
    assert "The model gives childcare corner a step of its own" in " ".join(res.warnings)
    assert "childcare corner, which started on 7 November 2022" in res.summary


def test_one_that_started_four_weeks_earlier_cant_be_separated():
    y, other = series(other_weeks=4)
    res = interrupted_time_series(y, START, other_starts=[other], other_names=["childcare corner"])
    assert res.verdict == Verdict.CANT_TELL
    assert Downgrade.NOT_SEPARABLE in res.downgrades
    assert "It can't be separated from childcare corner, which started 4 weeks earlier." in (
        res.verdict_reasons
    )


def test_one_starting_in_the_same_period_is_not_modelled_and_cant_be_separated():
    y, _ = series(other_weeks=0)
    res = interrupted_time_series(y, START, other_starts=[START], other_names=["longer hours"])
    (o,) = res.others
    assert not o.modelled and o.periods_apart == 0
    assert res.verdict == Verdict.CANT_TELL
    assert "started at the same time" in res.summary


def test_one_that_ended_has_its_step_only_while_it_was_in_force():
    y = simulate_counts("2021-01-04", 156, "W", base_rate=20, seed=4)
    start, end = pd.Timestamp("2021-09-06"), pd.Timestamp("2022-03-06")
    res = interrupted_time_series(
        y, START, other_starts=[start], other_ends=[end], other_names=["night shifts"]
    )
    (o,) = res.others
    assert o.modelled and o.end == end and o.end_periods_apart < 0
    step = res.params.index.get_loc("step0")
    assert step  # one indicator: 1 from 6 September 2021 to 6 March 2022, then 0 again
    # The weeks before and after it both count as this adaptation's baseline.
    assert res.n_before_effective == 104 - 26
    assert "night shifts, in place from 6 September 2021 to 6 March 2022" in res.summary


def test_adaptations_outside_the_series_are_ignored():
    y = simulate_counts("2021-01-04", 156, "W", base_rate=20, seed=5)
    res = interrupted_time_series(y, START, other_starts=["2019-01-01", "2030-01-01"])
    assert res.others == ()
    assert not any(n.startswith("step") for n in res.params.index)

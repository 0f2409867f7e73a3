"""Verdicts are values with their rules in one module; sentences are made from them elsewhere."""

from __future__ import annotations

import pytest

from advisory import privacy
from advisory.analysis import verdicts, weekday_words, wording
from advisory.analysis.verdicts import (
    DataState,
    Verdict,
    WeekdayConclusion,
    full_year_periods,
    state_for,
    verdict_from_interval,
    weekday_conclusion,
)
from advisory.analysis.words import format_count


def test_the_verdict_values_are_the_four_plain_strings():
    assert [v.value for v in Verdict] == [
        "went up",
        "went down",
        "little or no change",
        "we can't tell yet",
    ]
    assert Verdict.UP == "went up" and isinstance(Verdict.UP, str)
    assert Verdict.UP.claims_change and Verdict.DOWN.claims_change
    assert not Verdict.NONE.claims_change and not Verdict.CANT_TELL.claims_change


def test_every_verdict_and_conclusion_has_its_sentence():
    assert set(wording.VERDICT_SENTENCES) == set(Verdict)
    for sentence in wording.VERDICT_SENTENCES.values():
        assert sentence.format(label="women's visits", name="the change").endswith(".")
    assert set(weekday_words.CONCLUSIONS) == set(WeekdayConclusion)


@pytest.mark.parametrize(
    ("ci", "verdict"),
    [
        ((1.01, 1.3), Verdict.UP),
        ((0.7, 0.99), Verdict.DOWN),
        ((0.9, 1.1), Verdict.NONE),
        ((0.89, 1.05), Verdict.CANT_TELL),
    ],
)
def test_the_thresholds_live_with_the_verdicts(ci, verdict):
    assert (verdicts.NARROW_LOW, verdicts.NARROW_HIGH) == (0.9, 1.1)
    assert verdict_from_interval(*ci) == verdict


def test_a_full_year_of_baseline_is_52_weeks_for_daily_weekly_and_monthly_data():
    # Issue 9: 365 days for daily but 364 for weekly made a 364-day daily baseline lose its
    # seasonal terms.
    assert full_year_periods(1.0) == 364
    assert full_year_periods(7.0) == 52
    assert full_year_periods(365.25 / 12) == 12


def test_the_data_states_follow_the_fewest_periods_on_a_side():
    assert state_for(7, 40) == DataState.TOO_EARLY == "too_early"
    assert state_for(40, 8) == DataState.EARLY_SIGNAL
    assert state_for(12, 12) == DataState.ESTIMATE


@pytest.mark.parametrize(
    ("on", "other", "net", "conclusion"),
    [
        ((1.5, 2.5), (0.95, 1.1), (1.05, 1.3), WeekdayConclusion.NEW_VISITS),
        # Other days "did not clearly change" but the net change is unclear: not new visits.
        ((1.5, 2.5), (0.85, 1.05), (0.95, 1.2), WeekdayConclusion.CANT_TELL),
        ((1.5, 2.5), (0.7, 0.9), (0.95, 1.05), WeekdayConclusion.MOVED_DAYS),
        # Other days fell but the net change is too uncertain to call it "little or none".
        ((1.5, 2.5), (0.7, 0.9), (0.85, 1.15), WeekdayConclusion.CANT_TELL),
        ((0.95, 1.05), (0.9, 1.1), (0.95, 1.05), WeekdayConclusion.NO_CLEAR_CHANGE),
        ((0.7, 1.6), (0.8, 1.2), (0.8, 1.2), WeekdayConclusion.CANT_TELL),
    ],
)
def test_the_weekday_conclusion_follows_the_corrected_rule(on, other, net, conclusion):
    assert weekday_conclusion(on, other, net) == conclusion


@pytest.mark.parametrize("k", [3, 5, 10])
def test_small_counts_in_sentences_follow_the_privacy_rule(k):
    for n in range(0, 12):
        text = format_count(n, k)
        assert (text == f"fewer than {k}") == privacy.is_small(n, k)
    assert format_count(3, None) == "3"

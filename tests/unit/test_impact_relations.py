"""How the weekday split, the comparison site and the raw totals relate to the one headline
(issue 13, item 4), on real model results."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisory.analysis import (
    Verdict,
    WeekdayConclusion,
    before_after,
    interrupted_time_series,
    weekday_effect,
)
from advisory.analysis.relation_words import (
    comparison_relation,
    raw_totals_relation,
    weekday_relation,
)
from tests.unit.test_its_weekday import START, daily


@pytest.fixture(scope="module")
def moved_days():  # type: ignore[no-untyped-def]
    """Women moved to the women-only Tuesday: the daily split and the weekly headline."""
    days = daily(displacement=1.0, seed=1, base_rate=40)
    split = weekday_effect(days, START, [1], label="women's visits")
    weeks = days.resample("W-MON", label="left", closed="left").sum()
    headline = interrupted_time_series(
        weeks, START, label="women's visits", intervention_name="Women-only Tuesday"
    )
    return headline, split, weeks


def test_women_moving_days_agrees_with_a_headline_of_little_or_no_change(moved_days):
    headline, split, _ = moved_days
    assert (headline.verdict, split.conclusion) == (Verdict.NONE, WeekdayConclusion.MOVED_DAYS)
    assert weekday_relation(headline, split) == (
        "The day-by-day split agrees with the headline: there was little or no change in "
        "women's visits. Day by day, more women came on Tuesdays and fewer on other days, so "
        "women seem to have moved days rather than new women coming."
    )


def test_women_moving_days_under_a_headline_that_cant_tell_does_not_contradict_it(moved_days):
    # The Tuesday contradiction of issue 13: "we can't tell yet" above, "women moved days" below.
    headline, split, _ = moved_days
    cant_tell = replace(headline, verdict=Verdict.CANT_TELL)
    text = weekday_relation(cant_tell, split)
    assert text.startswith(
        "The day-by-day split does not change the headline (we can't tell yet whether women's "
        "visits changed); it shows which days the visits came on."
    )
    assert "women seem to have moved days" in text


def test_new_visits_under_a_headline_of_no_change_reads_differently_and_keeps_the_headline(
    moved_days,
):
    headline, split, _ = moved_days
    text = weekday_relation(headline, replace(split, conclusion=WeekdayConclusion.NEW_VISITS))
    assert text.startswith("The day-by-day split reads differently from the headline")
    assert "stays the answer" in text


def test_a_comparison_site_that_agrees_says_it_is_a_check_on_the_headline(moved_days):
    headline, _, _ = moved_days
    text = comparison_relation(headline, headline, "Hilltop drop-in centre")
    assert text.startswith(
        "Compared with Hilltop drop-in centre, the answer is the same as the headline: there was "
        "little or no change in women's visits."
    )


def test_a_comparison_site_that_differs_leaves_the_headline_as_the_answer(moved_days):
    headline, _, _ = moved_days
    text = comparison_relation(headline, replace(headline, verdict=Verdict.UP), "Hilltop")
    assert text.startswith(
        "Compared with Hilltop, the answer differs from the headline: this comparison says "
        "women's visits went up, the headline says there was little or no change in women's "
        "visits."
    )
    assert "The headline stays the answer" in text


def test_raw_totals_carry_no_likely_range_and_point_to_the_headline(moved_days):
    headline, _, weeks = moved_days
    raw = before_after(weeks, START, window=12)
    assert "likely range" not in raw.summary
    assert raw.summary.endswith(
        "These totals ignore the trend and the time of year, so they cannot be read as the "
        "effect of the change."
    )
    assert raw_totals_relation(headline).startswith(
        "The headline (there was little or no change in women's visits) is the estimate"
    )

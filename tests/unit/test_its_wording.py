"""States, verdicts and the plain-language sentences follow analysis.md."""

from __future__ import annotations

import pandas as pd
import pytest

from advisory.analysis import (
    EXPECTED_LABEL,
    before_after,
    caveat_sentence,
    interrupted_time_series,
    its_summary,
    not_recorded_sentence,
    simulate_counts,
    verdict_from_interval,
    weekday_effect,
)
from advisory.analysis.wording import format_percent

START = "2023-01-03"


def weekly(before: int, after: int, *, rate_ratio: float = 1.0, base: float = 20, seed=1):
    start = pd.Timestamp(START) - pd.Timedelta(weeks=before)
    return simulate_counts(
        start,
        before + after,
        "W",
        base_rate=base,
        rate_ratio=rate_ratio,
        intervention=START,
        seed=seed,
    )


@pytest.mark.parametrize(
    ("before", "after", "state"),
    [
        (30, 7, "too_early"),
        (7, 30, "too_early"),
        (30, 8, "early_signal"),
        (11, 30, "early_signal"),
        (30, 11, "early_signal"),
        (12, 12, "estimate"),
        (60, 40, "estimate"),
    ],
)
def test_each_state_follows_the_periods_on_either_side(before, after, state):
    res = interrupted_time_series(weekly(before, after), START)
    assert res.state == state
    assert (res.n_before, res.n_after) == (before, after)


def test_too_early_shows_only_the_chart_and_says_how_many_more_weeks_are_needed():
    res = interrupted_time_series(weekly(30, 5), START, intervention_name="the women-only Tuesday")
    assert res.verdict == "we can't tell yet"
    assert res.more_periods_needed == 3
    assert "too early" in res.summary
    assert "only show the chart" in res.summary
    assert "about 3 more weeks" in res.summary
    assert "likely range" not in res.summary  # no estimate is shown yet


def test_too_early_before_the_change_asks_for_earlier_records():
    res = interrupted_time_series(weekly(5, 30), START)
    assert "Adding earlier records would help" in res.summary


def test_an_early_signal_is_flagged_in_the_warnings_and_the_summary():
    res = interrupted_time_series(weekly(60, 9, rate_ratio=1.5), START)
    assert res.warnings[0].startswith("This is an early signal: ")
    assert res.summary.startswith("This is an early signal: ")
    assert "likely range" in res.summary


@pytest.mark.parametrize(
    ("ci", "verdict"),
    [
        ((1.05, 1.6), "went up"),
        ((0.6, 0.95), "went down"),
        ((0.93, 1.08), "little or no change"),
        ((0.9, 1.1), "little or no change"),
        ((0.85, 1.08), "we can't tell yet"),
        ((0.7, 1.9), "we can't tell yet"),
    ],
)
def test_the_verdict_comes_from_the_likely_range(ci, verdict):
    assert verdict_from_interval(*ci) == verdict


def test_a_clear_rise_is_told_with_counts_first_then_the_relative_change():
    res = interrupted_time_series(
        weekly(60, 30, rate_ratio=1.5),
        START,
        label="women's visits",
        intervention_name="the women-only Tuesday",
    )
    assert res.verdict == "went up"
    s = res.summary
    assert s.startswith("In the 30 weeks since the women-only Tuesday started, there were ")
    assert "women's visits, about" in s
    assert "From the earlier pattern, we would have expected about" in s
    assert "more women's visits a week, or +" in s
    assert "compared with what the earlier pattern predicted." in s
    assert "After the women-only Tuesday started, women's visits went up." in s
    # The basis says what the model really used: a trend over the whole series (issue 9).
    assert "a steady trend worked out from all 90 weeks of records, before and after" in s
    assert "Based on the pattern in the" not in s
    assert s.index("there were") < s.index("%")  # counts before percentages
    assert "could easily be missed" in s  # the size of change the data could detect


def test_an_unclear_result_says_we_cant_tell_yet_and_what_more_data_would_help():
    res = interrupted_time_series(weekly(40, 12, rate_ratio=1.15, base=6, seed=4), START)
    assert res.verdict == "we can't tell yet"
    assert "We can't tell yet" in res.summary
    if res.more_periods_needed:
        assert f"About {res.more_periods_needed} more weeks of data should help" in res.summary


def test_the_caveat_sentence_is_always_there_and_names_other_changes():
    series = weekly(60, 30, rate_ratio=1.3)
    plain = interrupted_time_series(series, START)
    assert (
        "This compares attendance with the pattern before 3 January 2023. It cannot rule out "
        "other things that changed around the same time." in plain.summary
    )
    named = interrupted_time_series(
        series, START, other_changes=["the new outreach van", "longer Friday hours"]
    )
    assert (
        "It cannot rule out other things that changed around the same time, such as the new "
        "outreach van and longer Friday hours." in named.summary
    )
    assert any("Other changes were made at this site" in w for w in named.warnings)
    # The wording can also be redone later with changes logged since.
    redone = its_summary(plain, other_changes=["a new nurse"])
    assert "such as a new nurse." in redone
    for short in (weekly(30, 5), weekly(40, 9)):
        assert "It cannot rule out" in interrupted_time_series(short, START).summary


def test_caveat_sentence_for_monthly_data_names_the_month():
    text = caveat_sentence(pd.Timestamp("2005-01-01"), "M", ["a"])
    assert text.startswith("This compares attendance with the pattern before January 2005.")


def test_counts_under_five_are_written_as_fewer_than_five():
    index = pd.date_range("2022-01-03", periods=40, freq="W-MON")
    counts = pd.Series(
        [1, 0, 2, 1, 0, 1, 1, 0, 2, 1, 1, 0, 1, 2, 0, 1, 1, 0, 1, 1] + [0] * 17 + [1, 1, 1],
        index=index,
    )
    res = interrupted_time_series(counts, index[20])
    assert res.observed_after == 3
    assert "fewer than 5 visits" in res.summary
    assert " 3 visits" not in res.summary
    assert "we would have expected" not in res.summary  # it would give the count away
    exact = its_summary(res, small_count_threshold=None)
    assert "there were 3 visits" in exact


def test_the_word_significant_never_appears():
    texts = []
    for before, after, rr, base in [
        (60, 30, 1.5, 20),
        (60, 30, 0.6, 20),
        (60, 30, 1.0, 200),
        (40, 12, 1.2, 5),
        (30, 5, 1.0, 5),
        (40, 9, 1.3, 10),
    ]:
        series = weekly(before, after, rate_ratio=rr, base=base)
        for kw in ({}, {"slope_change": True}, {"comparison": weekly(before, after, seed=9)}):
            res = interrupted_time_series(series, START, **kw)
            texts += [res.summary, *res.warnings]
    verdicts = set()
    for before, after, rr, base in [(60, 30, 1.5, 20), (60, 30, 0.6, 20), (60, 30, 1.0, 400)]:
        verdicts.add(
            interrupted_time_series(weekly(before, after, rate_ratio=rr, base=base), START).verdict
        )
    assert verdicts == {"went up", "went down", "little or no change"}
    for displacement in (0.0, 1.0):
        daily = simulate_counts(
            "2022-01-03",
            500,
            "D",
            base_rate=6,
            rate_ratio=1.8,
            intervention=START,
            adapted_weekdays=[1],
            displacement=displacement,
        )
        texts.append(weekday_effect(daily, START, [1]).summary)
    raw = before_after(weekly(60, 30), START).summary
    assert all("significan" not in t.lower() for t in [*texts, raw])
    assert all("likely range" in t for t in texts if "%" in t and "early signal" not in t[:30])
    # Issue 13, item 4: the raw totals are the one percentage without a likely range.
    assert "%" in raw and "likely range" not in raw


def test_a_controlled_summary_names_the_comparison_and_its_own_change():
    series = weekly(60, 30, rate_ratio=1.4)
    res = interrupted_time_series(
        series,
        START,
        comparison=weekly(60, 30, seed=8),
        comparison_label="Site B",
        label="women's visits",
    )
    assert "Over the same period, women's visits at Site B changed by" in res.summary
    assert "allowing for the change at Site B" in res.summary
    assert any("Site B as the comparison" in w for w in res.warnings)


def test_percentages_are_signed_and_rounded():
    assert format_percent(1.48) == "+48%"
    assert format_percent(0.885) == "\u221212%"
    assert format_percent(1.004) == "+0.4%"
    assert format_percent(1.0) == "0%"
    assert format_percent(12.5) == "+1,150%"


def test_not_recorded_sentence_reads_as_in_the_design():
    assert not_recorded_sentence(0.05, 0.08) == (
        "Gender was not recorded for 8% of visits after the change (5% before)."
    )


def test_weeks_with_no_visits_where_some_were_expected_raise_a_closure_warning():
    series = weekly(60, 30, base=20)
    series.iloc[[10, 11, 40]] = 0
    res = interrupted_time_series(series, START)
    assert any("There were 3 weeks with no visits recorded" in w for w in res.warnings)


def test_an_unusually_low_spell_just_before_the_change_warns_of_regression_to_the_mean():
    series = weekly(60, 30, base=30, seed=5)
    series.iloc[56:60] = (series.iloc[56:60] * 0.4).round().astype(int)
    res = interrupted_time_series(series, START)
    assert any("return to normal" in w for w in res.warnings)
    calm = interrupted_time_series(weekly(60, 30, base=30, seed=5), START)
    assert not any("return to normal" in w for w in calm.warnings)


def test_a_few_days_of_data_leave_out_weekday_terms_with_a_warning():
    daily = simulate_counts("2024-01-01", 12, "D", base_rate=10, seed=2)
    res = interrupted_time_series(daily, daily.index[6])
    assert not any(name.startswith("dow") for name in res.params.index)
    assert any("days of the week" in w for w in res.warnings)


def test_a_claimed_change_smaller_than_the_data_can_detect_is_said_to_usually_overstate():
    res = interrupted_time_series(weekly(60, 30, rate_ratio=1.5, base=6, seed=4), START)
    assert res.verdict == "went up"
    assert res.after_ratio < res.min_detectable_ratio
    assert "Results this size from this little data usually overstate the true change." in (
        res.summary
    )
    big = interrupted_time_series(weekly(60, 40, rate_ratio=2.0, base=40), START)
    assert big.after_ratio > big.min_detectable_ratio
    assert "usually overstate" not in big.summary


def test_the_expected_line_is_expected_from_the_earlier_pattern():
    assert EXPECTED_LABEL == "Expected from the earlier pattern"
    assert "without" not in EXPECTED_LABEL.lower()


def test_a_cant_tell_verdict_always_says_why():
    res = interrupted_time_series(weekly(40, 12, rate_ratio=1.15, base=6, seed=4), START)
    assert res.verdict == "we can't tell yet"
    assert res.verdict_reasons
    sure = interrupted_time_series(weekly(60, 30, rate_ratio=1.5), START)
    assert sure.verdict == "went up" and sure.verdict_reasons == []

"""Small-number protection: exact examples. Properties live in test_privacy_properties.py."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from advisory.privacy import (
    SuppressedSeries,
    SuppressedTable,
    aggregate_to,
    choose_shared_granularity,
    format_count,
    safe_percentage,
    shares,
    suppress_series,
    suppress_small_counts,
    suppression_note,
    validate_k,
)

SITES = pd.Index(["A", "B", "C"], name="site")


def three_sites() -> pd.DataFrame:
    return pd.DataFrame(
        {"woman": [3, 8, 15], "man": [25, 30, 40], "not_recorded": [10, 12, 0]}, index=SITES
    )


def frame(rows: list[list[str]], index: list[object], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=index, columns=columns, dtype="str")


# validate_k


@pytest.mark.parametrize("k", [3, 5, 20, np.int64(7)])
def test_thresholds_from_three_to_twenty_are_accepted(k: int) -> None:
    assert validate_k(k) == int(k)


@pytest.mark.parametrize("k", [2, 21, 0, -5, 5.0, "5", True, None])
def test_other_thresholds_are_refused_with_a_plain_message(k: object) -> None:
    with pytest.raises(ValueError, match=r"^Small-number threshold must be between 3 and 20\.$"):
        validate_k(k)


def test_every_public_function_refuses_a_threshold_of_two() -> None:
    table = three_sites()
    calls = [
        lambda: suppress_small_counts(table, k=2),
        lambda: suppress_series(table["woman"], k=2),
        lambda: format_count(3, k=2),
        lambda: safe_percentage(5, 10, k=2),
        lambda: choose_shared_granularity(pd.Series([1], index=pd.to_datetime(["2024-01-01"])), 2),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="between 3 and 20"):
            call()


# format_count


def test_count_of_three_is_shown_as_less_than_five() -> None:
    assert format_count(3) == "<5"


def test_zero_is_shown_as_zero() -> None:
    assert format_count(0) == "0"


def test_large_counts_get_thousands_separators() -> None:
    assert format_count(1234) == "1,234"


def test_count_equal_to_k_is_shown() -> None:
    assert format_count(5) == "5"


def test_threshold_changes_the_marker() -> None:
    assert format_count(9, k=10) == "<10"
    assert format_count(10, k=10) == "10"


def test_integral_float_from_a_chart_frame_is_formatted_like_an_int() -> None:
    assert format_count(4.0) == "<5"
    assert format_count(np.int64(12)) == "12"


@pytest.mark.parametrize("n", [-1, 2.5, float("nan"), None, "3", True])
def test_a_count_that_is_not_a_non_negative_whole_number_is_refused(n: object) -> None:
    with pytest.raises(ValueError):
        format_count(n)  # type: ignore[arg-type]


# safe_percentage


def test_percentage_of_shown_counts_is_returned() -> None:
    assert safe_percentage(10, 40) == 25.0


def test_percentage_with_a_small_numerator_is_hidden() -> None:
    assert safe_percentage(3, 40) is None


def test_percentage_with_a_small_denominator_is_hidden() -> None:
    assert safe_percentage(0, 4) is None


def test_percentage_whose_remainder_is_small_is_hidden() -> None:
    # 97 % of 100 visits by women says 3 visits were by someone else.
    assert safe_percentage(97, 100) is None


def test_percentage_of_zero_out_of_many_is_zero() -> None:
    assert safe_percentage(0, 50) == 0.0


def test_percentage_of_nothing_is_undefined() -> None:
    assert safe_percentage(0, 0) is None


def test_percentage_with_numerator_above_denominator_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot exceed"):
        safe_percentage(11, 10)


# suppress_small_counts: exact displays


def test_small_cell_in_a_two_by_two_table_takes_the_whole_body_with_it() -> None:
    table = pd.DataFrame(
        [[3, 20], [12, 40]],
        index=pd.Index(["A", "B"], name="site"),
        columns=pd.Index(["woman", "man"], name="gender"),
    )
    result = suppress_small_counts(table)
    expected = frame(
        [["<5", "<5", "23"], ["<5", "<5", "52"], ["15", "60", "75"]],
        index=["A", "B", "Total"],
        columns=["woman", "man", "Total"],
    )
    pd.testing.assert_frame_equal(result.display(), expected, check_names=False)
    assert result.display().index.name == "site"
    assert result.display().columns.name == "gender"


def test_secondary_suppression_hides_the_smallest_cells_that_protect_a_three() -> None:
    result = suppress_small_counts(three_sites())
    expected = frame(
        [
            ["<5", "25", "<5", "38"],
            ["<5", "30", "<5", "50"],
            ["15", "40", "0", "55"],
            ["26", "95", "22", "143"],
        ],
        index=["A", "B", "C", "Total"],
        columns=["woman", "man", "not_recorded", "Total"],
    )
    pd.testing.assert_frame_equal(result.display(), expected, check_names=False)


def test_row_with_a_single_small_cell_hides_its_total_too() -> None:
    # Site A: 2 women, 0 men. The row total equals the cell, so it is small and hidden;
    # the columns then need complements all the way round.
    table = pd.DataFrame({"woman": [2, 10], "man": [0, 30]}, index=["A", "B"])
    expected = frame(
        [["<5", "0", "<5"], ["<5", "<5", "<5"], ["<5", "<5", "42"]],
        index=["A", "B", "Total"],
        columns=["woman", "man", "Total"],
    )
    pd.testing.assert_frame_equal(suppress_small_counts(table).display(), expected)


def test_five_ones_under_a_grand_total_of_five_hide_the_grand_total() -> None:
    # Each hidden count is at least 1 (zeros are shown), so five hidden counts adding up to
    # a shown 5 would all be 1.
    table = pd.DataFrame({"woman": [1, 1, 1, 1, 1]}, index=list("ABCDE"))
    result = suppress_small_counts(table)
    assert result.hidden.to_numpy().all()
    assert result.display().loc["Total", "Total"] == "<5"


def test_two_hidden_ones_beside_a_shown_total_take_a_third_cell() -> None:
    table = pd.DataFrame({"trans_woman": [1, 0], "non_binary": [1, 0], "woman": [10, 20]})
    result = suppress_small_counts(table)
    row = result.display().loc[0]
    assert list(row) == ["<5", "<5", "<5", "12"]


def test_table_without_small_counts_is_shown_in_full() -> None:
    table = pd.DataFrame({"woman": [7, 9], "man": [0, 12]})
    result = suppress_small_counts(table)
    assert not result.hidden.to_numpy().any()
    assert result.display().loc["Total"].tolist() == ["16", "12", "28"]


def test_totals_false_drops_the_totals_but_keeps_the_same_hidden_cells() -> None:
    with_totals = suppress_small_counts(three_sites())
    without = suppress_small_counts(three_sites(), totals=False)
    assert "Total" not in without.display().index
    assert "Total" not in without.display().columns
    pd.testing.assert_frame_equal(without.hidden, with_totals.hidden.iloc[:-1, :-1])


def test_a_custom_marker_is_used_for_every_hidden_cell() -> None:
    display = suppress_small_counts(three_sites()).display(marker="x")
    assert display.loc["A", "woman"] == "x"
    assert display.loc["A", "not_recorded"] == "x"


def test_a_larger_threshold_hides_more() -> None:
    result = suppress_small_counts(three_sites(), k=10)
    assert result.display().loc["B", "woman"] == "<10"


def test_values_are_the_true_counts_with_true_totals() -> None:
    values = suppress_small_counts(three_sites()).values
    assert values.loc["A", "woman"] == 3
    assert values.loc["A", "Total"] == 38
    assert values.loc["Total", "man"] == 95
    assert values.loc["Total", "Total"] == 143


def test_numbers_for_charts_have_nan_where_hidden() -> None:
    numbers = suppress_small_counts(three_sites()).as_numbers()
    assert math.isnan(numbers.loc["A", "woman"])
    assert numbers.loc["C", "woman"] == 15.0
    assert numbers.dtypes.eq("float64").all()


def test_repr_shows_only_the_protected_display() -> None:
    text = repr(suppress_small_counts(three_sites()))
    assert "<5" in text
    assert " 3 " not in text and " 8 " not in text


def test_an_all_zero_table_hides_nothing() -> None:
    result = suppress_small_counts(pd.DataFrame({"woman": [0, 0], "man": [0, 0]}))
    assert not result.hidden.to_numpy().any()


def test_date_index_and_category_columns_can_take_a_total_label() -> None:
    weeks = pd.DatetimeIndex(["2024-01-01", "2024-01-08"], name="week")
    table = pd.DataFrame({"woman": [6, 7]}, index=weeks)
    table.columns = pd.CategoricalIndex(["woman"])
    display = suppress_small_counts(table).display()
    assert display.index[-1] == "Total"
    assert display.index[0] == pd.Timestamp("2024-01-01")


def test_float_counts_that_are_whole_are_accepted() -> None:
    table = pd.DataFrame({"woman": [3.0, 10.0], "man": [20.0, 30.0]})
    assert suppress_small_counts(table).values.dtypes.eq("int64").all()


@pytest.mark.parametrize(
    "bad",
    [
        pd.DataFrame({"woman": [3, -1]}),
        pd.DataFrame({"woman": [3, None]}),
        pd.DataFrame({"woman": [3.5, 1.0]}),
        pd.DataFrame({"woman": ["3", "4"]}),
        pd.DataFrame({"woman": [True, False]}),
    ],
    ids=["negative", "missing", "fractional", "text", "boolean"],
)
def test_tables_that_are_not_counts_are_refused(bad: pd.DataFrame) -> None:
    with pytest.raises(ValueError):
        suppress_small_counts(bad)


def test_a_table_that_already_has_a_total_row_is_refused() -> None:
    table = pd.DataFrame({"woman": [3, 3]}, index=["A", "Total"])
    with pytest.raises(ValueError, match="Total"):
        suppress_small_counts(table)


def test_a_series_is_not_accepted_as_a_table() -> None:
    with pytest.raises(TypeError):
        suppress_small_counts(pd.Series([1, 2]))  # type: ignore[arg-type]


def test_the_input_table_is_not_modified() -> None:
    table = three_sites()
    before = table.copy()
    suppress_small_counts(table)
    pd.testing.assert_frame_equal(table, before)


def test_changing_a_returned_frame_does_not_change_the_result() -> None:
    result = suppress_small_counts(three_sites())
    hidden = result.hidden
    hidden.iloc[:, :] = False
    assert result.hidden.loc["A", "woman"]


def test_the_note_explains_the_marker_in_plain_words() -> None:
    note = suppress_small_counts(three_sites()).note()
    assert note == (
        "To protect privacy, counts from 1 to 4 are shown as <5. "
        "Some larger counts are also shown as <5 so the small ones cannot be worked out."
    )
    assert suppression_note(3, secondary=False) == (
        "To protect privacy, counts from 1 to 2 are shown as <3."
    )


# shares


def test_row_shares_are_hidden_where_the_count_is_hidden() -> None:
    result = shares(suppress_small_counts(three_sites()), axis="row").round(1)
    assert math.isnan(result.loc["A", "woman"])
    assert math.isnan(result.loc["A", "not_recorded"])
    assert result.loc["A", "man"] == 65.8
    assert result.loc["C"].tolist() == [27.3, 72.7, 0.0, 100.0]


def test_column_shares_divide_by_the_column_total() -> None:
    result = shares(suppress_small_counts(three_sites()), axis="column").round(1)
    assert result.loc["C", "woman"] == 57.7
    assert result.loc["Total"].tolist() == [100.0, 100.0, 100.0, 100.0]


def test_shares_are_hidden_when_the_total_they_divide_by_is_hidden() -> None:
    table = pd.DataFrame({"woman": [2, 10], "man": [0, 30]}, index=["A", "B"])
    result = shares(suppress_small_counts(table), axis="row")
    # (A, man) is a shown 0, but its row total is hidden: 0 % of an unknown is still shown
    # as unknown, so a reader cannot tell a 0 % row from a hidden one by its total.
    assert math.isnan(result.loc["A", "man"])


def test_shares_follow_the_totals_choice() -> None:
    result = shares(suppress_small_counts(three_sites(), totals=False), axis="row")
    assert "Total" not in result.columns
    assert round(result.loc["A", "man"], 1) == 65.8


def test_an_unknown_share_axis_is_refused() -> None:
    with pytest.raises(ValueError, match="axis"):
        shares(suppress_small_counts(three_sites()), axis="rows")  # type: ignore[arg-type]


# suppress_series


def test_series_hides_only_the_small_counts() -> None:
    weekly = pd.Series([0, 3, 12, 4, 5], name="woman")
    result = suppress_series(weekly)
    assert isinstance(result, SuppressedSeries)
    assert result.display().tolist() == ["0", "<5", "12", "<5", "5"]
    assert result.hidden.tolist() == [False, True, False, True, False]
    assert result.display().name == "woman"


def test_series_numbers_for_charts_have_nan_where_hidden() -> None:
    result = suppress_series(pd.Series([3, 7])).as_numbers()
    assert math.isnan(result.iloc[0])
    assert result.iloc[1] == 7.0


def test_series_values_keep_the_true_counts() -> None:
    assert suppress_series(pd.Series([3, 7])).values.tolist() == [3, 7]


def test_series_of_missing_counts_is_refused() -> None:
    with pytest.raises(ValueError):
        suppress_series(pd.Series([3.0, float("nan")]))


def test_table_and_series_results_are_distinct_types() -> None:
    assert isinstance(suppress_small_counts(three_sites()), SuppressedTable)


# aggregate_to and choose_shared_granularity


def daily(values: list[int], start: str = "2024-01-01") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"))


def test_weeks_start_on_monday() -> None:
    # 2024-01-03 is a Wednesday; 2024-01-08 a Monday.
    counts = pd.Series([1, 2, 4], index=pd.to_datetime(["2024-01-03", "2024-01-07", "2024-01-08"]))
    result = aggregate_to(counts, "week")
    assert result.index.tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08")]
    assert result.tolist() == [3, 4]


def test_months_start_on_the_first() -> None:
    counts = pd.Series([5, 6, 7], index=pd.to_datetime(["2024-01-31", "2024-02-01", "2024-02-29"]))
    result = aggregate_to(counts, "month")
    assert result.index.tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
    assert result.tolist() == [5, 13]


def test_quarters_start_in_january_april_july_and_october() -> None:
    dates = ["2024-03-31", "2024-04-01", "2024-09-30", "2024-12-31"]
    counts = pd.Series([1, 2, 3, 4], index=pd.to_datetime(dates))
    result = aggregate_to(counts, "quarter")
    starts = ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]
    assert result.index.tolist() == [pd.Timestamp(s) for s in starts]
    assert result.tolist() == [1, 2, 3, 4]


def test_a_week_running_over_new_year_stays_one_week() -> None:
    counts = daily([1] * 7, start="2024-12-30")  # Monday 30 December to Sunday 5 January
    result = aggregate_to(counts, "week")
    assert result.index.tolist() == [pd.Timestamp("2024-12-30")]
    assert result.tolist() == [7]


def test_frames_are_aggregated_column_by_column() -> None:
    weeks = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-02-05"])
    counts = pd.DataFrame({"woman": [1, 2, 3], "man": [10, 20, 30]}, index=weeks)
    result = aggregate_to(counts, "month")
    assert result.to_dict("list") == {"woman": [3, 3], "man": [30, 30]}


def test_a_gap_stays_a_gap_rather_than_a_zero() -> None:
    counts = pd.Series([5, 6], index=pd.to_datetime(["2024-01-01", "2024-03-04"]))
    assert aggregate_to(counts, "month").index.tolist() == [
        pd.Timestamp("2024-01-01"),
        pd.Timestamp("2024-03-01"),
    ]


def test_time_zone_dates_are_grouped_by_local_date() -> None:
    index = pd.DatetimeIndex(["2024-01-07 23:30"], tz="Africa/Dar_es_Salaam")
    result = aggregate_to(pd.Series([4], index=index), "week")
    assert result.index.tolist() == [pd.Timestamp("2024-01-01")]


def test_counts_without_dates_cannot_be_aggregated() -> None:
    with pytest.raises(TypeError, match="indexed by date"):
        aggregate_to(pd.Series([1, 2], index=["a", "b"]), "month")


def test_counts_indexed_by_row_number_are_not_read_as_dates() -> None:
    with pytest.raises(TypeError, match="indexed by date"):
        aggregate_to(pd.Series([1, 2]), "week")


def test_an_unknown_granularity_is_refused() -> None:
    with pytest.raises(ValueError, match="granularity"):
        aggregate_to(daily([1]), "year")  # type: ignore[arg-type]


def weekly(values: list[int]) -> pd.Series:
    return pd.Series(values, index=pd.date_range("2024-01-01", periods=len(values), freq="7D"))


def test_weekly_counts_mostly_shown_stay_weekly() -> None:
    assert choose_shared_granularity(weekly([6, 7, 2, 9, 0, 0])) == "week"


def test_weekly_counts_mostly_small_become_monthly() -> None:
    # 13 weeks of 2 visits: every week hidden, every month (8 to 10) shown.
    assert choose_shared_granularity(weekly([2] * 13)) == "month"


def test_counts_small_even_by_month_become_quarterly() -> None:
    # One visit a week: months of 4 or 5 are mostly hidden; quarters of 13 are shown.
    assert choose_shared_granularity(weekly([1] * 26)) == "quarter"


def test_quarter_is_the_coarsest_choice_even_when_still_small() -> None:
    assert choose_shared_granularity(weekly([1, 0, 0, 0])) == "quarter"


def test_exactly_half_hidden_is_not_mostly_hidden() -> None:
    assert choose_shared_granularity(weekly([1, 9])) == "week"


def test_all_zero_weeks_stay_weekly() -> None:
    assert choose_shared_granularity(weekly([0, 0, 0])) == "week"


def test_granularity_looks_at_every_gender_group_of_a_frame() -> None:
    counts = pd.DataFrame({"woman": [1] * 8, "man": [30] * 8}, index=weekly([0] * 8).index)
    assert choose_shared_granularity(counts) == "week"  # exactly half hidden
    counts["non_binary"] = 1
    assert choose_shared_granularity(counts) == "month"

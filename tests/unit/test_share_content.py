"""Properties of the attendance tables a funder sees (hypothesis, random tables)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from advisory.models import GENDER_GROUPS
from advisory.services.attendance import GENDER_LABELS
from advisory.services.shared_attendance import protect_cells
from advisory.services.shared_output import period_label


@st.composite
def weekly_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, int]:
    k = draw(st.integers(min_value=3, max_value=20))
    n = draw(st.integers(min_value=0, max_value=30))
    values = draw(
        st.lists(
            st.lists(st.integers(min_value=0, max_value=60), min_size=6, max_size=6),
            min_size=n,
            max_size=n,
        )
    )
    index = pd.date_range("2024-01-01", periods=n, freq="W-MON", name="period_start")
    frame = pd.DataFrame(
        np.array(values, dtype="int64").reshape(n, 6), index=index, columns=list(GENDER_GROUPS)
    )
    return frame, k


@settings(max_examples=150, deadline=None)
@given(weekly_tables())
def test_no_shown_count_is_between_1_and_k_minus_1_and_nothing_else_is_hidden(case):
    counts, k = case
    table = protect_cells(counts, k, "week")
    assert list(table.display.columns) == [GENDER_LABELS[g] for g in GENDER_GROUPS]
    assert len(table.display) == len(counts)
    for true_row, shown_row, number_row in zip(
        counts.to_numpy(), table.display.to_numpy(), table.numbers.to_numpy(), strict=True
    ):
        for value, text, number in zip(true_row, shown_row, number_row, strict=True):
            if 1 <= value <= k - 1:
                assert text == f"<{k}"
                assert np.isnan(number)
            else:
                assert text == f"{value:,}"
                assert number == value
    assert table.any_hidden == bool(((counts >= 1) & (counts < k)).to_numpy().any())


@settings(max_examples=50, deadline=None)
@given(weekly_tables())
def test_a_shared_attendance_table_has_no_total_to_subtract_from(case):
    counts, k = case
    table = protect_cells(counts, k, "week")
    labels = " ".join(map(str, [*table.display.columns, *table.display.index])).lower()
    assert "total" not in labels and "all visits" not in labels and "%" not in labels


def test_period_labels_say_which_week_month_or_quarter():
    day = dt.date(2025, 3, 3)
    assert period_label(day, "week") == "Week of 3 Mar 2025"
    assert period_label(day, "month") == "Mar 2025"
    assert period_label(day, "quarter") == "2025 Q1"

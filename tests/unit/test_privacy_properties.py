"""Small-number protection: properties that must hold for every table.

Tables are drawn with many zeros and many counts under k, the hard case for a small site.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from advisory.privacy import (
    SuppressedTable,
    aggregate_to,
    choose_shared_granularity,
    format_count,
    safe_percentage,
    shares,
    suppress_series,
    suppress_small_counts,
)

# Sized so the file stays well under 20 s of CPU on a small machine.
PROPERTY = settings(max_examples=200, deadline=None)
TABLE_PROPERTY = settings(max_examples=150, deadline=None)
# The exact-recovery audit solves two linear programmes per hidden small count.
AUDIT = settings(max_examples=100, deadline=None)


# One in four zero, one in four small: mostly hidden tables, like a small site's. Built once
# per k, because building strategies inside every draw doubles the run time.
CELLS = {
    k: st.one_of(st.just(0), st.integers(1, k - 1), st.integers(k, 3 * k), st.integers(0, 200))
    for k in range(3, 11)
}


@st.composite
def count_tables(draw: st.DrawFn, max_side: int = 6) -> tuple[pd.DataFrame, int]:
    k = draw(st.integers(3, 10))
    n_rows = draw(st.integers(1, max_side))
    n_cols = draw(st.integers(1, max_side))
    flat = draw(st.lists(CELLS[k], min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    body = np.array(flat, dtype=np.int64).reshape(n_rows, n_cols)
    return pd.DataFrame(body, columns=[f"g{j}" for j in range(n_cols)]), k


def lines(counts: np.ndarray) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """Every row and column of the table with totals, as (cell positions, total position)."""
    n_rows, n_cols = counts.shape
    rows = [([(i, j) for j in range(n_cols - 1)], (i, n_cols - 1)) for i in range(n_rows)]
    cols = [([(i, j) for i in range(n_rows - 1)], (n_rows - 1, j)) for j in range(n_cols)]
    return rows + cols


def protected(
    drawn: tuple[pd.DataFrame, int],
) -> tuple[SuppressedTable, np.ndarray, np.ndarray, int]:
    table, k = drawn
    result = suppress_small_counts(table, k)
    return result, result.values.to_numpy(), result.hidden.to_numpy(), k


@TABLE_PROPERTY
@given(count_tables())
def test_no_shown_count_is_between_one_and_k_minus_one(drawn: tuple[pd.DataFrame, int]) -> None:
    result, counts, hidden, k = protected(drawn)
    shown = counts[~hidden]
    assert not ((shown >= 1) & (shown < k)).any()
    marker = f"<{k}"
    for text in result.display().to_numpy().ravel():
        if text != marker:
            assert not 1 <= int(text.replace(",", "")) < k


@TABLE_PROPERTY
@given(count_tables())
def test_no_row_or_column_has_exactly_one_hidden_cell_beside_a_shown_total(
    drawn: tuple[pd.DataFrame, int],
) -> None:
    _, counts, hidden, _ = protected(drawn)
    for cells, total in lines(counts):
        hidden_cells = sum(bool(hidden[p]) for p in cells)
        if not hidden[total]:
            assert hidden_cells != 1
        # Stronger: a hidden total with every cell shown is just as recoverable.
        assert hidden_cells + int(hidden[total]) != 1


@TABLE_PROPERTY
@given(count_tables())
def test_hidden_cells_beside_a_shown_total_never_add_up_to_a_small_number(
    drawn: tuple[pd.DataFrame, int],
) -> None:
    _, counts, hidden, k = protected(drawn)
    for cells, total in lines(counts):
        if not hidden[total]:
            hidden_sum = sum(int(counts[p]) for p in cells if hidden[p])
            assert not 1 <= hidden_sum < k


@AUDIT
@given(count_tables(max_side=5))
def test_no_small_count_can_be_worked_out_exactly_from_what_is_shown(
    drawn: tuple[pd.DataFrame, int],
) -> None:
    _, counts, hidden, k = protected(drawn)
    small = [(int(i), int(j)) for i, j in np.argwhere(hidden & (counts < k))]
    for position, (low, high) in reader_ranges(counts, hidden, small).items():
        assert high - low >= 1, f"hidden count at {position} is exactly {low}"


@TABLE_PROPERTY
@given(count_tables())
def test_totals_are_the_true_sums(drawn: tuple[pd.DataFrame, int]) -> None:
    table, _ = drawn
    result, counts, _, _ = protected(drawn)
    body = table.to_numpy()
    np.testing.assert_array_equal(counts[:-1, :-1], body)
    np.testing.assert_array_equal(counts[:-1, -1], body.sum(axis=1))
    np.testing.assert_array_equal(counts[-1, :-1], body.sum(axis=0))
    assert counts[-1, -1] == body.sum()
    assert list(result.values.index)[-1] == "Total"
    assert list(result.values.columns)[-1] == "Total"


@TABLE_PROPERTY
@given(count_tables())
def test_zero_is_never_hidden(drawn: tuple[pd.DataFrame, int]) -> None:
    _, counts, hidden, _ = protected(drawn)
    assert not hidden[counts == 0].any()


@TABLE_PROPERTY
@given(count_tables())
def test_display_and_chart_numbers_hide_exactly_the_hidden_cells(
    drawn: tuple[pd.DataFrame, int],
) -> None:
    result, counts, hidden, k = protected(drawn)
    display = result.display().to_numpy()
    numbers = result.as_numbers().to_numpy()
    assert ((display == f"<{k}") == hidden).all()
    assert (np.isnan(numbers) == hidden).all()
    np.testing.assert_array_equal(numbers[~hidden], counts[~hidden])


@TABLE_PROPERTY
@given(count_tables(), st.sampled_from(["row", "column"]))
def test_percentages_from_hidden_counts_are_hidden(
    drawn: tuple[pd.DataFrame, int], axis: str
) -> None:
    result, counts, hidden, _ = protected(drawn)
    percent = shares(result, axis=axis).to_numpy()  # type: ignore[arg-type]
    whole = counts[:, -1:] if axis == "row" else counts[-1:, :]
    whole_hidden = hidden[:, -1:] if axis == "row" else hidden[-1:, :]
    must_hide = hidden | np.broadcast_to(whole_hidden, hidden.shape)
    assert np.isnan(percent[must_hide]).all()
    # Every shown percentage is a shown count over a shown total: it tells nothing new.
    shown = ~np.isnan(percent)
    expected = 100.0 * counts / np.broadcast_to(whole, counts.shape).astype(float).clip(min=1)
    np.testing.assert_allclose(percent[shown], expected[shown])


@TABLE_PROPERTY
@given(count_tables())
def test_hiding_pattern_does_not_depend_on_showing_totals(drawn: tuple[pd.DataFrame, int]) -> None:
    table, k = drawn
    with_totals = suppress_small_counts(table, k)
    without = suppress_small_counts(table, k, totals=False)
    pd.testing.assert_frame_equal(without.hidden, with_totals.hidden.iloc[:-1, :-1])
    assert without.display().shape == table.shape


@TABLE_PROPERTY
@given(count_tables())
def test_the_same_table_always_gets_the_same_pattern(drawn: tuple[pd.DataFrame, int]) -> None:
    table, k = drawn
    first = suppress_small_counts(table, k).display()
    pd.testing.assert_frame_equal(suppress_small_counts(table.copy(), k).display(), first)


@PROPERTY
@given(st.lists(st.integers(0, 60), max_size=30), st.integers(3, 20))
def test_series_never_shows_a_small_count(values: list[int], k: int) -> None:
    result = suppress_series(pd.Series(values, dtype="int64"), k)
    for value, text in zip(values, result.display(), strict=True):
        assert text == (f"<{k}" if 1 <= value < k else f"{value:,}")


@PROPERTY
@given(st.integers(0, 10_000), st.integers(3, 20))
def test_format_count_never_shows_a_small_count(n: int, k: int) -> None:
    text = format_count(n, k)
    assert text == f"<{k}" if 1 <= n < k else int(text.replace(",", "")) == n


@PROPERTY
@given(st.integers(0, 300), st.integers(0, 300), st.integers(3, 20))
def test_safe_percentage_is_hidden_when_any_count_behind_it_is_small(
    a: int, b: int, k: int
) -> None:
    part, whole = min(a, b), max(a, b)
    result = safe_percentage(part, whole, k)
    small = any(1 <= n < k for n in (part, whole, whole - part))
    if small or whole == 0:
        assert result is None
    else:
        assert result is not None and math.isclose(result, 100.0 * part / whole)


@st.composite
def weekly_series(draw: st.DrawFn) -> pd.Series:
    values = draw(st.lists(st.integers(0, 12), min_size=1, max_size=80))
    start = draw(
        st.dates(
            min_value=pd.Timestamp("2020-01-01").date(), max_value=pd.Timestamp("2026-12-31").date()
        )
    )
    monday = pd.Timestamp(start) - pd.Timedelta(days=pd.Timestamp(start).weekday())
    return pd.Series(values, index=pd.date_range(monday, periods=len(values), freq="7D"))


def hidden_share(counts: pd.Series, k: int) -> float:
    non_zero = counts[counts > 0]
    return 0.0 if non_zero.empty else float((non_zero < k).mean())


@PROPERTY
@given(weekly_series(), st.integers(3, 10))
def test_shared_granularity_is_the_finest_with_at_most_half_hidden(
    weekly: pd.Series, k: int
) -> None:
    choice = choose_shared_granularity(weekly, k)
    finer = {"week": [], "month": ["week"], "quarter": ["week", "month"]}[choice]
    for level in finer:
        assert hidden_share(aggregate_to(weekly, level), k) > 0.5  # type: ignore[arg-type]
    if choice != "quarter":
        assert hidden_share(aggregate_to(weekly, choice), k) <= 0.5


@PROPERTY
@given(weekly_series(), st.sampled_from(["week", "month", "quarter"]))
def test_aggregation_keeps_every_visit_and_starts_periods_on_the_right_day(
    weekly: pd.Series, granularity: str
) -> None:
    result = aggregate_to(weekly, granularity)  # type: ignore[arg-type]
    assert result.sum() == weekly.sum()
    assert result.index.is_monotonic_increasing and result.index.is_unique
    if granularity == "week":
        assert (result.index.weekday == 0).all()
    else:
        assert (result.index.day == 1).all()
    if granularity == "quarter":
        assert result.index.month.isin([1, 4, 7, 10]).all()


def reader_ranges(
    counts: np.ndarray, hidden: np.ndarray, targets: list[tuple[int, int]]
) -> dict[tuple[int, int], tuple[float, float]]:
    """What a reader can deduce: the least and greatest value of each hidden entry in targets.

    Unknowns: the hidden entries, each at least 1 (zeros are never hidden, and the rule is
    public). Equations: every row and column of the table with totals adds up to its total.
    Solved independently of the code under test, with scipy's linear programming; the
    constraint matrix is a network matrix, so the bounds are whole numbers.
    """
    from scipy.optimize import linprog

    unknowns = [(int(i), int(j)) for i, j in np.argwhere(hidden)]
    column = {p: n for n, p in enumerate(unknowns)}
    equations, right = [], []
    for cells, total in lines(counts):
        row = np.zeros(len(unknowns))
        known = 0.0
        for p in cells:
            if p in column:
                row[column[p]] += 1
            else:
                known -= counts[p]
        if total in column:
            row[column[total]] -= 1
        else:
            known += counts[total]
        if row.any():
            equations.append(row)
            right.append(known)
    ranges = {}
    bounds = [(1, None)] * len(unknowns)
    for p in targets:
        objective = np.zeros(len(unknowns))
        objective[column[p]] = 1
        low = linprog(objective, A_eq=equations, b_eq=right, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=equations, b_eq=right, bounds=bounds, method="highs")
        assert low.status == 0, "the true table must be a solution"
        ranges[p] = (low.fun, -high.fun if high.status == 0 else math.inf)
    return ranges


# --- counts of requests and changes to a service: exact (issue 13) ---------------------------

_DAY0 = dt.date(2025, 1, 1)


@st.composite
def _recommendation_dates(draw: st.DrawFn) -> list[tuple]:
    """Recommendations as (raised, responded, done, verified), each step after the last."""
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        raised = _DAY0 + dt.timedelta(days=draw(st.integers(0, 300)))
        steps: list = [raised]
        for _step in range(3):
            if steps[-1] is None or not draw(st.booleans()):
                steps.append(None)
            else:
                days = draw(st.integers(0, 90))
                steps.append(steps[-1] + dt.timedelta(days=days))
        rows.append(tuple(steps))
    return rows


@PROPERTY
@given(_recommendation_dates(), st.integers(3, 20))
def test_headline_figures_about_recommendations_are_exact_whatever_k(rows, k) -> None:
    from types import SimpleNamespace

    from advisory.services.shared_headline import figures, headline

    items = [SimpleNamespace(raised_on=a, responded_on=b, done_on=c, verified_on=d)
             for a, b, c, d in rows]  # fmt: skip
    shown = dict(figures(headline(items, adaptations_in_place=len(rows) % 4)))
    assert shown["Recommendations raised"] == f"{len(rows):,}"
    assert shown["Responded to"] == str(sum(r[1] is not None for r in rows))
    assert shown["Done"] == str(sum(r[2] is not None for r in rows))
    assert shown["Verified by the group"] == str(sum(r[3] is not None for r in rows))
    assert shown["Adaptations in place"] == str(len(rows) % 4)
    assert not any(value.startswith("<") for value in shown.values())


@PROPERTY
@given(st.lists(st.integers(0, 40), min_size=1, max_size=11))
def test_recommendations_by_status_are_shown_exactly_with_their_true_total(counts) -> None:
    from advisory.services.shared_recommendations import _single_column_table

    statuses = {f"s{i}": n for i, n in enumerate(counts)}
    table = _single_column_table(statuses, "Recommendations")
    column = table.display["Recommendations"].tolist()
    assert column == [f"{n:,}" for n in counts] + [f"{sum(counts):,}"]
    assert not table.any_hidden

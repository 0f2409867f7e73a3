"""Small-number protection for every count of PEOPLE that leaves an authenticated view.

The people counted here use drugs, often where that is a crime; at a small site a count of 3
can identify a woman. Every count of people (visits by gender group, members present, women
consulted, participants, referrals) shown through a share link or written to a shareable
export or report must go through this module. Authenticated views may show exact counts.

What is NOT protected, on purpose (issue 13): counts of requests and of changes to a service
(recommendations raised, responded to, done, verified; adaptations; meetings; trainings) and
the days between those steps. They identify no one, and a funder must see them: "Done or
verified: hidden" and "Responded <5" hid the very progress a share link exists to show. They
are written with :func:`format_exact`, so that every shared number says which rule it follows.

The rules for counts of people, in one place:

* **Primary suppression.** A count from 1 to k-1 is hidden. Zero is shown: "nobody" names
  nobody, and hiding zeros would make every table unreadable.
* **Totals** are computed from the true counts and shown unless they are themselves 1..k-1.
* **Secondary suppression.** A table with totals is a set of equations (each row and column
  adds up to its total), so hiding a cell is not enough: it must not be recoverable by
  subtraction. See :func:`suppress_small_counts` for the exact rule; its algorithm is in
  :mod:`advisory.secondary_suppression`, which asks this module what is small.
* **Percentages** are shown only when every count they are computed from is shown.
* **Time series** shared with a funder are coarsened (week, then month, then quarter) when most
  weekly counts would be hidden anyway.

Nothing here imports streamlit; the functions are pure and deterministic (the same table
always gives the same pattern), so a funder reloading a share link cannot learn more by
comparing two renderings.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Literal, SupportsInt, cast

import numpy as np
import pandas as pd

from advisory import i18n, secondary_suppression
from advisory.i18n import N_, _
from advisory.periods import period_starts

TOTAL = "Total"
DEFAULT_K = 5
MIN_K = 3
MAX_K = 20
K_ERROR = N_("Small-number threshold must be between 3 and 20.")

Granularity = Literal["week", "month", "quarter"]
Axis = Literal["row", "column"]
_COARSER: dict[Granularity, Granularity] = {"week": "month", "month": "quarter"}


def validate_k(k: object) -> int:
    """Return ``k`` as an int if it is a usable small-number threshold.

    Contract: ``k`` is an integer with 3 <= k <= 20 (5 is the default everywhere). Below 3
    protection is meaningless; above 20 most tables of a small service would be blank.
    Failure mode: ``ValueError("Small-number threshold must be between 3 and 20.")`` for
    anything else, including booleans, floats and strings, so a mistyped setting can never
    silently weaken protection.
    """
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not MIN_K <= int(k) <= MAX_K:
        raise ValueError(_(K_ERROR))
    return int(k)


def is_small(n: int, k: int = DEFAULT_K) -> bool:
    """True when ``n`` must be hidden: 1 <= n <= k-1 (zero is not small)."""
    return 1 <= n < k


def small_mask(values: np.ndarray, k: int = DEFAULT_K) -> np.ndarray:
    """:func:`is_small` for every entry of an array of counts (True: hide it)."""
    return (values >= 1) & (values < k)


def format_count(n: int, k: int = DEFAULT_K) -> str:
    """Format one count for a shared view: ``"<5"``, ``"0"`` or ``"1,234"``.

    Contract: ``n`` is a non-negative whole number (int, numpy integer, or an integral float
    such as ``3.0`` coming from a chart frame). Failure mode: ``ValueError`` for negative,
    fractional, missing or non-numeric input, and for an invalid ``k``.
    Use this only for a number shown on its own; in a table, use
    :func:`suppress_small_counts`, because a lone hidden cell can be recovered from totals.
    """
    k = validate_k(k)
    value = _as_count(n)
    return f"<{k}" if is_small(value, k) else i18n.format_number(value)


def format_exact(n: int) -> str:
    """Format a count of requests, meetings or changes to a service, exactly: ``"3"``, ``"1,234"``.

    Only for counts that identify no one (see the module docstring); never for people or
    visits, which go through :func:`format_count` or :func:`suppress_small_counts`.
    Failure mode: ``ValueError`` for negative, fractional or non-numeric input.
    """
    return i18n.format_number(_as_count(n))


def safe_percentage(numerator: int, denominator: int, k: int = DEFAULT_K) -> float | None:
    """Return ``100 * numerator / denominator``, or None when showing it would reveal a small count.

    None when the numerator or the denominator is 1..k-1 (the percentage together with the
    other number would give it back), when the remainder ``denominator - numerator`` is
    1..k-1 (``100 % - share`` gives the remainder: "97 % of 100 visits were by women" says 3
    were not), and when the denominator is 0 (undefined).
    Failure mode: ``ValueError`` for negative or fractional counts, a numerator larger than
    the denominator, or an invalid ``k``.
    """
    k = validate_k(k)
    part, whole = _as_count(numerator), _as_count(denominator)
    if part > whole:
        raise ValueError("The numerator of a percentage cannot exceed its denominator.")
    if whole == 0 or any(is_small(n, k) for n in (part, whole, whole - part)):
        return None
    return 100.0 * part / whole


@dataclass(frozen=True, eq=False)
class SuppressedTable:
    """A table of counts with the cells that must not be shown marked.

    ``values`` holds the TRUE counts (totals included): use it for nothing that is shared.
    Show ``display()`` or chart ``as_numbers()``. ``hidden`` has the same shape as ``values``.
    The repr shows only the display form, so logging this object leaks nothing.
    """

    k: int
    totals: bool
    # Always kept with the totals row and column, so that shares() can use the true totals
    # even when the caller chose not to show them.
    _counts: pd.DataFrame = field(repr=False)
    _hidden: pd.DataFrame = field(repr=False)

    @property
    def values(self) -> pd.DataFrame:
        """The true counts (with the "Total" row and column when ``totals``). Never share."""
        return self._trim(self._counts).copy()

    @property
    def hidden(self) -> pd.DataFrame:
        """Boolean frame, same shape as ``values``: True where the count must not be shown."""
        return self._trim(self._hidden).copy()

    def display(self, marker: str | None = None) -> pd.DataFrame:
        """Strings for showing: hidden entries as ``marker`` (default ``"<k"``), others as "1,234".

        The same marker is used for primary and secondary suppression on purpose: telling
        them apart would tell a reader which hidden cells are the small ones. Show
        :meth:`note` under the table so that a ``<5`` standing for a larger hidden count is
        not misread.
        """
        marker = f"<{self.k}" if marker is None else marker
        counts, hidden = self.values, self.hidden
        text = [
            [marker if h else i18n.format_number(int(v)) for v, h in zip(row_v, row_h, strict=True)]
            for row_v, row_h in zip(counts.to_numpy(), hidden.to_numpy(), strict=True)
        ]
        return pd.DataFrame(text, index=counts.index, columns=counts.columns, dtype="str")

    def as_numbers(self) -> pd.DataFrame:
        """Float frame for charts: the shown counts, NaN where hidden."""
        return self.values.astype("float64").mask(self.hidden)

    def note(self) -> str:
        """Plain-words footnote to show with the table."""
        return suppression_note(self.k, secondary=True)

    def _trim(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame if self.totals else frame.iloc[:-1, :-1]

    def __repr__(self) -> str:
        return f"SuppressedTable(k={self.k}, totals={self.totals})\n{self.display()}"


@dataclass(frozen=True, eq=False)
class SuppressedSeries:
    """A series of counts with the small ones marked (primary suppression only).

    ``values`` holds the TRUE counts: use it for nothing that is shared.
    """

    k: int
    _counts: pd.Series = field(repr=False)
    _hidden: pd.Series = field(repr=False)

    @property
    def values(self) -> pd.Series:
        """The true counts. Never share."""
        return self._counts.copy()

    @property
    def hidden(self) -> pd.Series:
        """Boolean series: True where the count must not be shown."""
        return self._hidden.copy()

    def display(self, marker: str | None = None) -> pd.Series:
        """Strings for showing: hidden entries as ``marker`` (default ``"<k"``)."""
        marker = f"<{self.k}" if marker is None else marker
        text = [
            marker if h else i18n.format_number(int(v))
            for v, h in zip(self._counts.to_numpy(), self._hidden.to_numpy(), strict=True)
        ]
        return pd.Series(text, index=self._counts.index, name=self._counts.name, dtype="str")

    def as_numbers(self) -> pd.Series:
        """Float series for charts: the shown counts, NaN where hidden."""
        return self._counts.astype("float64").mask(self._hidden)

    def note(self) -> str:
        """Plain-words footnote to show with the series."""
        return suppression_note(self.k, secondary=False)

    def __repr__(self) -> str:
        return f"SuppressedSeries(k={self.k})\n{self.display()}"


def suppression_note(k: int = DEFAULT_K, *, secondary: bool = True) -> str:
    """The footnote shown under protected numbers, in plain words."""
    k = validate_k(k)
    if secondary:
        note = _(
            "To protect privacy, counts from 1 to {top} are shown as <{k}. Some larger counts "
            "are also shown as <{k} so the small ones cannot be worked out."
        )
    else:
        note = _("To protect privacy, counts from 1 to {top} are shown as <{k}.")
    return note.format(top=k - 1, k=k)


def suppress_series(counts: pd.Series, k: int = DEFAULT_K) -> SuppressedSeries:
    """Hide the counts 1..k-1 of a simple series (primary suppression only, no total).

    Contract: ``counts`` holds non-negative whole numbers (e.g. weekly visits by women, for a
    chart). Failure mode: ``ValueError`` for missing, negative or fractional counts or an
    invalid ``k``; ``TypeError`` if ``counts`` is not a Series.

    Only safe when no sum of the same numbers is shown anywhere in the same output: a shown
    total (or a shown count for a longer period covering these ones) would let a reader
    subtract the shown values and recover a single hidden one. If a total is shown, use
    ``suppress_small_counts(counts.to_frame())`` instead.
    """
    k = validate_k(k)
    if not isinstance(counts, pd.Series):
        raise TypeError("suppress_series needs a pandas Series of counts.")
    values = _count_matrix(counts.to_frame())[:, 0]
    true_counts = pd.Series(values, index=counts.index, name=counts.name, dtype="int64")
    hidden = pd.Series(small_mask(values, k), index=counts.index, name=counts.name)
    return SuppressedSeries(k=k, _counts=true_counts, _hidden=hidden)


def suppress_small_counts(
    table: pd.DataFrame, k: int = DEFAULT_K, *, totals: bool = True
) -> SuppressedTable:
    """Protect a table of counts (e.g. site x gender group) for sharing.

    Contract: ``table`` holds non-negative whole numbers, no missing values, and no row or
    column already called "Total". The result carries the table extended with a "Total" row
    and column of true sums (the bottom-right cell is the grand total) and a ``hidden`` mask.

    The rule, applied to the extended table, where every row and every column (the totals
    row and column included) is a "line" whose cells add up to its total entry:

    1. Primary: every entry (cell or total) from 1 to k-1 is hidden. Zeros are never hidden.
    2. Secondary, repeated until nothing changes, first line first (rows top to bottom,
       then columns left to right):

       a. a line with exactly one hidden entry (a cell, or its total) would give it back by
          subtraction;
       b. a line whose total is shown and whose hidden cells add up to 1..k-1 would reveal
          that small sum (two hidden 1s beside a shown total are both 1);

       such a line gets one more entry hidden: its smallest shown non-zero cell (ties: a
       cell whose crossing line already has a hidden entry, then the first one); only if no
       cell qualifies, its total. A row with a single non-zero cell needs no special case:
       its total equals that cell, so a small cell means a small, hidden total.
    3. Exact recovery: a hidden count of 1..k-1 must not be the only value consistent with
       everything shown, even combining several lines and knowing that every hidden count
       is at least 1 (zeros are never hidden, so a reader knows this). Example: five hidden
       row totals under a shown grand total of 5 are all 1. Such a count gets a shown
       non-zero entry hidden that lets it vary (smallest such cell, then total), then rule 2
       runs again. The check is exact; see ``_complement_for_pinned``.

    It always ends: each step hides one more non-zero entry, and with every non-zero entry
    hidden no rule applies. Not covered: a reader narrowing a hidden count to a range (say
    1 or 2) rather than one value, and a reader who re-runs this algorithm on guessed tables
    to see which give the same pattern. The pattern does not depend on ``totals``: with
    ``totals=False`` the totals are merely not shown, because they are likely to be shown
    elsewhere (a headline number, another table).

    Failure mode: ``ValueError`` for negative, fractional, missing or non-numeric counts,
    a label "Total" already present, or an invalid ``k``; ``TypeError`` for a non-frame.
    """
    k = validate_k(k)
    if not isinstance(table, pd.DataFrame):
        raise TypeError("suppress_small_counts needs a pandas DataFrame of counts.")
    if TOTAL in table.index or TOTAL in table.columns:
        raise ValueError(
            'The table already has a "Total" row or column; pass the table without it.'
        )
    extended = _with_totals(_count_matrix(table))
    primary = small_mask(extended, k)  # rule 1
    hidden = secondary_suppression.hidden_pattern(
        extended, primary, is_small=lambda n: is_small(n, k)
    )
    index = _append_label(table.index)
    columns = _append_label(table.columns)
    return SuppressedTable(
        k=k,
        totals=totals,
        _counts=pd.DataFrame(extended, index=index, columns=columns),
        _hidden=pd.DataFrame(hidden, index=index, columns=columns),
    )


def shares(suppressed: SuppressedTable, axis: Axis = "row") -> pd.DataFrame:
    """Percentages for a protected table: NaN wherever the percentage must not be shown.

    ``axis="row"``: each entry as a percentage of its row total (the shares along a row add
    up to 100, e.g. the gender mix of each site); ``axis="column"``: of its column total.
    A percentage is NaN when its count or the total it divides by is hidden, or the total is
    0. Every shown percentage is therefore computed from two shown numbers and reveals nothing
    the table does not. Same shape as ``suppressed.values``.
    Failure mode: ``ValueError`` for any other ``axis``.
    """
    if axis not in ("row", "column"):
        raise ValueError('axis must be "row" or "column".')
    counts = suppressed._counts.to_numpy(dtype="float64")
    hidden = suppressed._hidden.to_numpy()
    if axis == "row":
        whole, whole_hidden = counts[:, -1:], hidden[:, -1:]
    else:
        whole, whole_hidden = counts[-1:, :], hidden[-1:, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = 100.0 * counts / whole
    percent[hidden | whole_hidden | (whole == 0)] = np.nan
    frame = pd.DataFrame(
        percent, index=suppressed._counts.index, columns=suppressed._counts.columns
    )
    return suppressed._trim(frame).copy()


def aggregate_to(
    counts: pd.Series | pd.DataFrame, granularity: Granularity
) -> pd.Series | pd.DataFrame:
    """Sum dated counts into weeks (starting Monday), calendar months or calendar quarters.

    Contract: ``counts`` is indexed by dates (a DatetimeIndex, or anything
    ``pd.DatetimeIndex`` accepts: daily or weekly data both work); values are summed. The
    result is indexed by the first day of each period (a Monday, the 1st of a month, 1
    January/April/July/October), sorted. Time zones are dropped, keeping local dates.
    Periods with no input rows are not created: a gap (closure, missing data) stays a gap
    and is not turned into a zero.
    Failure mode: ``ValueError`` for an unknown granularity or non-numeric values;
    ``TypeError`` if the index is not made of dates.
    """
    if granularity not in ("week", "month", "quarter"):
        raise ValueError('granularity must be "week", "month" or "quarter".')
    if not isinstance(counts, pd.Series | pd.DataFrame):
        raise TypeError("aggregate_to needs a pandas Series or DataFrame indexed by date.")
    frame = counts.to_frame() if isinstance(counts, pd.Series) else counts
    if not all(pd.api.types.is_numeric_dtype(dtype) for dtype in frame.dtypes):
        raise ValueError("Only numeric counts can be aggregated.")
    starts = period_starts(_as_dates(counts.index), granularity)
    summed = counts.groupby(starts).sum()
    summed.index.name = counts.index.name
    return summed


def choose_shared_granularity(
    weekly: pd.Series | pd.DataFrame,
    k: int = DEFAULT_K,
    *,
    max_hidden_share: float = 0.5,
) -> Granularity:
    """Pick the finest period at which most shared counts stay visible.

    Weekly counts at a small site are mostly under k; a chart of "<5" everywhere tells a
    funder nothing, while monthly or quarterly sums usually can be shown. Returns "week" when
    no more than ``max_hidden_share`` of the non-zero weekly values are 1..k-1, else "month"
    if months pass that test, else "quarter" (the coarsest offered, even if still mostly
    hidden: suppression still applies). All-zero or empty input gives "week".
    Failure mode: as :func:`aggregate_to`, plus ``ValueError`` for an invalid ``k`` or a
    ``max_hidden_share`` outside 0..1.
    """
    k = validate_k(k)
    if not 0.0 <= max_hidden_share <= 1.0:
        raise ValueError("max_hidden_share must be between 0 and 1.")
    granularity: Granularity = "week"
    while True:
        aggregated = aggregate_to(weekly, granularity)
        if _hidden_share(aggregated, k) <= max_hidden_share or granularity == "quarter":
            return granularity
        granularity = _COARSER[granularity]


def _hidden_share(counts: pd.Series | pd.DataFrame, k: int) -> float:
    """Share of the non-zero values that primary suppression would hide (0 when none)."""
    frame = counts.to_frame() if isinstance(counts, pd.Series) else counts
    values = _count_matrix(frame)
    non_zero = int((values > 0).sum())
    return 0.0 if non_zero == 0 else int(small_mask(values, k).sum()) / non_zero


def _as_dates(index: pd.Index) -> pd.DatetimeIndex:
    # why: pandas reads plain numbers as nanoseconds since 1970; a row number is not a date.
    if pd.api.types.is_numeric_dtype(index.dtype):
        raise TypeError("Counts must be indexed by date to be aggregated, not by numbers.")
    try:
        dates = pd.DatetimeIndex(index)
    except (TypeError, ValueError) as error:
        raise TypeError("Counts must be indexed by date to be aggregated.") from error
    if dates.hasnans:
        raise TypeError("Counts must be indexed by date to be aggregated (missing date found).")
    return dates.tz_localize(None) if dates.tz is not None else dates


def _as_count(n: object) -> int:
    """One non-negative whole number as int, or ValueError."""
    if isinstance(n, bool | np.bool_) or not isinstance(n, numbers.Real):
        raise ValueError(f"A count must be a whole number, not {n!r}.")
    # Every Real in use (int, float, Fraction, Decimal, NumPy's) has __int__; numbers.Real's
    # stub does not promise it.
    if not math.isfinite(n) or n != int(cast(SupportsInt, n)) or n < 0:
        raise ValueError(f"A count must be a non-negative whole number, not {n!r}.")
    return int(cast(SupportsInt, n))


def _count_matrix(frame: pd.DataFrame) -> np.ndarray:
    """The frame as an int64 matrix, or ValueError if it is not all non-negative whole counts."""
    for dtype in frame.dtypes:
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise ValueError("Counts must be numeric (non-negative whole numbers).")
    if all(isinstance(dtype, np.dtype) and dtype.kind in "iu" for dtype in frame.dtypes):
        values = frame.to_numpy(dtype="int64")  # NumPy integers cannot be missing
    else:
        floats = frame.to_numpy(dtype="float64", na_value=np.nan)
        # why: a missing count is not a zero (the site may not have reported); refusing it
        # keeps the caller from accidentally showing "0" for "unknown".
        if np.isnan(floats).any():
            raise ValueError("Counts must not be missing; write 0 only where the count is zero.")
        if not np.isfinite(floats).all() or (floats != np.floor(floats)).any():
            raise ValueError("Counts must be whole numbers.")
        values = floats.astype("int64")
    if (values < 0).any():
        raise ValueError("Counts cannot be negative.")
    return values.reshape(frame.shape)


def _with_totals(cells: np.ndarray) -> np.ndarray:
    """Cells extended with a totals column, a totals row and the grand total (true sums)."""
    with_row_totals = np.column_stack([cells, cells.sum(axis=1)])
    return np.vstack([with_row_totals, with_row_totals.sum(axis=0)]).astype("int64")


def _append_label(labels: pd.Index) -> pd.Index:
    # Rebuilt from a list: appending "Total" to dates, categories or ints must not fail
    # (text labels stay text, mixed labels become object).
    return pd.Index([*labels, TOTAL], name=labels.name)

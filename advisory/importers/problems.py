"""What is wrong with a file: one `Problem` per finding, kept in a bounded `ProblemLog`.

why (issue 14): a hostile 300 MB file listed 5.4 million problems, one Python object each. The
log counts every problem but keeps only the first `MAX_LISTED` in row order, and callers hand
it whole columns of findings at once (numpy arrays), so a file full of mistakes costs about as
much to refuse as a good file costs to read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

MAX_LISTED = 1_000

# Problems in one row are listed in the order of the file's columns.
CANONICAL_ORDER = (
    "date",
    "site",
    "service",
    "gender",
    "visits",
    "period",
    "unique_clients",
    "new_clients",
)


@dataclass(frozen=True)
class Problem:
    """One problem: `row` as a spreadsheet numbers it (header = 1; None = the whole file)."""

    row: int | None
    column: str
    value: str
    reason: str


class FileProblem(Exception):
    """A reader cannot go on (bad encoding, ragged row, too many rows...): one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def whole_file(reason: str, value: str = "") -> Problem:
    return Problem(None, "", value, reason)


class ProblemLog:
    """Every problem counted; the first `limit` listed (whole-file ones first, then by row).

    `first` problems (about the whole file, found before the rows) come before the row
    problems; `last` ones (found after all rows, e.g. "rows already in the database") after.
    """

    def __init__(self, limit: int = MAX_LISTED, columns: tuple[str, ...] = CANONICAL_ORDER) -> None:
        self.limit = limit
        self._columns = {name: i for i, name in enumerate(columns)}
        self.count = 0
        self._first: list[Problem] = []
        self._rows: list[Problem] = []
        self._last: list[Problem] = []
        self._worst: tuple[int, int] | None = None  # rows after this cannot be listed any more

    def __bool__(self) -> bool:
        return self.count > 0

    def first(self, problem: Problem) -> None:
        self.count += 1
        self._first.append(problem)

    def last(self, problem: Problem) -> None:
        self.count += 1
        self._last.append(problem)

    def add(self, problems: list[Problem]) -> None:
        """Row problems in any order (a None row counts as a whole-file problem)."""
        for p in problems:
            if p.row is None:
                self.first(p)
                continue
            self.count += 1
            if self._worst is None or self._order(p) < self._worst:
                self._rows.append(p)
        self._trim()

    def add_rows(
        self,
        rows: np.ndarray,
        column: str,
        values: np.ndarray,
        reasons: np.ndarray | str | Callable[[int], str],
    ) -> None:
        """Problems of one column for many rows at once: `values` aligned with `rows`, and
        one reason, aligned reasons, or a function of the position (called only for the
        problems that can still be listed)."""
        n = len(rows)
        if n == 0:
            return
        self.count += n
        pick = np.arange(n)
        if self._worst is not None:
            pick = pick[rows <= self._worst[0]]
        if len(pick) > self.limit:
            # Only the `limit` earliest rows of this column can be among the first listed.
            pick = pick[np.argpartition(rows[pick], self.limit - 1)[: self.limit]]
        for i in pick.tolist():
            if isinstance(reasons, str):
                reason = reasons
            elif callable(reasons):
                reason = reasons(i)
            else:
                reason = str(reasons[i])
            self._rows.append(Problem(int(rows[i]), column, str(values[i]), reason))
        self._trim()

    def _order(self, problem: Problem) -> tuple[int, int]:
        return (problem.row or 0, self._columns.get(problem.column, 99))

    def _trim(self) -> None:
        if len(self._rows) <= 2 * self.limit:
            return
        self._rows.sort(key=self._order)
        del self._rows[self.limit :]
        self._worst = self._order(self._rows[-1])

    def listed(self) -> list[Problem]:
        rows = sorted(self._rows, key=self._order)
        return (self._first + rows + self._last)[: self.limit]

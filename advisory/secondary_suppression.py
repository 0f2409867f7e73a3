"""Secondary suppression: which further cells to hide so the small ones cannot be worked out.

The rules are stated in :mod:`advisory.privacy` (rules 2 and 3 of
:func:`advisory.privacy.suppress_small_counts`); this module is their algorithm, on a plain
matrix: the true counts extended with a totals row and column, and the mask of the entries
primary suppression hides. It knows nothing of k itself: what counts as small is
:func:`advisory.privacy.is_small`, passed in, so the threshold rule stays written once.
Deterministic: the same table always gives the same pattern.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import numpy as np

# (row, column) in the table extended with its totals row and column.
Position = tuple[int, int]
SmallRule = Callable[[int], bool]


def hidden_pattern(counts: np.ndarray, primary: np.ndarray, is_small: SmallRule) -> np.ndarray:
    """The hidden mask for a table extended with its totals (rules 2 and 3).

    ``counts`` holds the true counts with the totals row and column (the last ones);
    ``primary`` marks the entries hidden by rule 1 (every count 1..k-1); ``is_small`` is
    :func:`advisory.privacy.is_small` for the chosen k, used for sums of hidden cells.
    """
    hidden = primary.copy()
    while True:
        position = _complement_for_lines(counts, hidden, is_small)
        if position is None:
            position = _complement_for_pinned(counts, hidden, primary)
        if position is None:
            return hidden
        hidden[position] = True


def _lines(shape: tuple[int, int]) -> list[tuple[list[Position], Position]]:
    """Every line of the extended table as (cell positions, total position)."""
    n_rows, n_cols = shape
    rows = [([(i, j) for j in range(n_cols - 1)], (i, n_cols - 1)) for i in range(n_rows)]
    cols = [([(i, j) for i in range(n_rows - 1)], (n_rows - 1, j)) for j in range(n_cols)]
    return rows + cols


def _complement_for_lines(
    counts: np.ndarray, hidden: np.ndarray, is_small: SmallRule
) -> Position | None:
    """The entry to hide next under rule 2, or None when every line is safe."""
    for cells, total in _lines(counts.shape):
        hidden_cells = [p for p in cells if hidden[p]]
        n_hidden = len(hidden_cells) + int(hidden[total])
        hidden_sum = sum(int(counts[p]) for p in hidden_cells)
        single = n_hidden == 1
        small_sum = not hidden[total] and is_small(hidden_sum)
        if single or small_sum:
            return _cheapest(counts, hidden, cells, fallback=[total])
    return None


def _cheapest(
    counts: np.ndarray, hidden: np.ndarray, cells: list[Position], fallback: list[Position]
) -> Position:
    """Smallest shown non-zero entry among ``cells``, else among ``fallback`` (totals).

    Ties go to a cell whose crossing row/column already has a hidden entry (hiding it there
    is less likely to create a new line with a single hidden entry), then to the first.
    """
    for group in (cells, fallback):
        candidates = [p for p in group if not hidden[p] and counts[p] > 0]
        if candidates:
            return min(candidates, key=lambda p: (int(counts[p]), _opens_new_line(hidden, p), p))
    # Unreachable for true sums (a shown total above a hidden part implies a shown non-zero
    # part); kept loud so a broken invariant can never produce an unprotected table.
    raise RuntimeError("No entry left to hide; the table totals are inconsistent.")


def _opens_new_line(hidden: np.ndarray, position: Position) -> bool:
    """True when the row or the column through ``position`` has no hidden entry yet.

    Hiding such an entry leaves that line with a single hidden entry, which rule 2 must then
    fix with yet another one.
    """
    i, j = position
    return not (hidden[i, :].any() and hidden[:, j].any())


def _complement_for_pinned(
    counts: np.ndarray, hidden: np.ndarray, primary: np.ndarray
) -> Position | None:
    """The entry to hide next under rule 3, or None when no hidden small count is pinned.

    why: signing the extended table (cells and grand total +, row and column totals -) makes
    every row and column add up to zero, so the reader's unknowns are a flow on a bipartite
    graph (nodes: rows and columns; edges: hidden entries). A hidden count can change while
    every line still adds up exactly when it lies on an alternating cycle of hidden entries;
    the reader knows each hidden count is at least 1 (zeros are never hidden), so an entry
    at 1 cannot be lowered. That gives a directed graph in which "count x can move by 1" is
    "there is a directed cycle through x". The constraint matrix is totally unimodular, so
    this is exact for whole numbers: no cycle means exactly one possible value.
    """
    arcs = _movement_arcs(counts, hidden)
    n_rows = counts.shape[0]
    # The hidden small counts are exactly the primary ones (zeros are never hidden).
    for i, j in np.argwhere(primary):
        entry = (int(i), int(j))
        row, col = entry[0], n_rows + entry[1]
        if _on_cycle(arcs, row, col, entry) or _on_cycle(arcs, col, row, entry):
            continue
        # Raising a cell (sign +) uses its row -> column arc, so the rest of the cycle runs
        # column -> row; for a row or column total (sign -) the other way round. A new hidden
        # entry (a count >= k, movable both ways) joining what the start reaches to what
        # reaches the goal closes such a cycle.
        start, goal = (row, col) if _is_margin(counts.shape, entry) else (col, row)
        reach = _reach(arcs, start, avoid=entry, forward=True)
        back = _reach(arcs, goal, avoid=entry, forward=False)
        return _closing_entry(counts, hidden, entry, reach, back)
    return None


def _movement_arcs(counts: np.ndarray, hidden: np.ndarray) -> dict[int, list[tuple[int, Position]]]:
    """Directed arcs (node -> [(next node, entry)]) along which a hidden entry can move by 1.

    Row -> column adds 1 to the signed entry, column -> row subtracts 1. For a cell or the
    grand total (sign +) adding is always possible and subtracting needs a count of 2 or
    more; for a row or column total (sign -) it is the other way round.
    """
    n_rows = counts.shape[0]
    arcs: dict[int, list[tuple[int, Position]]] = {}
    for i, j in np.argwhere(hidden):
        entry = (int(i), int(j))
        row, col = entry[0], n_rows + entry[1]
        is_margin = _is_margin(counts.shape, entry)
        can_lower = counts[entry] >= 2
        if not is_margin or can_lower:
            arcs.setdefault(row, []).append((col, entry))
        if is_margin or can_lower:
            arcs.setdefault(col, []).append((row, entry))
    return arcs


def _is_margin(shape: tuple[int, int], entry: Position) -> bool:
    """True for a row or column total (not the grand total, not a cell)."""
    return (entry[0] == shape[0] - 1) != (entry[1] == shape[1] - 1)


def _reach(
    arcs: dict[int, list[tuple[int, Position]]], start: int, *, avoid: Position, forward: bool
) -> set[int]:
    """Nodes reachable from ``start`` (or reaching it, if not ``forward``) without ``avoid``."""
    if not forward:
        reverse: dict[int, list[tuple[int, Position]]] = {}
        for node, outgoing in arcs.items():
            for target, entry in outgoing:
                reverse.setdefault(target, []).append((node, entry))
        arcs = reverse
    seen = {start}
    queue = deque([start])
    while queue:
        for target, entry in arcs.get(queue.popleft(), []):
            if entry != avoid and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _on_cycle(
    arcs: dict[int, list[tuple[int, Position]]], tail: int, head: int, entry: Position
) -> bool:
    """True when ``entry`` has the arc tail -> head and a path leads back head -> tail."""
    has_arc = (head, entry) in arcs.get(tail, [])
    return has_arc and tail in _reach(arcs, head, avoid=entry, forward=True)


def _closing_entry(
    counts: np.ndarray, hidden: np.ndarray, pinned: Position, reach: set[int], back: set[int]
) -> Position:
    """Cheapest shown entry whose hiding frees ``pinned``; fallbacks keep progress certain."""
    n_rows, n_cols = counts.shape
    shown = [
        (i, j)
        for i in range(n_rows)
        for j in range(n_cols)
        if not hidden[i, j] and counts[i, j] > 0
    ]

    def joins(p: Position) -> bool:
        row, col = p[0], n_rows + p[1]
        return (row in reach and col in back) or (col in reach and row in back)

    closing = [p for p in shown if joins(p)]
    same_lines = [p for p in shown if p[0] == pinned[0] or p[1] == pinned[1]]
    for group in (closing, same_lines, shown):
        cells = [p for p in group if p[0] < n_rows - 1 and p[1] < n_cols - 1]
        totals = [p for p in group if p not in cells]
        if group:
            return _cheapest(counts, hidden, cells, fallback=totals)
    raise RuntimeError("No entry left to hide; the table totals are inconsistent.")

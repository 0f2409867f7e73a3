"""Other adaptations at the same site: which get their own step, and what this one rests on.

Issue 9, item 2: every logged adaptation in force during the series gets its own in-force
indicator in the same model (1 from its start until it ends), so its effect is not counted as
this one's; one that starts or ends under 8 periods from this start can't be told apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from advisory.analysis.design import Window, keep_rows
from advisory.analysis.results import OtherChange
from advisory.analysis.series import Series, to_timestamp


@dataclass(frozen=True)
class Others:
    """Other adaptations in the series, and the windows that get their own step."""

    changes: list[OtherChange]
    windows: list[Window]  # one per modelled step, in the order of the step columns
    index_of: dict[int, int]  # change number -> step number


def other_adaptations(
    s: Series,
    starts: Sequence[date | str | pd.Timestamp],
    ends: Sequence[date | str | pd.Timestamp | None] | None,
    names: Sequence[str] | None,
) -> Others:
    """Each other adaptation in force during the series, with its own in-force indicator.

    One that was already in force when the series starts is part of the baseline until it
    ends (then its end is the change); one that starts after the series is left out.
    """
    if names is not None and len(names) != len(starts):
        raise ValueError("other_names must name each of the other_starts, in the same order.")
    if ends is not None and len(ends) != len(starts):
        raise ValueError("other_ends must give an end (or None) for each of the other_starts.")
    ends = list(ends) if ends is not None else [None] * len(starts)
    n = len(s.y)
    keep = keep_rows(s)
    changes: list[OtherChange] = []
    windows: list[Window] = []
    index_of: dict[int, int] = {}
    for i, (day, last_day) in enumerate(zip(starts, ends, strict=True)):
        start = to_timestamp(day, "start date of another adaptation")
        if start > s.index[-1]:
            continue
        first = 0 if start <= s.index[0] else int(s.index.searchsorted(start, side="left"))
        stop = None
        if last_day is not None:
            end = to_timestamp(last_day, "end date of another adaptation")
            if end < s.index[0]:
                continue  # over before the series starts
            after_end = int(s.index.searchsorted(end + pd.Timedelta(days=1), side="left"))
            stop = after_end if after_end < n else None
        if first == 0 and stop is None:
            continue  # in force all along: part of the baseline
        window: Window = (first, stop)
        active = np.zeros(n, dtype=bool)
        active[first : stop if stop is not None else n] = True
        kept = active[keep]
        own = (
            first != s.t0
            and stop != s.t0
            and kept.any()
            and not kept.all()
            and window not in windows
        )
        if own:
            index_of[len(changes)] = len(windows)
            windows.append(window)
        changes.append(
            OtherChange(
                name=names[i] if names is not None else "",
                start=start,
                periods_apart=first - s.t0,
                modelled=own,
                end=to_timestamp(last_day) if stop is not None else None,
                end_periods_apart=stop - s.t0 if stop is not None else None,
            )
        )
    return Others(changes, windows, index_of)


def effective_periods(s: Series, windows: Sequence[Window]) -> tuple[int, int]:
    """Open periods on each side in the same state of the other adaptations as at the start.

    With a separate step for each adaptation, this one's step rests only on the periods where
    the others are as they were just before it (before) and just after it (after): issue 9.
    """
    n = len(s.y)
    used = ~s.closed & ~s.phasing_in
    active = np.zeros((n, len(windows)), dtype=bool)
    for k, (first, stop) in enumerate(windows):
        active[first : stop if stop is not None else n, k] = True
    same_before = (active == active[s.t0 - 1]).all(axis=1)
    same_after = (active == active[s.t0]).all(axis=1)
    t = np.arange(n)
    return int((used & same_before & (t < s.t0)).sum()), int(
        (used & same_after & (t >= s.t0)).sum()
    )

"""The funder view's women's-visits chart: hidden counts are gaps, the axis ends at the data."""

from __future__ import annotations

import math

import pandas as pd

from advisory.reports.funder_charts import women_visits_figure
from advisory.services.shared_attendance import AttendanceTrend, protect_cells


def _trend(women: list[int], trans: list[int]) -> AttendanceTrend:
    index = pd.date_range("2025-01-01", periods=len(women), freq="MS", name="period_start")
    counts = pd.DataFrame({"woman": women, "trans_woman": trans, "man": [50] * len(women)},
                          index=index)  # fmt: skip
    return AttendanceTrend(
        site="Riverside", granularity="month", table=protect_cells(counts, 5, "month")
    )


def test_hidden_counts_are_gaps_and_the_x_axis_ends_at_the_last_month():
    figure = women_visits_figure(_trend([40, 3, 52, 61], [0, 2, 7, 1]))
    women, trans = figure.data
    assert [women.name, trans.name] == ["Women", "Trans women"]
    assert math.isnan(women.y[1]) and list(women.y[[0, 2, 3]]) == [40, 52, 61]
    assert trans.y[0] == 0 and math.isnan(trans.y[1]) and math.isnan(trans.y[3])
    start, end = figure.layout.xaxis.range
    assert pd.Timestamp(start) == pd.Timestamp("2025-01-01")
    assert pd.Timestamp(end) == pd.Timestamp("2025-04-01")
    assert figure.layout.height <= 300  # fits a phone's screen with the headline above it


def test_nothing_to_draw_gives_no_figure():
    assert women_visits_figure(_trend([2, 3], [1, 0])) is not None  # a zero is shown
    assert women_visits_figure(_trend([2, 3], [1, 4])) is None  # every count hidden

"""The progress panel's figures and the status badges, tested directly (AppTest cannot see
plotly charts)."""

from __future__ import annotations

from advisory.lifecycle import STATUSES
from advisory.services.recommendation_views import QuarterCount
from components import progress_charts, status_badge


def test_the_per_quarter_chart_has_raised_and_completed_bars_for_every_quarter():
    fig = progress_charts.per_quarter_figure(
        (
            QuarterCount("2025 Q1", 2, 1),
            QuarterCount("2025 Q2", 3, 0),
            QuarterCount("2025 Q3", 0, 2),
        )
    )
    raised, completed = fig.data
    assert (raised.name, completed.name) == ("Raised", "Completed")
    assert list(raised.x) == ["2025 Q1", "2025 Q2", "2025 Q3"]
    assert list(raised.y) == [2, 3, 0]
    assert list(completed.y) == [1, 0, 2]
    assert fig.layout.barmode == "group"
    assert fig.layout.title.text == "Recommendations raised and completed, per quarter"


def test_the_per_quarter_chart_of_nothing_is_empty_but_valid():
    fig = progress_charts.per_quarter_figure(())
    assert [list(t.x) for t in fig.data] == [[], []]


def test_the_status_chart_lists_statuses_in_lifecycle_order_in_words():
    counts = {s: 0 for s in STATUSES} | {"raised": 3, "verified": 6}
    fig = progress_charts.status_figure(counts)
    (bars,) = fig.data
    assert list(bars.y) == [
        "Raised",
        "Under review",
        "Accepted",
        "Partly accepted",
        "Declined",
        "Deferred",
        "In progress",
        "Done",
        "Verified by the group",
        "Reopened",
    ]
    assert list(bars.x) == [3, 0, 0, 0, 0, 0, 0, 0, 6, 0]


def test_badges_say_the_status_in_words_and_overdue_separately():
    assert status_badge.markdown("under_review") == (
        ":violet-badge[:material/hourglass_top: Under review]"
    )
    assert status_badge.markdown("in_progress", overdue=True, needs_funding=True) == (
        ":blue-badge[:material/construction: In progress] :red-badge[:material/alarm: Overdue] "
        ":orange-badge[:material/payments: Needs funding]"
    )
    assert set(status_badge.COLOURS) == set(STATUSES) == set(status_badge.ICONS)

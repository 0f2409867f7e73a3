"""Plotly figures for the recommendations progress panel (tested directly).

Labels are fixed words (quarters, statuses), never user text, so nothing needs escaping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from advisory.i18n import _
from advisory.lifecycle import STATUS_LABELS, STATUSES
from advisory.services.recommendation_views import QuarterCount
from components import figure_memo

RAISED = "#6a1b9a"
COMPLETED = "#2e7d32"
STATUS_BAR = "#5c6bc0"


@figure_memo.remembered
def per_quarter_figure(per_quarter: Sequence[QuarterCount]) -> go.Figure:
    """Grouped bars: recommendations raised and completed (marked done) in each quarter."""
    quarters = [q.quarter for q in per_quarter]
    fig = go.Figure(
        [
            go.Bar(
                name=_("Raised"),
                x=quarters,
                y=[q.raised for q in per_quarter],
                marker_color=RAISED,
                hovertemplate=_("%{x}: %{y} raised<extra></extra>"),
            ),
            go.Bar(
                name=_("Completed"),
                x=quarters,
                y=[q.completed for q in per_quarter],
                marker_color=COMPLETED,
                hovertemplate=_("%{x}: %{y} completed<extra></extra>"),
            ),
        ]
    )
    fig.update_layout(
        title=_("Recommendations raised and completed, per quarter"),
        barmode="group",
        xaxis_title=_("Quarter"),
        yaxis_title=_("Recommendations"),
        yaxis={"rangemode": "tozero", "dtick": 1},
        legend={"orientation": "h", "y": -0.25},
        margin={"l": 40, "r": 10, "t": 50, "b": 40},
        height=360,
    )
    return fig


@figure_memo.remembered
def status_figure(counts: Mapping[str, int]) -> go.Figure:
    """Horizontal bars: how many recommendations are in each status, in lifecycle order."""
    statuses = [s for s in STATUSES if s in counts]
    labels = [_(STATUS_LABELS[s]) for s in statuses]
    values = [int(counts[s]) for s in statuses]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=STATUS_BAR,
            text=values,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_layout(
        title=_("Where the recommendations stand"),
        xaxis_title=_("Recommendations"),
        yaxis={"autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        height=360,
    )
    return fig

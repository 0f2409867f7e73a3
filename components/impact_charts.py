"""Plotly figures for the impact page (built from analysis results; tested directly).

Following "Creating effective interrupted time series graphs" (Res Synth Methods 2021): each
period an unjoined point, the start date a labelled vertical line, the pattern lines before and
after in bold, the line expected from the earlier pattern dashed with its band (not "without the
change": that states a counterfactual as fact), other adaptations at the same site marked,
periods left out of the estimate (closed, phase-in) drawn hollow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from advisory.analysis import ITSResult
from advisory.analysis.relation_words import PATTERN_AFTER, PATTERN_BEFORE
from advisory.i18n import _
from components import figure_memo

OBSERVED = "#6a1b9a"
FITTED = "#2e1a47"
EXPECTED = "#9e9e9e"
OTHER = "#ef6c00"


def _escape(text: str) -> str:
    # Plotly renders a subset of HTML in labels: user text must not carry markup.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@figure_memo.remembered
def its_figure(
    result: ITSResult,
    *,
    title: str,
    start_label: str,
    others: Sequence[tuple[dt.date, str]] = (),
    y_label: str | None = None,
) -> go.Figure:
    frame = result.frame
    post = frame["post"].astype(bool)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=frame.index[post],
            y=frame["counterfactual_upper"][post],
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=frame.index[post],
            y=frame["counterfactual_lower"][post],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(158,158,158,0.25)",
            name=_("likely range of what was expected"),
            hoverinfo="skip",
        )
    )
    left_out = frame.get("closed", False) | frame.get("phase_in", False)
    left_out = pd.Series(left_out, index=frame.index).astype(bool)
    fig.add_trace(
        go.Scatter(
            x=frame.index[~left_out],
            y=frame["observed"][~left_out],
            mode="markers",
            name=_("observed"),
            marker={"color": OBSERVED, "size": 5, "opacity": 0.7},
        )
    )
    if left_out.any():
        fig.add_trace(
            go.Scatter(
                x=frame.index[left_out],
                y=frame["observed"][left_out],
                mode="markers",
                name=_("left out (closed or phase-in)"),
                marker={"color": OBSERVED, "size": 6, "symbol": "circle-open"},
            )
        )
    # why (issue 13, item 4): plain "pattern before / after", not "fitted before / after".
    for part, name in ((~post, _(PATTERN_BEFORE)), (post, _(PATTERN_AFTER))):
        fig.add_trace(
            go.Scatter(
                x=frame.index[part],
                y=frame["fitted"][part],
                mode="lines",
                name=name,
                line={"color": FITTED, "width": 3},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=frame.index[post],
            y=frame["counterfactual"][post],
            mode="lines",
            # The legend's lower-case form of EXPECTED_LABEL.
            name=_("expected from the earlier pattern"),
            line={"color": EXPECTED, "width": 2, "dash": "dash"},
        )
    )
    start = pd.Timestamp(result.intervention)
    fig.add_vline(x=start, line={"color": FITTED, "width": 1})
    fig.add_annotation(
        x=start,
        y=1,
        yref="paper",
        text=_escape(start_label),
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        font={"size": 12},
    )
    for day, name in others:
        fig.add_vline(x=pd.Timestamp(day), line={"color": OTHER, "width": 1, "dash": "dot"})
        fig.add_annotation(
            x=pd.Timestamp(day),
            y=0.92,
            yref="paper",
            text=_escape(name),
            showarrow=False,
            xanchor="left",
            font={"size": 11, "color": OTHER},
        )
    fig.update_layout(
        title=_escape(title),
        yaxis_title=_escape(_("visits") if y_label is None else y_label),
        margin={"l": 10, "r": 10, "t": 60},
        legend={"orientation": "h", "y": -0.15},
        height=420,
    )
    return fig


@figure_memo.remembered
def parallel_figure(pre: pd.DataFrame, *, title: str) -> go.Figure:
    """Both sites' series before the start, to judge whether they ran parallel."""
    fig = go.Figure()
    for column in pre.columns:
        fig.add_trace(
            go.Scatter(
                x=pre.index,
                y=pre[column],
                mode="lines+markers",
                name=_escape(str(column)),
                marker={"size": 4},
            )
        )
    fig.update_layout(
        title=_escape(title),
        yaxis_title=_("women's visits"),
        height=320,
        margin={"l": 10, "r": 10, "t": 50},
        legend={"orientation": "h"},
    )
    return fig


@figure_memo.remembered
def share_figure(share: pd.Series, *, start: dt.date) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            x=share.index,
            y=share * 100,
            mode="markers",
            marker={"color": OBSERVED, "size": 4},
            name=_("women's share"),
        )
    )
    fig.add_vline(x=pd.Timestamp(start), line={"color": FITTED, "width": 1})
    fig.update_layout(
        title=_("Women's share of all visits (context only)"),
        height=280,
        yaxis_title=_("Share of visits (%)"),
        margin={"l": 10, "r": 10, "t": 50},
    )
    return fig

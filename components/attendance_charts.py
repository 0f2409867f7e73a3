"""Plotly figures for the attendance page (built from service results; tested directly).

No Streamlit here: the page draws the figures. User text (site and adaptation names) is
escaped, because plotly renders a subset of HTML in labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from advisory.i18n import N_, _, format_number, format_percent
from advisory.services.attendance import GENDER_LABELS
from components import figure_memo

# One colour per gender group, readable by people with the common colour-vision deficiencies.
GENDER_COLOURS = {
    "woman": "#6a1b9a",
    "trans_woman": "#d81b60",
    "man": "#1e88e5",
    "trans_man": "#00897b",
    "non_binary": "#f9a825",
    "not_recorded": "#9e9e9e",
}
ADAPTATION_COLOUR = "#ef6c00"
Y_TITLES = {
    "week": N_("visits per week"),
    "month": N_("visits per month"),
    "day": N_("visits per day"),
}


def escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Adaptation labels (a number in a box, about 20 px wide) closer than this share of the
# chart's width go on separate rows: 8% is about 26 px on a phone's 330 px wide plot.
LABEL_GAP = 0.08
LABEL_ROW_HEIGHT = 0.09  # in paper units (the plot area's height is 1)


@dataclass(frozen=True)
class AdaptationMark:
    """An adaptation drawn on a trend chart: its number on the chart, name and start."""

    number: int
    name: str
    start: dt.date
    row: int  # 0 = just above the plot; labels close to each other are stacked


def adaptation_marks(
    adaptations: Sequence[tuple[dt.date, str]], first: pd.Timestamp, last: pd.Timestamp
) -> list[AdaptationMark]:
    """The adaptations that start within [first, last], numbered by date, each on the lowest
    row where its label does not touch the one before it."""
    inside = sorted((d, n) for d, n in adaptations if first <= pd.Timestamp(d) <= last)
    span = max((last - first).days, 1)
    rows_end: list[float] = []  # per row, where the last label on it sits (0-1 of the width)
    marks = []
    for number, (start, name) in enumerate(inside, start=1):
        where = (pd.Timestamp(start) - first).days / span
        row = next((i for i, end in enumerate(rows_end) if where - end >= LABEL_GAP), None)
        if row is None:
            rows_end.append(where)
            row = len(rows_end) - 1
        rows_end[row] = where
        marks.append(AdaptationMark(number, str(name), start, row))
    return marks


@figure_memo.remembered
def trend_figure(
    frame: pd.DataFrame,
    *,
    title: str,
    freq: str = "week",
    adaptations: Sequence[tuple[dt.date, str]] = (),
) -> go.Figure:
    """Visits per period, one line per gender group column of `frame`.

    `frame`: index = period starts, columns = gender groups (as from
    `attendance.series_by_gender`). Each adaptation is a dotted vertical line at its start date
    with its number above the plot (names are listed under the chart: `adaptation_marks`).

    why (issue 13): names written on the chart ran into each other on a phone, and plotly
    stretched the date axis to fit them (two years past the data); numbers are short, stacked
    when close, and the axis is fixed to the data's first and last period.
    """
    # Built as one dict and validated once: plotly's add_trace/add_vline calls cost more than
    # the attendance queries did (issue 13: the page's time beside a one-line page).
    traces = [
        {
            "type": "scatter",
            "x": frame.index,
            "y": frame[group].to_numpy(),
            "mode": "lines",
            "name": _(GENDER_LABELS[str(group)]) if str(group) in GENDER_LABELS else escape(group),
            "line": {"color": GENDER_COLOURS.get(str(group), "#455a64"), "width": 2},
            "hovertemplate": _("%{x|%d %b %Y}: %{y} visits<extra>%{fullData.name}</extra>"),
        }
        for group in frame.columns
    ]
    shapes, notes, rows = [], [], 0
    xaxis: dict[str, object] = {"title": {"text": None}}
    if len(frame.index):
        first, last = frame.index.min(), frame.index.max()
        for mark in adaptation_marks(adaptations, first, last):
            when = pd.Timestamp(mark.start)
            shapes.append(
                {
                    "type": "line",
                    "x0": when,
                    "x1": when,
                    "xref": "x",
                    "y0": 0,
                    "y1": 1,
                    "yref": "y domain",
                    "line": {"color": ADAPTATION_COLOUR, "dash": "dot", "width": 2},
                }
            )
            notes.append(
                {
                    "x": when,
                    "y": 1 + mark.row * LABEL_ROW_HEIGHT,
                    "yref": "paper",
                    "text": f"<b>{mark.number}</b>",
                    "hovertext": escape(mark.name),
                    "showarrow": False,
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "font": {"color": ADAPTATION_COLOUR},
                    "bgcolor": "white",
                    "bordercolor": ADAPTATION_COLOUR,
                    "borderpad": 2,
                }
            )
            rows = max(rows, mark.row + 1)
        xaxis.update(range=[first, last], autorange=False)
    layout = {
        "title": {"text": escape(title)},
        "xaxis": xaxis,
        "yaxis": {
            "title": {
                "text": _(Y_TITLES[freq])
                if freq in Y_TITLES
                else _("visits per {period}").format(period=freq)
            },
            "rangemode": "tozero",
        },
        "legend": {"orientation": "h", "y": -0.15},
        "margin": {"l": 10, "r": 10, "t": 60 + 24 * rows, "b": 10},
        "hovermode": "x unified",
        "shapes": shapes,
        "annotations": notes,
    }
    return go.Figure({"data": traces, "layout": layout})


@figure_memo.remembered
def gender_share_figure(totals: pd.Series, *, title: str) -> go.Figure:
    """Horizontal bars: each gender group's share of visits (totals indexed by group)."""
    total = float(totals.sum()) or 1.0
    groups = [g for g in totals.index if g in GENDER_LABELS]
    fig = go.Figure(
        go.Bar(
            y=[_(GENDER_LABELS[g]) for g in groups],
            x=[totals[g] / total * 100 for g in groups],
            orientation="h",
            marker={"color": [GENDER_COLOURS[g] for g in groups]},
            text=[
                _("{share} ({visits})").format(
                    share=format_percent(totals[g] / total, decimals=1),
                    visits=format_number(int(totals[g])),
                )
                for g in groups
            ],
            textposition="auto",
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        title=escape(title),
        xaxis_title=_("Share of visits (%)"),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    fig.update_yaxes(autorange="reversed")
    return fig


@figure_memo.remembered
def completeness_figure(share: pd.DataFrame) -> go.Figure:
    """Heat map: share of visits with gender not recorded, per site (rows) and month.

    `share`: columns site, period_start, share (from
    `attendance_completeness.not_recorded_share`).
    """
    # One row per site and month (grouped in SQL): a plain unstack, not pivot_table.
    wide = share.groupby(["site", "period_start"])["share"].sum(min_count=1).unstack()
    fig = go.Figure(
        go.Heatmap(
            z=(wide.to_numpy() * 100).round(1),
            x=list(wide.columns),
            y=[escape(s) for s in wide.index],
            colorscale=[[0, "#f3e5f5"], [0.5, "#ab47bc"], [1, "#4a148c"]],
            zmin=0,
            zmax=max(20.0, float((wide.to_numpy() * 100).max()) if wide.size else 20.0),
            colorbar={"title": _("% not recorded")},
            hovertemplate=_("%{y}, %{x|%b %Y}: %{z}% not recorded<extra></extra>"),
        )
    )
    fig.update_layout(
        title=_("Gender not recorded, share of visits per month"),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=140 + 40 * max(len(wide.index), 1),
    )
    return fig

"""Plotly figures for the funder view (tested directly: AppTest cannot see plotly charts).

Built once per link and data version with the rest of the view (:mod:`advisory.reports.
funder_view`): at fourteen sites, making the figures took 0.7 s of every run. Labels are fixed
words; the hover label goes through ``html.escape`` (plotly reads a few tags).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from advisory.i18n import N_, _
from advisory.services.shared_attendance import AttendanceTrend

#: Column names of the shared table (English keys), translated where shown: ``_(name)``.
WOMEN_SERIES: tuple[tuple[str, str], ...] = (
    (N_("Women"), "#6a1b9a"),
    (N_("Trans women"), "#00897b"),
)


def women_visits_figure(trend: AttendanceTrend) -> go.Figure | None:
    """Visits by women and trans women per month (or quarter) at one site, hidden counts as
    gaps; None when there is nothing to draw. Sized for a 390 px phone: legend above, few
    ticks, the x axis ending at the data."""
    numbers = trend.table.numbers
    series = [(name, colour) for name, colour in WOMEN_SERIES if name in numbers.columns]
    if numbers.empty or not series or numbers[[n for n, _c in series]].isna().all().all():
        return None
    x = pd.DatetimeIndex(numbers.index)
    if trend.granularity == "week":
        title = _("Visits per week")
    elif trend.granularity == "month":
        title = _("Visits per month")
    else:
        title = _("Visits per quarter")
    fig = go.Figure(
        [
            go.Scatter(
                x=x,
                y=numbers[name],
                name=_(name),
                mode="lines+markers" if len(x) <= 24 else "lines",
                line={"color": colour, "width": 2},
                marker={"size": 5},
                connectgaps=False,
                hovertemplate="%{x|%b %Y}: %{y:,}<extra>" + html.escape(_(name)) + "</extra>",
            )
            for name, colour in series
        ]
    )
    fig.update_layout(
        title={"text": title, "font": {"size": 14}},
        legend={"orientation": "h", "x": 0, "y": 1.12, "font": {"size": 12}},
        margin={"l": 36, "r": 8, "t": 56, "b": 28},
        height=260,
        xaxis={"range": [x.min(), x.max()], "nticks": 5, "tickformat": "%b %Y"},
        yaxis={"rangemode": "tozero", "nticks": 5},
        hovermode="x unified",
        dragmode=False,
    )
    return fig

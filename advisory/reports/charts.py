"""Charts as inline SVG: no script, no external asset, every label escaped.

Used by the printable report (inside the HTML) and by the funder view (through ``st.image``,
which has no data table, search box or "copy spec" button, unlike Streamlit's own charts).
"""

from __future__ import annotations

import html
import math

from advisory import i18n
from advisory.i18n import N_, _
from advisory.services.shared_attendance import AttendanceTrend

#: Column names of the shared table (English keys), translated where shown: ``_(name)``.
SERIES: tuple[tuple[str, str], ...] = (
    (N_("Women"), "#6a1b9a"),
    (N_("Trans women"), "#00897b"),
    (N_("Men"), "#757575"),
)
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 220, 48, 12, 26, 30


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def trend_svg(trend: AttendanceTrend) -> str:
    """A line chart of visits by women, trans women and men per period; hidden counts are gaps.

    Returns "" when there is nothing to draw. The y axis is labelled with the largest shown
    count only (never a hidden one).
    """
    numbers = trend.table.numbers
    series = [(name, colour) for name, colour in SERIES if name in numbers.columns]
    if numbers.empty or not series:
        return ""
    values = numbers[[name for name, _colour in series]]
    shown = values.to_numpy(dtype="float64")
    positive = shown[~(shown != shown)]  # drop NaN (hidden)
    peak = float(positive.max()) if positive.size and positive.max() > 0 else 0.0
    scale = peak if peak > 0 else 1.0
    step = (WIDTH - LEFT - RIGHT) / max(len(numbers) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return LEFT + i * step, TOP + (HEIGHT - TOP - BOTTOM) * (1 - v / scale)

    marks: list[str] = []
    for name, colour in series:
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(values[name].tolist()):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                segments.append([])
            else:
                segments[-1].append(point(i, float(v)))
        for seg in (s for s in segments if s):
            if len(seg) == 1:
                x, y = seg[0]
                marks.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>')
            else:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
                marks.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{pts}"/>'
                )
    labels = trend.table.display.index
    base = HEIGHT - BOTTOM
    axis = [
        f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="#999"/>',
        f'<text x="{LEFT - 4}" y="{base}" font-size="10" text-anchor="end">0</text>',
        f'<text x="{LEFT}" y="{base + 14}" font-size="10">{_e(labels[0])}</text>',
        f'<text x="{WIDTH - RIGHT}" y="{base + 14}" font-size="10" text-anchor="end">'
        f"{_e(labels[-1])}</text>",
    ]
    if peak > 0:
        axis.append(
            f'<line x1="{LEFT}" y1="{TOP}" x2="{WIDTH - RIGHT}" y2="{TOP}" stroke="#eee"/>'
            f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="10" text-anchor="end">'
            f"{_e(i18n.format_number(round(peak)))}</text>"
        )
    legend = "".join(
        f'<rect x="{LEFT + 120 * j}" y="6" width="10" height="10" fill="{colour}"/>'
        f'<text x="{LEFT + 120 * j + 14}" y="15" font-size="11">{_e(_(name))}</text>'
        for j, (name, colour) in enumerate(series)
    )
    if trend.granularity == "week":
        title = _("Visits per week at {site}: women, trans women and men")
    elif trend.granularity == "month":
        title = _("Visits per month at {site}: women, trans women and men")
    else:
        title = _("Visits per quarter at {site}: women, trans women and men")
    title = title.format(site=trend.site)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif">'
        f"<title>{_e(title)}</title>{''.join(axis)}{''.join(marks)}{legend}</svg>"
    )

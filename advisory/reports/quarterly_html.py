"""The quarterly report drawn as one self-contained, printable HTML document.

The HTML needs nothing from outside: inline CSS with print rules, charts as inline SVG, and a
Content-Security-Policy that forbids loading anything. Every piece of data is escaped with
``html.escape``. What goes in it is gathered by :func:`advisory.reports.quarterly.build`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from sqlalchemy.orm import Session

from advisory import i18n
from advisory.db import reads
from advisory.i18n import _, ngettext
from advisory.periods import Quarter
from advisory.reports import charts
from advisory.reports.quarterly import TREND_QUARTERS, QuarterlyReport, ReportScope, build
from advisory.reports.working_with_services_html import section_html
from advisory.services.shared_attendance import ALL_VISITS, AttendanceTrend
from advisory.services.shared_output import ProtectedTable, day_text


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


_CSS = """
:root { --accent: #6a1b9a; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #111; margin: 2rem auto; max-width: 62rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--accent); padding-bottom: 0.2rem;
  margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
.banner { border: 2px solid var(--accent); padding: 0.5rem 0.8rem; margin: 1rem 0; }
.meta { color: #333; font-size: 0.9rem; margin: 0.1rem 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
  gap: 0.5rem; margin: 1rem 0; }
.figure { border: 1px solid #bbb; padding: 0.5rem; }
.figure .v { display: block; font-size: 1.6rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; font-size: 0.88rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #f3eef6; }
td.n, td.pct, th.r { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.note { color: #333; font-size: 0.85rem; }
.minutes { white-space: pre-wrap; }
svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  table, .chart, .figure, .impact { page-break-inside: avoid; break-inside: avoid; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  th { background: none; }
}
"""


def _table(headers: Sequence[str], rows: Sequence[Sequence[tuple[str, str]]]) -> str:
    """rows: cells as (css class, text). Text is escaped here."""
    head = "".join(
        f'<th class="{cls}">{_e(h)}</th>'.replace(' class=""', "")
        for h, cls in zip(headers, _header_classes(rows, len(headers)), strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{cls}">{_e(text)}</td>' if cls else f"<td>{_e(text)}</td>"
            for cls, text in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _header_classes(rows: Sequence[Sequence[tuple[str, str]]], n: int) -> list[str]:
    if not rows:
        return [""] * n
    # Right-aligned headings over numbers; not "n", which marks a count and nothing else.
    return ["r" if cls in ("n", "pct") else "" for cls, _text in rows[0]]


def _protected_rows(table: ProtectedTable) -> list[list[tuple[str, str]]]:
    rows = []
    for label, values in table.display.iterrows():
        cells = [("", str(label))]
        for column, text in values.items():
            cells.append(("pct" if str(column).endswith("%") or "%" in str(column) else "n", text))
        rows.append(cells)
    return rows


def _chart(trend: AttendanceTrend) -> str:
    svg = charts.trend_svg(trend)
    return f'<div class="chart">{svg}</div>' if svg else ""


def render_html(report: QuarterlyReport) -> str:
    """The report as one self-contained HTML document (escaped; prints cleanly)."""
    title = _("{organisation}: quarterly report, {quarter}").format(
        organisation=report.organisation, quarter=report.quarter.display
    )
    parts = _heading(report, title)
    if report.figures:
        parts.append(f'<h2>{_e(_("The quarter in numbers"))}</h2><div class="figures">')
        for label, value in report.figures:
            parts.append(f'<div class="figure"><span class="v">{_e(value)}</span>{_e(label)}</div>')
        parts.append("</div>")
    if "recommendations" in report.sections:
        parts.extend(_meetings(report))
        parts.extend(_recommendations(report))
    if "impact" in report.sections:
        parts.extend(_adaptations(report))
    if "attendance" in report.sections:
        parts.extend(_attendance(report))
    if report.work is not None:
        parts.append(section_html(report.work))
    body = "\n".join(parts)
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(i18n.active())}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def _heading(report: QuarterlyReport, title: str) -> list[str]:
    parts = [f"<h1>{_e(title)}</h1>", f'<p class="meta">{_e(report.quarter.months)}</p>']
    for line in report.covers:
        parts.append(f'<p class="meta">{_e(line)}</p>')
    prepared = _prepared(report.version).format(day=day_text(report.generated_on))
    parts.append(f'<p class="meta">{_e(prepared)}</p>')
    for note in report.notes:
        parts.append(f'<div class="banner">{_e(note)}</div>')
    return parts


def _meetings(report: QuarterlyReport) -> list[str]:
    """Internal version only (a shareable report carries no meetings)."""
    if not report.meetings:
        return []
    parts = [f"<h2>{_e(_('Meetings'))}</h2>"]
    headers = [
        _("Members present"),
        _("Guests"),
        _("Women consulted"),
        _("How women were consulted"),
    ]
    for m in report.meetings:
        parts.append(f"<h3>{_e(day_text(m.held_on))} ({_e(m.format)})</h3>")
        cells = [
            ("", m.present or _("not recorded")),
            ("n", i18n.format_number(m.guests)),
            ("n", i18n.format_number(m.women_consulted)),
            ("", m.methods),
        ]
        parts.append(_table(headers, [cells]))
        if m.decisions:
            parts.append(
                f"<p><strong>{_e(_('Decisions.'))}</strong></p>"
                f'<p class="minutes">{_e(m.decisions)}</p>'
            )
        if m.minutes:
            parts.append(
                f'<p><strong>{_e(_("Minutes."))}</strong></p><p class="minutes">{_e(m.minutes)}</p>'
            )
    return parts


def _recommendations(report: QuarterlyReport) -> list[str]:
    parts = [f"<h2>{_e(_('Recommendations'))}</h2>"]
    if not report.recommendations:
        parts.append(f"<p>{_e(_('Nothing happened to any recommendation this quarter.'))}</p>")
        return parts
    headers = [
        _("Recommendation"),
        _("Category"),
        _("Status"),
        _("Raised"),
        _("Responded"),
        _("Done"),
        _("Verified"),
    ]
    if not report.shareable:
        headers.append(_("Owner"))
    rows = []
    for r in report.recommendations:
        row = [
            ("", r.title),
            ("", r.category),
            ("", r.status),
            ("", day_text(r.raised_on)),
            ("", day_text(r.responded_on)),
            ("", day_text(r.done_on)),
            ("", day_text(r.verified_on)),
        ]
        if not report.shareable:
            row.append(("", r.owner or ""))
        rows.append(row)
    parts.append(_table(headers, rows))
    return parts


def _adaptations(report: QuarterlyReport) -> list[str]:
    parts = [f"<h2>{_e(_('Adaptations in place'))}</h2>"]
    if report.adaptations:
        headers = [_("Adaptation"), _("Kind"), _("Site"), _("Started"), _("Ended")]
        if not report.shareable:
            headers.append(_("When"))
        rows = []
        for a in report.adaptations:
            row = [
                ("", a.name),
                ("", a.kind),
                ("", a.site),
                ("", day_text(a.started_on)),
                ("", day_text(a.ended_on) or _("still in place")),
            ]
            if not report.shareable:
                row.append(("", a.schedule))
            rows.append(row)
        parts.append(_table(headers, rows))
    else:
        parts.append(f"<p>{_e(_('No adaptation was in place this quarter.'))}</p>")
    if report.impact:
        parts.append(f"<h2>{_e(_('Impact of adaptations'))}</h2>")
        for item in report.impact:
            parts.append(
                f'<div class="impact"><h3>{_e(item.adaptation)} ({_e(item.site)})</h3>'
                f"<p>{_e(item.text)}</p></div>"
            )
    return parts


def _attendance(report: QuarterlyReport) -> list[str]:
    parts = [f"<h2>{_e(_('Attendance by gender'))}</h2>"]
    if not report.attendance:
        parts.append(f"<p>{_e(_('No attendance records for this period.'))}</p>")
    for trend in report.attendance:
        parts.append(f"<h3>{_e(_trend_heading(trend))}</h3>")
        parts.append(_chart(trend))
        headers = [_period_header(trend.granularity), *map(str, trend.table.display.columns)]
        parts.append(_table(headers, _protected_rows(trend.table)))
        if trend.table.note:
            parts.append(f'<p class="note">{_e(trend.table.note)}</p>')
    if report.attendance and not report.shareable:
        note = _(
            '"{all_visits}" counts every gender group, including visits where gender was not '
            "recorded."
        ).format(all_visits=ALL_VISITS)
        parts.append(f'<p class="note">{_e(note)}</p>')
    return parts


def _prepared(version: str) -> str:
    """ "Prepared on {day} (internal version)." as one whole sentence per version, so that
    translators need not fit a bare word into someone else's sentence."""
    if version == "internal":
        return _("Prepared on {day} (internal version).")
    if version == "shareable":
        return _("Prepared on {day} (shareable version).")
    plain_version = version.replace("{", "{{").replace("}", "}}")
    return _("Prepared on {day} ({version} version).").replace("{version}", plain_version)


def _period_header(granularity: str) -> str:
    """The first column's heading: "Week", "Month" or "Quarter"."""
    words = {"week": _("Week"), "month": _("Month"), "quarter": _("Quarter")}
    return words.get(granularity, granularity.capitalize())


def _trend_heading(trend: AttendanceTrend) -> str:
    """ "Site A: visits per month, the last 4 quarters" as one whole sentence."""
    if trend.granularity == "week":
        text = ngettext(
            "{site}: visits per week, the last {n} quarter",
            "{site}: visits per week, the last {n} quarters",
            TREND_QUARTERS,
        )
    elif trend.granularity == "month":
        text = ngettext(
            "{site}: visits per month, the last {n} quarter",
            "{site}: visits per month, the last {n} quarters",
            TREND_QUARTERS,
        )
    else:
        text = ngettext(
            "{site}: visits per quarter, the last {n} quarter",
            "{site}: visits per quarter, the last {n} quarters",
            TREND_QUARTERS,
        )
    return text.format(site=trend.site, n=i18n.format_number(TREND_QUARTERS))


@reads
def report_html(
    session: Session,
    *,
    quarter: Quarter,
    shareable: bool,
    scope: ReportScope | None = None,
    today: dt.date | None = None,
) -> tuple[str, bytes]:
    """(file name, HTML bytes) of one report: what a download button needs."""
    report = build(session, quarter=quarter, shareable=shareable, scope=scope, today=today)
    return report.filename, render_html(report).encode("utf-8")

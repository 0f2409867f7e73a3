"""The top of one adaptation's impact: the one headline verdict, its figures and its chart.

The headline is the primary model's (women's visits against their own earlier pattern); the
sections below it (components/impact_sections.py) say how they relate to it (issue 13).
"""

from __future__ import annotations

import streamlit as st

from advisory.analysis.wording import (
    EXPECTED_LABEL,
    format_count,
    format_range,
    headline,
    its_summary,
)
from advisory.services.impact import ImpactReport
from components import impact_charts
from components.markdown_text import plain


def _figures(report: ImpactReport, k: int) -> None:
    primary = report.primary.result
    assert primary is not None
    c1, c2, c3 = st.columns(3)
    c1.metric("Visits since the change", format_count(primary.observed_after, k))
    c2.metric(EXPECTED_LABEL, format_count(primary.expected_after, k))
    c3.metric("Change", primary.verdict)
    rec = primary.recording
    if rec is not None and rec.shifted:
        st.caption(
            f"Change over the after period, counting the visits as recorded: "
            f"{format_range(primary.after_ratio_ci)}; sharing out the visits with no gender "
            f"recorded as before the change: {format_range(rec.adjusted_ratio_ci)}."
        )
    else:
        st.caption(f"Change over the after period: {format_range(primary.after_ratio_ci)}.")


def show(report: ImpactReport, *, k: int, key: str) -> None:
    """The adaptation's name and dates, the headline, its reasons, figures, chart, warnings."""
    info = report.adaptation
    st.header(info.name)
    st.write(
        f"{info.site_name} · started {info.start_on:%d %B %Y}"
        + (f" · ended {info.end_on:%d %B %Y}" if info.end_on else "")
    )
    primary = report.headline.result
    if primary is None:
        st.warning(f"No estimate for women's visits: {report.primary.reason}")
        return
    st.subheader("Women's visits (women and trans women)")
    st.markdown(f"**{plain(headline(primary))}**")
    for reason in primary.verdict_reasons:
        st.info(plain(reason))
    # The verdict and its reasons are shown above, so the paragraph leaves them out.
    st.markdown(plain(its_summary(primary, with_verdict=False)))
    if primary.likely_ranges:
        _figures(report, k)
    st.plotly_chart(
        impact_charts.its_figure(
            primary,
            title="Women's visits per " + report.freq,
            start_label=f"{info.name} starts",
            others=report.other_marks,
        ),
        width="stretch",
        key=f"{key}_primary_chart",
    )
    for warning in primary.warnings:
        st.warning(plain(warning))
